package org.townalliance.hotline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.townalliance.db.jooq.town.Tables.TICKET;
import static org.townalliance.db.jooq.town.Tables.TICKET_FEEDBACK;

/**
 * Counts and on-time rates of tickets taken in during a period, by status, kind and category, and per
 * organisation they are dispatched to. On time = resolved no later than the resolve deadline; the rate
 * is over resolved tickets (null when none). Firm people see their own organisations' row only.
 */
@RestController
@Tag(name = "Town: hotline tickets")
class TicketStatisticsController {

    record OrganisationFigures(UUID organisationId, String name, long tickets, long open, long overdue, long resolved,
                               long resolvedOnTime, BigDecimal onTimeRate, long acceptDeadlinesMissed, long ratings,
                               BigDecimal averageScore, BigDecimal satisfiedRate) {
    }

    record Statistics(LocalDate from, LocalDate to, long tickets, Map<String, Long> byStatus, Map<String, Long> byKind,
                      Map<String, Long> byCategory, Map<LocalDate, Long> byDay, List<OrganisationFigures> organisations) {
    }

    @GetMapping(path = "/api/towns/{town}/tickets/statistics", produces = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(anyRole = true)
    @Operation(summary = "Counts and on-time rate per organisation for tickets taken in from..to (dates in the town's zone; default: this month)")
    Mono<Statistics> statistics(TownContext town, @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        var zone = town.town().timezone();
        return ReportingPeriod.of(zone, from, to).flatMap(days -> statistics(town, days));
    }

    private Mono<Statistics> statistics(TownContext town, ReportingPeriod days) {
        var zone = town.town().timezone();
        var start = days.from();
        var end = days.to();
        var period = TICKET.CREATED_AT.ge(days.start()).and(TICKET.CREATED_AT.lt(days.end()));
        var dsl = town.dsl();
        return TicketScope.of(town).flatMap(scope -> {
            var visible = scope.operationsCentre() ? period : period.and(TICKET.ASSIGNED_ORGANISATION_ID.in(scope.ownOrganisations()));
            var byStatus = counts(dsl, TICKET.STATUS, visible);
            var byKind = counts(dsl, TICKET.KIND, visible);
            var byCategory = counts(dsl, TICKET.CATEGORY_CODE, visible);
            // Days as the town counts them: the date of intake in the town's time zone.
            var day = DSL.field("({0} at time zone {1})::date", LocalDate.class, TICKET.CREATED_AT, DSL.inline(zone.getId())); // inlined: GROUP BY must see the same expression
            var byDay = Flux.from(dsl.select(day, DSL.count()).from(TICKET).where(visible).groupBy(day))
                    .collectMap(r -> r.value1(), r -> r.value2().longValue(), java.util.TreeMap::new);
            var now = OffsetDateTime.now();
            var resolved = TICKET.RESOLVED_AT.isNotNull();
            var ratings = DSL.select(TICKET_FEEDBACK.TICKET_ID, DSL.avg(TICKET_FEEDBACK.SCORE).as("score"),
                            DSL.count().filterWhere(TICKET_FEEDBACK.SATISFIED.isTrue()).as("satisfied"), DSL.count().as("ratings"))
                    .from(TICKET_FEEDBACK).groupBy(TICKET_FEEDBACK.TICKET_ID).asTable("r");
            var perOrganisation = Flux.from(dsl.select(TICKET.ASSIGNED_ORGANISATION_ID, DSL.count(),
                                    DSL.count().filterWhere(TICKET.STATUS.in(TicketView.OPEN)),
                                    DSL.count().filterWhere(Tickets.overdue(now)),
                                    DSL.count().filterWhere(resolved),
                                    DSL.count().filterWhere(resolved.and(TICKET.RESOLVED_AT.le(TICKET.RESOLVE_DUE_AT))),
                                    DSL.count().filterWhere(TICKET.ACCEPT_BREACHED_AT.isNotNull()),
                                    DSL.sum(ratings.field("ratings", Integer.class)),
                                    DSL.sum(ratings.field("satisfied", Integer.class)),
                                    DSL.avg(ratings.field("score", BigDecimal.class)))
                            .from(TICKET).leftJoin(ratings).on(ratings.field(TICKET_FEEDBACK.TICKET_ID).eq(TICKET.ID))
                            .where(visible).and(TICKET.ASSIGNED_ORGANISATION_ID.isNotNull())
                            .groupBy(TICKET.ASSIGNED_ORGANISATION_ID))
                    .collectList()
                    .flatMap(rows -> AllianceDirectory.organisationNames(dsl, rows.stream().map(r -> r.value1()).collect(Collectors.toSet()))
                            .map(names -> rows.stream().map(r -> {
                                long ratingCount = r.value8() == null ? 0 : r.value8().longValue();
                                long satisfied = r.value9() == null ? 0 : r.value9().longValue();
                                return new OrganisationFigures(r.value1(), names.get(r.value1()), r.value2(), r.value3(), r.value4(),
                                        r.value5(), r.value6(), rate(r.value6(), r.value5()), r.value7(), ratingCount,
                                        r.value10() == null ? null : r.value10().setScale(2, RoundingMode.HALF_UP), rate(satisfied, ratingCount));
                            }).sorted(java.util.Comparator.comparing(OrganisationFigures::tickets).reversed()).toList()));
            return Mono.zip(byStatus, byKind, byCategory, byDay, perOrganisation).map(t -> new Statistics(start, end,
                    t.getT1().values().stream().mapToLong(Long::longValue).sum(), t.getT1(), t.getT2(), t.getT3(),
                    new java.util.TreeMap<LocalDate, Long>(t.getT4()), t.getT5()));
        });
    }

    private static Mono<Map<String, Long>> counts(org.jooq.DSLContext dsl, Field<String> by, org.jooq.Condition where) {
        return Flux.from(dsl.select(by, DSL.count()).from(TICKET).where(where).groupBy(by))
                .collectMap(r -> Objects.requireNonNull(r.value1()), r -> r.value2().longValue(), java.util.TreeMap::new);
    }

    private static BigDecimal rate(long part, long whole) {
        return whole == 0 ? null : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP);
    }
}
