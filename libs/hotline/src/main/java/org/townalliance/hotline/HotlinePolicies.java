package org.townalliance.hotline;

import org.jooq.DSLContext;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.HotlinePolicyRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;

import static org.townalliance.db.jooq.town.Tables.HOTLINE_POLICY;
import static org.townalliance.db.jooq.town.Tables.TICKET_DEADLINE_RULE;
import static org.townalliance.db.jooq.town.Tables.WORKING_CALENDAR_DAY;
import static org.townalliance.db.jooq.town.Tables.WORKING_HOURS;

/** Reads a town's hotline policy, deadline rules and working calendar (a handful of rows each). */
final class HotlinePolicies {

    private HotlinePolicies() {
    }

    /** Everything that decides a ticket's deadlines and windows in one town. */
    record Policy(HotlinePolicyRecord settings, DeadlinePolicy deadlines) {
    }

    static Mono<Policy> load(DSLContext town, ZoneId zone) {
        var settings = Reactive.one(town.selectFrom(HOTLINE_POLICY).where(HOTLINE_POLICY.ID.eq((short) 1)))
                .defaultIfEmpty(new HotlinePolicyRecord((short) 1, 7, 24, 7, 80, null, null));
        var rules = Flux.from(town.selectFrom(TICKET_DEADLINE_RULE))
                .map(r -> new DeadlinePolicy.Rule(r.getKind(), r.getCategoryCode(), r.getPriority(), r.getAcceptMinutes(),
                        r.getResolveMinutes(), Boolean.TRUE.equals(r.getWorkingTime())))
                .collectList();
        return Mono.zip(settings, rules, calendar(town, zone))
                .map(t -> new Policy(t.getT1(), new DeadlinePolicy(t.getT2(), t.getT3())));
    }

    static Mono<WorkingCalendar> calendar(DSLContext town, ZoneId zone) {
        var weekly = Flux.from(town.selectFrom(WORKING_HOURS))
                .collectMap(h -> DayOfWeek.of(h.getDayOfWeek()), h -> new WorkingCalendar.Hours(h.getStartsAt(), h.getEndsAt()), HashMap::new);
        // Exceptions in the past cannot move a deadline that starts now.
        var exceptions = Flux.from(town.selectFrom(WORKING_CALENDAR_DAY).where(WORKING_CALENDAR_DAY.DAY.ge(LocalDate.now(zone).minusDays(1))))
                .collectMap(d -> d.getDay(), d -> d.getWorking(), HashMap::new);
        return Mono.zip(weekly, exceptions).map(t -> new WorkingCalendar(zone, t.getT1(), t.getT2()));
    }
}
