package org.townalliance.hotline;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.TicketCategoryRecord;
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

/** Reads of tickets and their events in a town's schema (writes are in {@link TicketWrites}). */
final class Tickets {

    private Tickets() {
    }

    record Event(long id, String action, String fromStatus, String toStatus, UUID organisationId, String note, String actor,
                 OffsetDateTime occurredAt) {
    }

    /** What the board can be filtered by; null means any. Times are instants, dates already resolved in the town's zone. */
    record Filter(String status, String kind, String category, UUID estateId, UUID organisationId, Boolean overdue,
                  OffsetDateTime from, OffsetDateTime to, String text, String assignee) {
    }

    static Mono<TicketCategoryRecord> activeCategory(DSLContext town, String code) {
        return Reactive.one(town.selectFrom(TICKET_CATEGORY).where(TICKET_CATEGORY.CODE.eq(code)).and(TICKET_CATEGORY.ACTIVE.isTrue()));
    }

    /** A non-final ticket from the last {@code hours} with the same phone, or the same estate and category. */
    static Mono<UUID> possibleDuplicate(DSLContext town, String phone, UUID estateId, String category, int hours) {
        Condition same = DSL.falseCondition();
        if (phone != null) {
            same = same.or(TICKET.REPORTER_PHONE.eq(phone));
        }
        if (estateId != null) {
            same = same.or(TICKET.ESTATE_ID.eq(estateId).and(TICKET.CATEGORY_CODE.eq(category)));
        }
        return Reactive.one(town.select(TICKET.ID).from(TICKET)
                        .where(same)
                        .and(TICKET.CREATED_AT.gt(OffsetDateTime.now().minusHours(hours)))
                        .and(TICKET.STATUS.notIn("CLOSED", "CANCELLED"))
                        .orderBy(TICKET.CREATED_AT.desc()).limit(1))
                .map(r -> r.value1());
    }

    static Mono<TicketRecord> find(DSLContext town, UUID id) {
        return Reactive.one(town.selectFrom(TICKET).where(TICKET.ID.eq(id)))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("ticket-not-found", "No such ticket in this town.")));
    }

    /**
     * Newest first by ticket number (keyset: numbers below {@code beforeNumber}); {@code organisations}
     * non-null limits to tickets dispatched to those organisations. The board's indexes lead with status
     * or organisation and then the number, so a page costs the same at any depth.
     */
    static Flux<TicketRecord> list(DSLContext town, Filter filter, Collection<UUID> organisations, Long beforeNumber, int limit) {
        var condition = DSL.noCondition();
        if (filter.status() != null) {
            condition = condition.and(TICKET.STATUS.eq(filter.status()));
        }
        if (filter.kind() != null) {
            condition = condition.and(TICKET.KIND.eq(filter.kind()));
        }
        if (filter.category() != null) {
            condition = condition.and(TICKET.CATEGORY_CODE.in(DSL.select(TICKET_CATEGORY.CODE).from(TICKET_CATEGORY)
                    .where(TICKET_CATEGORY.CODE.eq(filter.category()).or(TICKET_CATEGORY.PARENT_CODE.eq(filter.category())))));
        }
        if (filter.estateId() != null) {
            condition = condition.and(TICKET.ESTATE_ID.eq(filter.estateId()));
        }
        if (filter.organisationId() != null) {
            condition = condition.and(TICKET.ASSIGNED_ORGANISATION_ID.eq(filter.organisationId()));
        }
        if (filter.overdue() != null) {
            var overdue = overdue(OffsetDateTime.now());
            condition = condition.and(filter.overdue() ? overdue : DSL.not(overdue));
        }
        if (filter.from() != null) {
            condition = condition.and(TICKET.CREATED_AT.ge(filter.from()));
        }
        if (filter.to() != null) {
            condition = condition.and(TICKET.CREATED_AT.lt(filter.to()));
        }
        if (filter.text() != null) {
            var pattern = "%" + filter.text().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            condition = condition.and(TICKET.DESCRIPTION.likeIgnoreCase(pattern, '\\').or(TICKET.ADDRESS.likeIgnoreCase(pattern, '\\'))
                    .or(TICKET.CITY_CASE_ID.eq(filter.text())));
        }
        if (filter.assignee() != null) {
            condition = condition.and(TICKET.ASSIGNEE_SUBJECT.eq(filter.assignee()));
        }
        if (organisations != null) {
            condition = condition.and(TICKET.ASSIGNED_ORGANISATION_ID.in(organisations));
        }
        if (beforeNumber != null) {
            condition = condition.and(TICKET.NUMBER.lt(beforeNumber));
        }
        return Flux.from(town.selectFrom(TICKET).where(condition).orderBy(TICKET.NUMBER.desc()).limit(limit));
    }

    /** Open and past its resolve deadline, or dispatched and past its accept deadline, at {@code now}. */
    static Condition overdue(OffsetDateTime now) {
        return TICKET.STATUS.in(TicketView.OPEN).and(TICKET.RESOLVE_DUE_AT.lt(now)
                .or(TICKET.STATUS.eq("DISPATCHED").and(TICKET.ACCEPT_DUE_AT.lt(now))));
    }

    static Flux<Event> timeline(DSLContext town, UUID ticketId) {
        return Flux.from(town.selectFrom(TICKET_EVENT).where(TICKET_EVENT.TICKET_ID.eq(ticketId)).orderBy(TICKET_EVENT.ID))
                .map(e -> new Event(e.getId(), e.getAction(), e.getFromStatus(), e.getToStatus(), e.getOrganisationId(), e.getNote(),
                        e.getActor(), e.getOccurredAt()));
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
