package org.townalliance.hotline;

import org.jooq.DSLContext;
import org.townalliance.db.Reactive;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.TICKET;

/** What other modules may ask about tickets (a meeting links the tickets it discussed) without reading the hotline's tables. */
public final class TicketDirectory {

    private TicketDirectory() {
    }

    /**
     * A ticket as other modules show it: its number, a summary (its kind and category, never the resident's words,
     * which may hold names, phones and addresses), its status and the organisation it is assigned to (null while with
     * the operations centre), which decides whether a firm's people may cite it.
     */
    public record TicketRef(UUID id, long number, String summary, String status, UUID assignedOrganisationId) {
    }

    /** The ticket with this number in the town, if any. */
    public static Mono<TicketRef> byNumber(DSLContext town, long number) {
        return Reactive.one(refs(town).where(TICKET.NUMBER.eq(number))).map(TicketDirectory::ref);
    }

    /** The resident's latest rating of a ticket, if any (evidence for a star case); the resident's comment stays in the hotline. */
    public record Rating(long number, boolean satisfied, int score) {
    }

    public static Mono<Rating> latestRating(DSLContext town, long number) {
        var feedback = org.townalliance.db.jooq.town.Tables.TICKET_FEEDBACK;
        return Reactive.one(town.select(TICKET.NUMBER, feedback.SATISFIED, feedback.SCORE).from(feedback)
                        .join(TICKET).on(TICKET.ID.eq(feedback.TICKET_ID)).where(TICKET.NUMBER.eq(number)).orderBy(feedback.ID.desc()).limit(1))
                .map(r -> new Rating(r.value1(), Boolean.TRUE.equals(r.value2()), r.value3()));
    }

    public static Mono<Map<UUID, TicketRef>> byIds(DSLContext town, Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Mono.just(Map.of());
        }
        return Flux.from(refs(town).where(TICKET.ID.in(ids))).map(TicketDirectory::ref).collectMap(TicketRef::id);
    }

    /**
     * What tickets say about service quality, per estate and day of intake (town zone), counting what was known
     * at {@code asOf} (so a period's figures can be computed again identically): tickets, complaints, tickets
     * whose resolve deadline had come or that were resolved, of those resolved on time, resolved at least once, reopened,
     * rated and rated satisfied. Cancelled tickets and duplicates do not count; tickets without an estate neither.
     */
    public record EstateDay(UUID estateId, java.time.LocalDate day, int tickets, int complaints, int due, int onTime, int resolved,
                            int reopened, int rated, int satisfied) {
    }

    public static Flux<EstateDay> estateDays(DSLContext town, java.time.OffsetDateTime from, java.time.OffsetDateTime until,
                                             java.time.OffsetDateTime asOf, java.time.ZoneId zone) {
        var event = org.townalliance.db.jooq.town.Tables.TICKET_EVENT;
        var feedback = org.townalliance.db.jooq.town.Tables.TICKET_FEEDBACK;
        var day = org.jooq.impl.DSL.field("({0} at time zone {1})::date", java.time.LocalDate.class, TICKET.CREATED_AT,
                org.jooq.impl.DSL.val(zone.getId()));
        var resolvedByThen = TICKET.RESOLVED_AT.le(asOf);
        var reopened = org.jooq.impl.DSL.exists(org.jooq.impl.DSL.selectOne().from(event).where(event.TICKET_ID.eq(TICKET.ID))
                .and(event.ACTION.eq("REOPEN")).and(event.OCCURRED_AT.le(asOf)));
        var lastRating = org.jooq.impl.DSL.select(feedback.SATISFIED).from(feedback).where(feedback.TICKET_ID.eq(TICKET.ID))
                .and(feedback.RECORDED_AT.le(asOf)).orderBy(feedback.ID.desc()).limit(1).asField("satisfied");
        var rows = org.jooq.impl.DSL.select(TICKET.ESTATE_ID, day.as("day"), TICKET.KIND, TICKET.RESOLVE_DUE_AT, TICKET.RESOLVED_AT,
                        org.jooq.impl.DSL.when(resolvedByThen, TICKET.RESOLVED_AT).as("resolved_at_then"), reopened.as("reopened"), lastRating)
                .from(TICKET)
                .where(TICKET.CREATED_AT.ge(from)).and(TICKET.CREATED_AT.lt(until)).and(TICKET.CREATED_AT.le(asOf))
                .and(TICKET.ESTATE_ID.isNotNull()).and(TICKET.STATUS.ne("CANCELLED")).and(TICKET.DUPLICATE_OF.isNull())
                .asTable("t");
        var estate = rows.field(TICKET.ESTATE_ID);
        var d = rows.field("day", java.time.LocalDate.class);
        var kind = rows.field(TICKET.KIND);
        var due = rows.field(TICKET.RESOLVE_DUE_AT);
        var resolved = rows.field("resolved_at_then", java.time.OffsetDateTime.class);
        var wasReopened = rows.field("reopened", Boolean.class);
        var satisfied = rows.field("satisfied", Boolean.class);
        return Flux.from(town.select(estate, d, org.jooq.impl.DSL.count(),
                                org.jooq.impl.DSL.count().filterWhere(kind.eq("COMPLAINT")),
                                org.jooq.impl.DSL.count().filterWhere(due.isNotNull().and(resolved.isNotNull().or(due.le(asOf)))),
                                org.jooq.impl.DSL.count().filterWhere(due.isNotNull().and(resolved.le(due))),
                                org.jooq.impl.DSL.count().filterWhere(resolved.isNotNull().or(wasReopened.isTrue())),
                                org.jooq.impl.DSL.count().filterWhere(wasReopened.isTrue()),
                                org.jooq.impl.DSL.count().filterWhere(satisfied.isNotNull()),
                                org.jooq.impl.DSL.count().filterWhere(satisfied.isTrue()))
                        .from(rows).groupBy(estate, d))
                .map(r -> new EstateDay(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), r.value7(), r.value8(),
                        r.value9(), r.value10()));
    }

    private static org.jooq.SelectOnConditionStep<org.jooq.Record6<UUID, Long, String, String, String, UUID>> refs(DSLContext town) {
        var category = org.townalliance.db.jooq.town.Tables.TICKET_CATEGORY;
        return town.select(TICKET.ID, TICKET.NUMBER, TICKET.KIND, category.NAME_ZH, TICKET.STATUS, TICKET.ASSIGNED_ORGANISATION_ID)
                .from(TICKET).leftJoin(category).on(category.CODE.eq(TICKET.CATEGORY_CODE));
    }

    private static TicketRef ref(org.jooq.Record6<UUID, Long, String, String, String, UUID> r) {
        var kind = switch (r.value3()) {
            case "COMPLAINT" -> "投诉";
            case "SUGGESTION" -> "建议";
            default -> "报修求助";
        };
        return new TicketRef(r.value1(), r.value2(), kind + (r.value4() == null ? "" : "·" + r.value4()), r.value5(), r.value6());
    }
}
