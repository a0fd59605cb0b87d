package org.townalliance.training;

import org.jooq.DSLContext;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.TrainingCertificateRecord;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.security.SecureRandom;
import java.time.LocalDate;
import java.time.OffsetDateTime;

import static org.townalliance.db.jooq.platform.Tables.TRAINING_CERTIFICATE_CODE;
import static org.townalliance.db.jooq.town.Tables.TRAINING_CERTIFICATE;

/**
 * Certificates: the words they were issued with, a verification code (12 random symbols of 31: 59 bits, so codes cannot be
 * guessed or enumerated) registered platform-wide with its town, and revocation (once; nothing else changes).
 */
final class Certificates {

    // Crockford-like: no 0/O, 1/I/L, so a code read off paper is typed right.
    private static final char[] ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String CODE_PATTERN = "^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$";

    private Certificates() {
    }

    record Certificate(String code, String status, String personId, String holderName, String organisationName, String certificateTitle,
                       String programmeTitle, String sessionName, LocalDate startsOn, LocalDate endsOn, BigDecimal hours, LocalDate issuedOn,
                       String issuedBy, OffsetDateTime revokedAt, String revocationReason) {

        boolean valid() {
            return revokedAt == null;
        }
    }

    static String newCode() {
        var code = new StringBuilder(14);
        for (int i = 0; i < 12; i++) {
            if (i > 0 && i % 4 == 0) {
                code.append('-');
            }
            code.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return code.toString();
    }

    /** Inside the completion's transaction: the certificate and its platform-wide code. */
    static Mono<String> issue(DSLContext tx, String slug, TrainingCertificateRecord values) {
        var code = newCode();
        values.setCode(code);
        return Reactive.run(tx.insertInto(TRAINING_CERTIFICATE).set(values))
                .then(Reactive.run(tx.insertInto(TRAINING_CERTIFICATE_CODE).set(TRAINING_CERTIFICATE_CODE.CODE, code)
                        .set(TRAINING_CERTIFICATE_CODE.TOWN, slug)))
                .thenReturn(code);
    }

    /** Which town issued a code, from the platform's register; empty if none did. */
    static Mono<String> townOf(DSLContext platform, String code) {
        return code == null || !code.matches(CODE_PATTERN) ? Mono.empty()
                : Reactive.one(platform.select(TRAINING_CERTIFICATE_CODE.TOWN).from(TRAINING_CERTIFICATE_CODE)
                        .where(TRAINING_CERTIFICATE_CODE.CODE.eq(code))).map(r -> r.value1());
    }

    static Mono<Certificate> find(DSLContext town, String code) {
        return Reactive.one(town.selectFrom(TRAINING_CERTIFICATE).where(TRAINING_CERTIFICATE.CODE.eq(code))).map(Certificates::view)
                .switchIfEmpty(Mono.error(Certificates::notFound));
    }

    static Flux<Certificate> ofPerson(DSLContext town, String personId) {
        return Flux.from(town.selectFrom(TRAINING_CERTIFICATE).where(TRAINING_CERTIFICATE.PERSON_ID.eq(personId))
                .orderBy(TRAINING_CERTIFICATE.ISSUED_ON.desc())).map(Certificates::view);
    }

    static Mono<Certificate> revoke(DSLContext town, String code, String reason, String actor) {
        return Reactive.one(town.update(TRAINING_CERTIFICATE).set(TRAINING_CERTIFICATE.REVOKED_AT, OffsetDateTime.now())
                        .set(TRAINING_CERTIFICATE.REVOKED_BY, actor).set(TRAINING_CERTIFICATE.REVOCATION_REASON, reason)
                        .where(TRAINING_CERTIFICATE.CODE.eq(code)).and(TRAINING_CERTIFICATE.REVOKED_AT.isNull()).returning())
                .map(Certificates::view)
                .switchIfEmpty(find(town, code).flatMap(c -> Mono.error(ProblemException.conflict("certificate-revoked",
                        "This certificate was already revoked."))));
    }

    static ProblemException notFound() {
        return ProblemException.notFound("certificate-not-found", "No certificate with this code.");
    }

    private static Certificate view(TrainingCertificateRecord c) {
        return new Certificate(c.getCode(), c.getRevokedAt() == null ? "VALID" : "REVOKED", c.getPersonId(), c.getHolderName(),
                c.getOrganisationName(), c.getCertificateTitle(), c.getProgrammeTitle(), c.getSessionName(), c.getStartsOn(), c.getEndsOn(),
                c.getHours(), c.getIssuedOn(), c.getIssuedBy(), c.getRevokedAt(), c.getRevocationReason());
    }
}
