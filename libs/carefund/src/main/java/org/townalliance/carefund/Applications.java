package org.townalliance.carefund;

import org.jooq.DSLContext;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.CareFundApplicationRecord;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.CARE_FUND_APPLICATION;

/**
 * Applications to the fund: submitted by an industry worker (a person of a member organisation), approved by
 * two different people of the secretariat (neither the applicant), or rejected; paid once, in the same
 * transaction as its disbursement journal, which locks the fund's cash account first.
 */
final class Applications {

    private Applications() {
    }

    record Application(UUID id, String applicantPersonId, String applicantName, UUID organisationId, BigDecimal amount, String reason,
                       String documentName, String status, String firstApprover, OffsetDateTime firstApprovedAt, String secondApprover,
                       OffsetDateTime secondApprovedAt, String decisionNote, String rejectedBy, UUID paidJournalId, OffsetDateTime createdAt) {
    }

    static Mono<UUID> submit(DSLContext town, String personId, String name, UUID organisationId, BigDecimal amount, String reason) {
        return Reactive.one(town.insertInto(CARE_FUND_APPLICATION).set(CARE_FUND_APPLICATION.APPLICANT_PERSON_ID, personId)
                .set(CARE_FUND_APPLICATION.APPLICANT_NAME, name).set(CARE_FUND_APPLICATION.ORGANISATION_ID, organisationId)
                .set(CARE_FUND_APPLICATION.AMOUNT, amount).set(CARE_FUND_APPLICATION.REASON, reason).set(CARE_FUND_APPLICATION.STATUS, "SUBMITTED")
                .returningResult(CARE_FUND_APPLICATION.ID)).map(r -> r.value1());
    }

    /** Every column but the document itself: lists never carry the files. */
    private static final java.util.List<org.jooq.Field<?>> WITHOUT_DOCUMENT = java.util.Arrays.stream(CARE_FUND_APPLICATION.fields())
            .filter(f -> !f.equals(CARE_FUND_APPLICATION.DOCUMENT)).toList();

