package org.townalliance.residents;

import org.springframework.http.HttpStatus;
import org.townalliance.web.ProblemException;

final class ResidentProblems {

    private ResidentProblems() {
    }

    static ProblemException proofRequired() {
        return new ProblemException(HttpStatus.UNAUTHORIZED, "phone-proof-required", "Phone not verified",
                "Verify your phone with the code sent by SMS first (X-Phone-Proof); a proof lasts 30 minutes.");
    }

    static ProblemException unknownTracking() {
        return ProblemException.notFound("report-not-found", "No such report in this town; check the link from the SMS.");
    }
}
