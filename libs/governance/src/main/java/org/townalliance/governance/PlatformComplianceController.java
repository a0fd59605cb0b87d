package org.townalliance.governance;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.db.Reactive;
import org.townalliance.tenancy.AllTowns;
import org.townalliance.tenancy.TownStatus;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

import static org.jooq.impl.DSL.count;
import static org.townalliance.db.jooq.town.Tables.MEETING;

/**
 * The platform admin's view of the "two general member meetings a year" rule across active towns: the
 * towns that fall short come first. One small count per town schema, four at a time.
 */
@RestController
@RequestMapping(path = "/api/platform/governance", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Platform: governance", description = "Towns whose alliance misses its general member meetings")
class PlatformComplianceController {

    record TownCompliance(String slug, String nameZh, int year, int generalHeld, int generalScheduled, boolean compliant) {
    }

    private final AllTowns towns;

    PlatformComplianceController(AllTowns towns) {
        this.towns = towns;
    }

    @GetMapping("/compliance")
    @Operation(summary = "Every active town with its general meetings held and scheduled in the year; non-compliant towns first")
    Mono<List<TownCompliance>> compliance(@RequestParam(required = false) Integer year) {
        if (year != null && (year < 2000 || year > 2100)) {
            return Mono.error(ProblemException.badRequest("invalid-year", "A year between 2000 and 2100."));
        }
        return towns.withSchemas().filter(town -> town.status() == TownStatus.ACTIVE && !town.quarantined())
                .flatMap(town -> {
                    var zone = town.timezone();
                    var y = year != null ? year : LocalDate.now(zone).getYear();
                    var dsl = towns.dsl(town);
                    return Reactive.one(dsl.select(count().filterWhere(MEETING.STATUS.eq("HELD")), count().filterWhere(MEETING.STATUS.eq("SCHEDULED")))
                                    .from(MEETING).where(MEETING.KIND.eq(Meetings.Kind.GENERAL.name()))
                                    .and(MEETING.STARTS_AT.ge(LocalDate.of(y, 1, 1).atStartOfDay(zone).toOffsetDateTime()))
                                    .and(MEETING.STARTS_AT.lt(LocalDate.of(y + 1, 1, 1).atStartOfDay(zone).toOffsetDateTime())))
                            .map(r -> new TownCompliance(town.slug(), town.nameZh(), y, r.value1(), r.value2(),
                                    r.value1() + r.value2() >= MeetingsController.GENERAL_MEETINGS_A_YEAR));
                }, 4)
                .sort(Comparator.comparing(TownCompliance::compliant).thenComparing(TownCompliance::slug))
                .collectList();
    }
}
