package org.townalliance.hotline;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.TicketRecord;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.townalliance.db.jooq.platform.Tables.HOTLINE_TIMER;
import static org.townalliance.db.jooq.town.Tables.TICKET;
import static org.townalliance.db.jooq.town.Tables.TICKET_EVENT;

/**
 * Every write of a ticket, each in one transaction with what must not be lost apart from it: the
 * ticket row, its timeline event, the live-board notification (sent on commit), the deadline timers,
 * for a city-hotline case the outbox message back to the city, and the notices that tell people of it.
 */
@org.springframework.stereotype.Component
class TicketWrites {

    private final TicketNotices notices;

    TicketWrites(TicketNotices notices) {
        this.notices = notices;
    }

    /** A deadline timer to schedule: fires at {@code dueAt} if the ticket still has deadline {@code deadlineAt}. */
    record Timer(String kind, Instant dueAt, Instant deadlineAt) {
    }

    /** What a change writes besides status and assignment. */
    record Effects(Map<Field<?>, Object> sets, List<Timer> timers) {
    }

    /** Inserted, or the ticket an earlier request with the same idempotency key created. */
    record Intake(TicketRecord ticket, boolean created) {
    }

    /** The database keeps microseconds: round once here so that timers and tickets compare equal. */
    static OffsetDateTime at(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    /** A town rule dispatched the ticket at intake: to whom, and by when it must be accepted. */
    record AutoDispatch(UUID organisationId, Instant acceptBy) {
    }

    /**
     * Inserts the ticket with its RECEIVE event (and DISPATCH, when a town rule dispatches it at intake);
     * with an idempotency key already used, answers that ticket instead and writes nothing.
     */
    /** What a new ticket writes besides itself, in its transaction (not on an idempotent repeat). */
    @FunctionalInterface
    interface AlsoOnInsert {
        Mono<Void> write(DSLContext trx, TicketRecord created);
    }

    Mono<Intake> insert(DSLContext town, String slug, TicketRecord ticket, String actor, List<Timer> timers, AutoDispatch dispatch,
                               AlsoOnInsert alsoOnInsert) {
        return Reactive.one(town.transactionPublisher(trx -> Reactive.one(trx.dsl().insertInto(TICKET).set(ticket)
                        .onConflict(TICKET.IDEMPOTENCY_KEY).where(TICKET.IDEMPOTENCY_KEY.isNotNull()).doNothing()
                        .returning())
                .flatMap(created -> (alsoOnInsert == null ? Mono.<Void>empty() : alsoOnInsert.write(trx.dsl(), created))
                        .then(record(trx.dsl(), slug, created, "RECEIVE", null, actor))
                        .then(dispatch == null ? Mono.just(created) : Reactive.one(trx.dsl().update(TICKET)
                                        .set(TICKET.STATUS, TicketRules.Status.DISPATCHED.name())
                                        .set(TICKET.ASSIGNED_ORGANISATION_ID, dispatch.organisationId())
                                        .set(TICKET.DISPATCHED_AT, created.getCreatedAt())
                                        .set(TICKET.ACCEPT_DUE_AT, at(dispatch.acceptBy()))
                                        .where(TICKET.ID.eq(created.getId())).returning())
                                .flatMap(dispatched -> record(trx.dsl(), slug, dispatched, "DISPATCH",
                                        "按派单规则自动派单 / dispatched by a town rule", "dispatch-rule", "RECEIVED").thenReturn(dispatched)))
                        .flatMap(stored -> schedule(trx.dsl(), slug, stored.getId(), timers).thenReturn(new Intake(stored, true))))
                .switchIfEmpty(Mono.defer(() -> Reactive.one(trx.dsl().selectFrom(TICKET)
                        .where(TICKET.IDEMPOTENCY_KEY.eq(ticket.getIdempotencyKey()))).map(existing -> new Intake(existing, false))))));
    }

    /**
     * Moves the ticket to {@code to} only if it is still in the status it was read in (a concurrent change
     * makes this a 409, never a lost update), with its event, timers and outbox message.
     */
    Mono<TicketRecord> transition(DSLContext town, String slug, TicketRecord ticket, TicketRules.Action action, TicketRules.Status to,
                                         UUID assignTo, String note, String actor, Effects effects) {
        return Reactive.one(town.transactionPublisher(trx -> {
            var update = trx.dsl().update(TICKET)
                    .set(TICKET.STATUS, to.name())
                    .set(TICKET.ASSIGNED_ORGANISATION_ID, assignTo)
                    .set(TICKET.UPDATED_AT, OffsetDateTime.now());
            for (var entry : effects.sets().entrySet()) {
                @SuppressWarnings("unchecked") var field = (Field<Object>) entry.getKey();
                update = update.set(field, entry.getValue());
            }
            return Reactive.one(update.where(TICKET.ID.eq(ticket.getId())).and(TICKET.STATUS.eq(ticket.getStatus()))
                            .and(TICKET.UPDATED_AT.eq(ticket.getUpdatedAt())).returning())
                    .switchIfEmpty(Mono.error(() -> ProblemException.conflict("ticket-changed",
                            "The ticket changed meanwhile; reload it and try again.")))
                    .flatMap(updated -> record(trx.dsl(), slug, updated, action.name(), note, actor, ticket.getStatus())
                            .then(schedule(trx.dsl(), slug, updated.getId(), effects.timers()))
                            .thenReturn(updated));
        }));
    }

    /** Records an event of {@code ticket} (already in its new status), announces it, and queues it for the city. */
    Mono<Long> record(DSLContext trx, String slug, TicketRecord ticket, String action, String note, String actor) {
        return record(trx, slug, ticket, action, note, actor, null);
    }

    private Mono<Long> record(DSLContext trx, String slug, TicketRecord ticket, String action, String note, String actor,
                              String fromStatus) {
        return Reactive.one(trx.insertInto(TICKET_EVENT)
                        .set(TICKET_EVENT.TICKET_ID, ticket.getId())
                        .set(TICKET_EVENT.ACTION, action)
                        .set(TICKET_EVENT.FROM_STATUS, fromStatus)
                        .set(TICKET_EVENT.TO_STATUS, ticket.getStatus())
                        .set(TICKET_EVENT.ORGANISATION_ID, ticket.getAssignedOrganisationId())
                        .set(TICKET_EVENT.NOTE, note)
                        .set(TICKET_EVENT.ACTOR, actor)
                        .returningResult(TICKET_EVENT.ID, TICKET_EVENT.OCCURRED_AT))
                .flatMap(event -> TicketNotifications.announce(trx, new TicketChange(event.value1(), slug, ticket.getId(),
                                ticket.getNumber(), action, ticket.getStatus(), ticket.getAssignedOrganisationId()))
                        // Who in the firm does the job, and its notes on site, are the firm's business, not the city's.
                        .then(ticket.getCityCaseId() == null || "ASSIGN".equals(action) || "NOTE".equals(action) ? Mono.empty()
                                : CityHotlineOutbox.enqueue(trx, slug, ticket, action, note, event.value2()))
                        .then(notices.queue(trx, slug, ticket, action, note, event.value1()))
                        .thenReturn(event.value1()));
    }

    private static Mono<Void> schedule(DSLContext trx, String slug, UUID ticketId, List<Timer> timers) {
        return Flux.fromIterable(timers)
                .concatMap(timer -> Reactive.run(trx.insertInto(HOTLINE_TIMER)
                        .set(HOTLINE_TIMER.TOWN, slug)
                        .set(HOTLINE_TIMER.TICKET_ID, ticketId)
                        .set(HOTLINE_TIMER.KIND, timer.kind())
                        .set(HOTLINE_TIMER.DUE_AT, at(timer.dueAt()))
                        .set(HOTLINE_TIMER.DEADLINE_AT, at(timer.deadlineAt()))))
                .then();
    }
}
