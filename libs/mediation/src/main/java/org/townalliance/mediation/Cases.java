package org.townalliance.mediation;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.MediationCaseRecord;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.MEDIATION_CASE;
import static org.townalliance.db.jooq.town.Tables.MEDIATION_SESSION;
import static org.townalliance.db.jooq.town.Tables.MEDIATION_TICKET;

/** Mediation cases with their tickets and sessions; who may read a case is decided by the caller's {@link Reader}. */
final class Cases {

    private Cases() {
    }

    /** The secretariat reads every case; anyone else the cases whose firm party or mediator is one of their organisations. */
    record Reader(boolean secretariat, java.util.Set<UUID> organisations) {

        Condition condition() {
            return secretariat ? org.jooq.impl.DSL.noCondition() : MEDIATION_CASE.FIRM_ORGANISATION_ID.in(organisations)
                    .or(MEDIATION_CASE.MEDIATOR_ORGANISATION_ID.in(organisations));
        }

        boolean mediates(MediationCaseRecord c) {
            return secretariat || c.getMediatorOrganisationId() != null && organisations.contains(c.getMediatorOrganisationId());
        }
    }

    record Session(UUID id, LocalDate heldOn, String attendees, String notes, String recordedBy) {
    }

    record Case(UUID id, long number, String title, UUID estateId, UUID firmOrganisationId, String residentParty, String residentContact,
                String subject, UUID mediatorOrganisationId, String mediatorName, String status, String terms, String referredTo,
                String outcomeNote, LocalDate followUpOn, String followUpResult, Boolean agreementKept, String openedBy,
                OffsetDateTime openedAt, OffsetDateTime closedAt, List<UUID> ticketIds, List<Session> sessions) {
    }

    static Mono<UUID> open(DSLContext town, MediationCaseRecord values, List<UUID> tickets) {
        return Reactive.one(town.transactionPublisher(trx -> Reactive.one(trx.dsl().insertInto(MEDIATION_CASE).set(values)
                        .set(MEDIATION_CASE.STATUS, "OPEN").returningResult(MEDIATION_CASE.ID)).map(r -> r.value1())
                .flatMap(id -> Flux.fromIterable(tickets).distinct().concatMap(t -> Reactive.run(trx.dsl().insertInto(MEDIATION_TICKET)
                        .set(MEDIATION_TICKET.CASE_ID, id).set(MEDIATION_TICKET.TICKET_ID, t))).then(Mono.just(id)))));
    }

    static Flux<Case> visible(DSLContext town, Reader reader) {
        return Flux.from(town.selectFrom(MEDIATION_CASE).where(reader.condition()).orderBy(MEDIATION_CASE.NUMBER.desc()).limit(200))
                .map(c -> view(c, List.of(), List.of()));
    }

    /** The case if the reader may read it; else "no such case" (a case's existence is confidential too). */
    static Mono<MediationCaseRecord> readable(DSLContext town, UUID id, Reader reader) {
        return Reactive.one(town.selectFrom(MEDIATION_CASE).where(MEDIATION_CASE.ID.eq(id)).and(reader.condition()))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("case-not-found", "No such mediation case for you in this town.")));
    }

    static Mono<Case> find(DSLContext town, UUID id, Reader reader) {
        return readable(town, id, reader).flatMap(c -> Mono.zip(
                        Flux.from(town.select(MEDIATION_TICKET.TICKET_ID).from(MEDIATION_TICKET).where(MEDIATION_TICKET.CASE_ID.eq(id))).map(r -> r.value1()).collectList(),
                        Flux.from(town.selectFrom(MEDIATION_SESSION).where(MEDIATION_SESSION.CASE_ID.eq(id)).orderBy(MEDIATION_SESSION.HELD_ON, MEDIATION_SESSION.RECORDED_AT))
                                .map(s -> new Session(s.getId(), s.getHeldOn(), s.getAttendees(), s.getNotes(), s.getRecordedBy())).collectList())
                .map(t -> view(c, t.getT1(), t.getT2())));
    }

    /** The mediator's work (sessions, outcome, follow-up): the secretariat or the mediating agency's people. */
    static Mono<MediationCaseRecord> mediated(DSLContext town, UUID id, Reader reader) {
        return readable(town, id, reader).flatMap(c -> reader.mediates(c) ? Mono.just(c)
                : Mono.error(ProblemException.forbidden("not-the-mediator", "Only the mediator or the secretariat records this.")));
    }

    static Mono<Void> session(DSLContext town, UUID id, LocalDate heldOn, String attendees, String notes, String actor) {
        return Reactive.run(town.insertInto(MEDIATION_SESSION).set(MEDIATION_SESSION.CASE_ID, id).set(MEDIATION_SESSION.HELD_ON, heldOn)
                .set(MEDIATION_SESSION.ATTENDEES, attendees).set(MEDIATION_SESSION.NOTES, notes).set(MEDIATION_SESSION.RECORDED_BY, actor));
    }

    static Mono<Void> close(DSLContext town, UUID id, String status, String terms, String referredTo, String note, LocalDate followUpOn) {
        return Reactive.one(town.update(MEDIATION_CASE).set(MEDIATION_CASE.STATUS, status).set(MEDIATION_CASE.TERMS, terms)
                        .set(MEDIATION_CASE.REFERRED_TO, referredTo).set(MEDIATION_CASE.OUTCOME_NOTE, note).set(MEDIATION_CASE.FOLLOW_UP_ON, followUpOn)
                        .set(MEDIATION_CASE.CLOSED_AT, OffsetDateTime.now()).where(MEDIATION_CASE.ID.eq(id)).and(MEDIATION_CASE.STATUS.eq("OPEN"))
                        .returningResult(MEDIATION_CASE.ID))
                .switchIfEmpty(Mono.error(() -> ProblemException.conflict("case-closed", "The case already has its outcome.")))
                .then();
    }

    static Mono<Void> followUp(DSLContext town, UUID id, String result, boolean kept) {
        return Reactive.one(town.update(MEDIATION_CASE).set(MEDIATION_CASE.FOLLOW_UP_RESULT, result).set(MEDIATION_CASE.AGREEMENT_KEPT, kept)
                        .where(MEDIATION_CASE.ID.eq(id)).and(MEDIATION_CASE.STATUS.eq("AGREED")).returningResult(MEDIATION_CASE.ID))
                .switchIfEmpty(Mono.error(() -> ProblemException.conflict("no-agreement", "Only an agreement is followed up.")))
                .then();
    }

    private static Case view(MediationCaseRecord c, List<UUID> tickets, List<Session> sessions) {
        return new Case(c.getId(), c.getNumber(), c.getTitle(), c.getEstateId(), c.getFirmOrganisationId(), c.getResidentParty(), c.getResidentContact(),
                c.getSubject(), c.getMediatorOrganisationId(), c.getMediatorName(), c.getStatus(), c.getTerms(), c.getReferredTo(), c.getOutcomeNote(),
                c.getFollowUpOn(), c.getFollowUpResult(), c.getAgreementKept(), c.getOpenedBy(), c.getOpenedAt(), c.getClosedAt(), tickets, sessions);
    }
}
