package org.townalliance.hotline;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.TicketRecord;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.TICKET;
import static org.townalliance.db.jooq.town.Tables.TICKET_CATEGORY;
import static org.townalliance.db.jooq.town.Tables.TICKET_EVENT;

/** Tickets and their events in a town's schema. A status change and its event commit together. */
final class Tickets {

    private Tickets() {
    }

    record Event(long id, String action, String fromStatus, String toStatus, UUID organisationId, String note, String actor,
                 OffsetDateTime occurredAt) {
    }

    static Mono<Boolean> categoryExists(DSLContext town, String code) {
        return Reactive.one(town.selectCount().from(TICKET_CATEGORY).where(TICKET_CATEGORY.CODE.eq(code)).and(TICKET_CATEGORY.ACTIVE.isTrue()))
                .map(r -> r.value1() > 0);
    }

    /** A non-final ticket from the last 24 h with the same phone, or the same estate and category. */
    static Mono<UUID> possibleDuplicate(DSLContext town, String phone, UUID estateId, String category) {
        Condition same = DSL.falseCondition();
        if (phone != null) {
            same = same.or(TICKET.REPORTER_PHONE.eq(phone));
        }
        if (estateId != null) {
            same = same.or(TICKET.ESTATE_ID.eq(estateId).and(TICKET.CATEGORY_CODE.eq(category)));
        }
        return Reactive.one(town.select(TICKET.ID).from(TICKET)
                        .where(same)
                        .and(TICKET.CREATED_AT.gt(OffsetDateTime.now().minusHours(24)))
                        .and(TICKET.STATUS.notIn("CLOSED", "CANCELLED"))
                        .orderBy(TICKET.CREATED_AT.desc()).limit(1))
                .map(r -> r.value1());
    }

    /** Inserts the ticket and its RECEIVED event; with an idempotency key already used, answers that ticket instead. */
    static Mono<Intake> insert(DSLContext town, String slug, TicketRecord ticket, String actor) {
        return Reactive.one(town.transactionPublisher(trx -> Reactive.one(trx.dsl().insertInto(TICKET).set(ticket)
                        .onConflict(TICKET.IDEMPOTENCY_KEY).where(TICKET.IDEMPOTENCY_KEY.isNotNull()).doNothing()
                        .returning())
                .flatMap(created -> Reactive.one(trx.dsl().insertInto(TICKET_EVENT)
                                .set(TICKET_EVENT.TICKET_ID, created.getId())
                                .set(TICKET_EVENT.ACTION, "RECEIVE")
                                .set(TICKET_EVENT.TO_STATUS, created.getStatus())
                                .set(TICKET_EVENT.ACTOR, actor)
                                .returning(TICKET_EVENT.ID))
                        .flatMap(event -> TicketNotifications.announce(trx.dsl(), new TicketChange(event.getId(), slug, created.getId(),
                                created.getNumber(), "RECEIVE", created.getStatus(), null)))
                        .thenReturn(new Intake(created, true)))
                .switchIfEmpty(Mono.defer(() -> Reactive.one(trx.dsl().selectFrom(TICKET)
                        .where(TICKET.IDEMPOTENCY_KEY.eq(ticket.getIdempotencyKey()))).map(existing -> new Intake(existing, false))))));
    }

    record Intake(TicketRecord ticket, boolean created) {
    }

    static Mono<TicketRecord> find(DSLContext town, UUID id) {
        return Reactive.one(town.selectFrom(TICKET).where(TICKET.ID.eq(id)))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("ticket-not-found", "No such ticket in this town.")));
    }

    /** Newest first; {@code organisations} non-null limits to tickets dispatched to those organisations. */
    static Flux<TicketRecord> list(DSLContext town, String status, Collection<UUID> organisations, Long beforeNumber, int limit) {
        var condition = DSL.noCondition();
        if (status != null) {
            condition = condition.and(TICKET.STATUS.eq(status));
        }
        if (organisations != null) {
            condition = condition.and(TICKET.ASSIGNED_ORGANISATION_ID.in(organisations));
        }
        if (beforeNumber != null) {
            condition = condition.and(TICKET.NUMBER.lt(beforeNumber));
        }
        return Flux.from(town.selectFrom(TICKET).where(condition).orderBy(TICKET.NUMBER.desc()).limit(limit));
    }

    static Flux<Event> timeline(DSLContext town, UUID ticketId) {
        return Flux.from(town.selectFrom(TICKET_EVENT).where(TICKET_EVENT.TICKET_ID.eq(ticketId)).orderBy(TICKET_EVENT.ID))
                .map(e -> new Event(e.getId(), e.getAction(), e.getFromStatus(), e.getToStatus(), e.getOrganisationId(), e.getNote(),
                        e.getActor(), e.getOccurredAt()));
    }

    /**
     * Moves the ticket from {@code from} to {@code to} only if it is still in {@code from} (a concurrent
     * change makes this a 409, never a lost update), and records the event in the same transaction.
     */
    static Mono<TicketRecord> transition(DSLContext town, String slug, TicketRecord ticket, TicketRules.Action action, TicketRules.Status to,
                                         UUID assignTo, String note, String actor) {
        return Reactive.one(town.transactionPublisher(trx -> Reactive.one(trx.dsl().update(TICKET)
                        .set(TICKET.STATUS, to.name())
                        .set(TICKET.ASSIGNED_ORGANISATION_ID, assignTo)
                        .set(TICKET.UPDATED_AT, OffsetDateTime.now())
                        .where(TICKET.ID.eq(ticket.getId())).and(TICKET.STATUS.eq(ticket.getStatus()))
                        .returning())
                .switchIfEmpty(Mono.error(() -> ProblemException.conflict("ticket-changed",
                        "The ticket changed meanwhile; reload it and try again.")))
                .flatMap(updated -> Reactive.one(trx.dsl().insertInto(TICKET_EVENT)
                                .set(TICKET_EVENT.TICKET_ID, ticket.getId())
                                .set(TICKET_EVENT.ACTION, action.name())
                                .set(TICKET_EVENT.FROM_STATUS, ticket.getStatus())
                                .set(TICKET_EVENT.TO_STATUS, to.name())
                                .set(TICKET_EVENT.ORGANISATION_ID, assignTo)
                                .set(TICKET_EVENT.NOTE, note)
                                .set(TICKET_EVENT.ACTOR, actor)
                                .returning(TICKET_EVENT.ID))
                        .flatMap(event -> TicketNotifications.announce(trx.dsl(), new TicketChange(event.getId(), slug, ticket.getId(),
                                ticket.getNumber(), action.name(), to.name(), assignTo)))
                        .thenReturn(updated))));
    }

    /** Changes after {@code afterEventId}, oldest first: what a reconnecting board missed. */
    static Flux<TicketChange> changesSince(DSLContext town, String slug, long afterEventId) {
        return Flux.from(town.select(TICKET_EVENT.ID, TICKET_EVENT.TICKET_ID, TICKET.NUMBER, TICKET_EVENT.ACTION,
                                TICKET_EVENT.TO_STATUS, TICKET_EVENT.ORGANISATION_ID)
                        .from(TICKET_EVENT).join(TICKET).on(TICKET.ID.eq(TICKET_EVENT.TICKET_ID))
                        .where(TICKET_EVENT.ID.gt(afterEventId)).orderBy(TICKET_EVENT.ID).limit(1000))
                .map(r -> new TicketChange(r.value1(), slug, r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
    }
}