    static Mono<Application> find(DSLContext town, UUID id) {
        return Reactive.one(town.select(WITHOUT_DOCUMENT).from(CARE_FUND_APPLICATION).where(CARE_FUND_APPLICATION.ID.eq(id)))
                .map(r -> view(r.into(CARE_FUND_APPLICATION)))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("application-not-found", "No such application to the fund.")));
    }

    static Flux<Application> mine(DSLContext town, String personId) {
        return Flux.from(town.select(WITHOUT_DOCUMENT).from(CARE_FUND_APPLICATION).where(CARE_FUND_APPLICATION.APPLICANT_PERSON_ID.eq(personId))
                .orderBy(CARE_FUND_APPLICATION.CREATED_AT.desc())).map(r -> view(r.into(CARE_FUND_APPLICATION)));
    }

    static Flux<Application> list(DSLContext town, String status) {
        var condition = status == null ? org.jooq.impl.DSL.noCondition() : CARE_FUND_APPLICATION.STATUS.eq(status);
        return Flux.from(town.select(WITHOUT_DOCUMENT).from(CARE_FUND_APPLICATION).where(condition).orderBy(CARE_FUND_APPLICATION.CREATED_AT.desc()))
                .map(r -> view(r.into(CARE_FUND_APPLICATION)));
    }

    static Mono<Void> attach(DSLContext town, UUID id, String name, String type, byte[] document) {
        return Reactive.one(town.update(CARE_FUND_APPLICATION).set(CARE_FUND_APPLICATION.DOCUMENT, document).set(CARE_FUND_APPLICATION.DOCUMENT_NAME, name)
                        .set(CARE_FUND_APPLICATION.DOCUMENT_TYPE, type).where(CARE_FUND_APPLICATION.ID.eq(id)).and(CARE_FUND_APPLICATION.STATUS.eq("SUBMITTED"))
                        .returningResult(CARE_FUND_APPLICATION.ID))
                .switchIfEmpty(Mono.error(() -> ProblemException.conflict("application-decided", "Documents are attached before the decision.")))
                .then();
    }

    /** The supporting document: its bytes, name and media type; empty if none was attached. */
    static Mono<org.jooq.Record3<byte[], String, String>> document(DSLContext town, UUID id) {
        return Reactive.one(town.select(CARE_FUND_APPLICATION.DOCUMENT, CARE_FUND_APPLICATION.DOCUMENT_NAME, CARE_FUND_APPLICATION.DOCUMENT_TYPE)
                .from(CARE_FUND_APPLICATION).where(CARE_FUND_APPLICATION.ID.eq(id)).and(CARE_FUND_APPLICATION.DOCUMENT.isNotNull()));
    }

    /**
     * One approval under a row lock: the first fills the first approver, a different person the second (then the
     * application is APPROVED); the applicant never approves their own application.
     */
    /** What else an application's decision or payout writes in its transaction: the notice to the applicant. */
    @FunctionalInterface
    interface Told {
        Mono<Void> write(DSLContext trx, CareFundApplicationRecord application, String status);
    }

    static Mono<Void> approve(DSLContext town, UUID id, String approverSubject, String approver, String note, Told told) {
        return Reactive.one(town.transactionPublisher(trx -> Reactive.one(trx.dsl().selectFrom(CARE_FUND_APPLICATION)
                        .where(CARE_FUND_APPLICATION.ID.eq(id)).forUpdate())
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("application-not-found", "No such application to the fund.")))
                .flatMap(a -> {
                    if (!"SUBMITTED".equals(a.getStatus())) {
                        return Mono.error(ProblemException.conflict("application-decided", "The application is " + a.getStatus().toLowerCase() + "."));
                    }
                    if (a.getApplicantPersonId().equals(approverSubject)) {
                        return Mono.error(ProblemException.conflict("own-application", "Nobody approves their own application."));
                    }
                    if (a.getFirstApprover() == null) {
                        return Reactive.run(trx.dsl().update(CARE_FUND_APPLICATION).set(CARE_FUND_APPLICATION.FIRST_APPROVER, approver)
                                .set(CARE_FUND_APPLICATION.FIRST_APPROVER_SUBJECT, approverSubject)
                                .set(CARE_FUND_APPLICATION.FIRST_APPROVED_AT, OffsetDateTime.now()).where(CARE_FUND_APPLICATION.ID.eq(id)));
                    }
                    // The same person is the same account (its subject), whatever name it shows; rows from before
                    // subjects were kept compare by name.
                    var samePerson = a.getFirstApproverSubject() != null ? a.getFirstApproverSubject().equals(approverSubject)
                            : a.getFirstApprover().equals(approver);
                    if (samePerson) {
                        return Mono.error(ProblemException.conflict("same-approver", "The second approval is by another person than the first."));
                    }
                    return Reactive.run(trx.dsl().update(CARE_FUND_APPLICATION).set(CARE_FUND_APPLICATION.SECOND_APPROVER, approver)
                            .set(CARE_FUND_APPLICATION.SECOND_APPROVER_SUBJECT, approverSubject)
                            .set(CARE_FUND_APPLICATION.SECOND_APPROVED_AT, OffsetDateTime.now()).set(CARE_FUND_APPLICATION.STATUS, "APPROVED")
                            .set(CARE_FUND_APPLICATION.DECISION_NOTE, note).where(CARE_FUND_APPLICATION.ID.eq(id)))
                            .then(told.write(trx.dsl(), a.setDecisionNote(note), "APPROVED"));
                })
                .thenReturn(true))).then();
    }

    static Mono<Void> reject(DSLContext town, UUID id, String actor, String note, Told told) {
        return Reactive.one(town.transactionPublisher(trx -> Reactive.one(trx.dsl().update(CARE_FUND_APPLICATION)
                        .set(CARE_FUND_APPLICATION.STATUS, "REJECTED").set(CARE_FUND_APPLICATION.REJECTED_BY, actor)
                        .set(CARE_FUND_APPLICATION.DECISION_NOTE, note).where(CARE_FUND_APPLICATION.ID.eq(id))
                        .and(CARE_FUND_APPLICATION.STATUS.in("SUBMITTED", "APPROVED")).returning())
                .switchIfEmpty(Mono.error(() -> ProblemException.conflict("application-decided", "The application is already paid or rejected.")))
                .flatMap(rejected -> told.write(trx.dsl(), rejected, "REJECTED"))
                .thenReturn(true))).then();
    }

    /** Pays an approved application: the disbursement journal and the PAID status in one transaction. */
    static Mono<UUID> pay(DSLContext town, UUID id, LocalDate today, String actor, String idempotencyKey, Told told) {
        return Reactive.one(town.transactionPublisher(trx -> Reactive.one(trx.dsl().selectFrom(CARE_FUND_APPLICATION)
                        .where(CARE_FUND_APPLICATION.ID.eq(id)).forUpdate())
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("application-not-found", "No such application to the fund.")))
                .flatMap(a -> {
                    if ("SUBMITTED".equals(a.getStatus())) {
                        return Mono.error(ProblemException.conflict("needs-two-approvers", a.getFirstApprover() == null
                                ? "The application is not approved yet: two different people approve before any payout."
                                : "One approval so far (" + a.getFirstApprover() + "): a second person approves before the payout."));
                    }
                    if ("PAID".equals(a.getStatus()) && idempotencyKey != null) {
                        // A retried payout (same key): the journal it booked, nothing booked again.
                        return Ledger.byKey(trx.dsl(), idempotencyKey).filter(journal -> journal.equals(a.getPaidJournalId()))
                                .switchIfEmpty(Mono.error(() -> ProblemException.conflict("application-decided", "The application is paid.")));
                    }
                    if (!"APPROVED".equals(a.getStatus())) {
                        return Mono.error(ProblemException.conflict("application-decided", "The application is " + a.getStatus().toLowerCase() + "."));
                    }
                    return Ledger.post(trx.dsl(), new Ledger.Posting("DISBURSEMENT", today, "帮扶：" + a.getApplicantName(), a.getOrganisationId(),
                                    a.getApplicantName(), id, null, actor,
                                    java.util.List.of(new Ledger.Entry(Ledger.GRANTS, a.getAmount()), new Ledger.Entry(Ledger.CASH, a.getAmount().negate())),
                                    idempotencyKey))
                            .flatMap(journal -> Reactive.run(trx.dsl().update(CARE_FUND_APPLICATION).set(CARE_FUND_APPLICATION.STATUS, "PAID")
                                    .set(CARE_FUND_APPLICATION.PAID_JOURNAL_ID, journal).where(CARE_FUND_APPLICATION.ID.eq(id)))
                                    .then(told.write(trx.dsl(), a, "PAID")).thenReturn(journal));
                })));
    }

    private static Application view(CareFundApplicationRecord a) {
        return new Application(a.getId(), a.getApplicantPersonId(), a.getApplicantName(), a.getOrganisationId(), a.getAmount(), a.getReason(),
                a.getDocumentName(), a.getStatus(), a.getFirstApprover(), a.getFirstApprovedAt(), a.getSecondApprover(), a.getSecondApprovedAt(),
                a.getDecisionNote(), a.getRejectedBy(), a.getPaidJournalId(), a.getCreatedAt());
    }
}
