package org.townalliance.training;

import org.jooq.DSLContext;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.server.ServerWebExchange;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.printing.PrintFont;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** A certificate's PDF as a download: refused once revoked; rendered off the event loop. */
final class CertificateFiles {

    private CertificateFiles() {
    }

    /** {@code townName} signs the certificate when the alliance has not recorded its own name. */
    static Mono<ResponseEntity<byte[]>> pdf(DSLContext town, String townName, Certificates.Certificate certificate, ServerWebExchange exchange,
                                            PrintFont font) {
        if (!certificate.valid()) {
            return Mono.error(ProblemException.conflict("certificate-revoked", "This certificate was revoked; it is not issued as a file."));
        }
        var verification = verificationUrl(exchange, certificate.code());
        return AllianceDirectory.allianceName(town).filter(name -> !name.isBlank()).defaultIfEmpty(townName)
                .flatMap(alliance -> Mono.fromCallable(() -> CertificatePdf.render(certificate, alliance, verification, font.get()))
                        .subscribeOn(Schedulers.boundedElastic()))
                .map(bytes -> ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                                .filename("certificate-" + certificate.code() + ".pdf").build().toString())
                        .body(bytes));
    }

    /** The public page that verifies a code, on the host the request came to (forwarded headers applied). */
    static String verificationUrl(ServerWebExchange exchange, String code) {
        return exchange.getRequest().getURI().resolve("/verify/" + code).toString();
    }
}
