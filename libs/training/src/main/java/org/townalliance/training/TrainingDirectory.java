package org.townalliance.training;

import org.jooq.DSLContext;
import org.townalliance.db.Reactive;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.TRAINING_CERTIFICATE;
import static org.townalliance.db.jooq.town.Tables.TRAINING_ENROLMENT;

/** What other modules may know of a town's training: a certificate by its code (e.g. as Star Plan evidence). */
public final class TrainingDirectory {

    private TrainingDirectory() {
    }

    /** A certificate as issued, with the member organisation its holder was enrolled for and whether it still stands. */
    public record CertificateFact(String code, String holderName, UUID organisationId, String programmeTitle, String sessionName,
                                  BigDecimal hours, LocalDate issuedOn, boolean valid) {
    }

    /** The certificate issued in this town under that code; empty if none (or the text is not a code). */
    public static Mono<CertificateFact> certificate(DSLContext town, String code) {
        if (code == null || !code.strip().toUpperCase(java.util.Locale.ROOT).matches(Certificates.CODE_PATTERN)) {
            return Mono.empty();
        }
        return Reactive.one(town.select(TRAINING_CERTIFICATE.CODE, TRAINING_CERTIFICATE.HOLDER_NAME, TRAINING_ENROLMENT.ORGANISATION_ID,
                                TRAINING_CERTIFICATE.PROGRAMME_TITLE, TRAINING_CERTIFICATE.SESSION_NAME, TRAINING_CERTIFICATE.HOURS,
                                TRAINING_CERTIFICATE.ISSUED_ON, TRAINING_CERTIFICATE.REVOKED_AT)
                        .from(TRAINING_CERTIFICATE).join(TRAINING_ENROLMENT).on(TRAINING_ENROLMENT.ID.eq(TRAINING_CERTIFICATE.ENROLMENT_ID))
                        .where(TRAINING_CERTIFICATE.CODE.eq(code.strip().toUpperCase(java.util.Locale.ROOT))))
                .map(r -> new CertificateFact(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7(), r.value8() == null));
    }
}
