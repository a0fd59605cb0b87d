package org.townalliance.hotline;

import org.springframework.stereotype.Service;
import org.townalliance.db.Reactive;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.HashSet;
import java.util.List;

import static org.townalliance.db.jooq.town.Tables.TICKET_CATEGORY;
import static org.townalliance.db.jooq.town.Tables.TICKET_DEADLINE_RULE;
import static org.townalliance.db.jooq.town.Tables.WORKING_CALENDAR_DAY;
import static org.townalliance.db.jooq.town.Tables.WORKING_HOURS;

/**
 * The secretariat's hotline settings that are replaced whole: the deadline rules (one default rule, no two for the same
 * kind, category and priority, only the town's categories) and the working calendar (one entry per weekday, each day once),
 * each in one transaction; the town's cached policy is dropped after.
 */
@Service
class HotlineSettings {

    private final PolicyCache policies;

    HotlineSettings(PolicyCache policies) {
        this.policies = policies;
    }

    Mono<Void> replaceDeadlineRules(TownContext town, List<HotlineSettingsController.DeadlineRule> rules) {
        var keys = new HashSet<String>();
        for (var rule : rules) {
            if (!keys.add(rule.kind() + "/" + rule.categoryCode() + "/" + rule.priority())) {
                return Mono.error(ProblemException.badRequest("duplicate-deadline-rule", "Two rules for " + rule.kind() + ", "
                        + rule.categoryCode() + ", " + rule.priority() + "."));
            }
        }
        if (rules.stream().noneMatch(r -> r.kind() == null && r.categoryCode() == null && r.priority() == null)) {
            return Mono.error(ProblemException.badRequest("default-deadline-rule-required",
                    "One rule without kind, category and priority sets the deadlines of every other ticket."));
        }
        var categories = rules.stream().map(HotlineSettingsController.DeadlineRule::categoryCode).filter(java.util.Objects::nonNull).distinct().toList();
        return Flux.from(town.dsl().select(TICKET_CATEGORY.CODE).from(TICKET_CATEGORY).where(TICKET_CATEGORY.CODE.in(categories)))
                .count()
                .flatMap(found -> found < categories.size()
                        ? Mono.error(ProblemException.badRequest("unknown-category", "A rule names a category this town does not have."))
                        : Reactive.one(town.dsl().transactionPublisher(trx -> Reactive.run(trx.dsl().deleteFrom(TICKET_DEADLINE_RULE))
                                .thenMany(Flux.fromIterable(rules).concatMap(rule -> Reactive.run(trx.dsl().insertInto(TICKET_DEADLINE_RULE)
                                        .set(TICKET_DEADLINE_RULE.KIND, rule.kind() == null ? null : rule.kind().name())
                                        .set(TICKET_DEADLINE_RULE.CATEGORY_CODE, rule.categoryCode())
                                        .set(TICKET_DEADLINE_RULE.PRIORITY, rule.priority() == null ? null : rule.priority().name())
                                        .set(TICKET_DEADLINE_RULE.ACCEPT_MINUTES, rule.acceptMinutes())
                                        .set(TICKET_DEADLINE_RULE.RESOLVE_MINUTES, rule.resolveMinutes())
                                        .set(TICKET_DEADLINE_RULE.WORKING_TIME, Boolean.TRUE.equals(rule.workingTime()))))).then(Mono.just(1)))))
                .then(Mono.fromRunnable(() -> policies.forget(town.slug())));
    }

    Mono<Void> replaceCalendar(TownContext town, HotlineSettingsController.WorkingCalendar calendar) {
        var weekdays = new HashSet<Integer>();
        for (var hours : calendar.weekly()) {
            if (!hours.startsAt().isBefore(hours.endsAt()) || !weekdays.add(hours.dayOfWeek())) {
                return Mono.error(ProblemException.badRequest("invalid-working-hours", "One entry per weekday, starting before it ends."));
            }
        }
        if (calendar.weekly().isEmpty()) {
            return Mono.error(ProblemException.badRequest("invalid-working-hours", "A working week needs at least one working day."));
        }
        if (calendar.days().stream().map(HotlineSettingsController.CalendarDay::day).distinct().count() < calendar.days().size()) {
            return Mono.error(ProblemException.badRequest("duplicate-calendar-day", "A day appears twice."));
        }
        return Reactive.one(town.dsl().transactionPublisher(trx -> Reactive.run(trx.dsl().deleteFrom(WORKING_HOURS))
                        .then(Reactive.run(trx.dsl().deleteFrom(WORKING_CALENDAR_DAY)))
                        .thenMany(Flux.fromIterable(calendar.weekly()).concatMap(h -> Reactive.run(trx.dsl().insertInto(WORKING_HOURS)
                                .set(WORKING_HOURS.DAY_OF_WEEK, h.dayOfWeek().shortValue())
                                .set(WORKING_HOURS.STARTS_AT, h.startsAt()).set(WORKING_HOURS.ENDS_AT, h.endsAt()))))
                        .thenMany(Flux.fromIterable(calendar.days()).concatMap(d -> Reactive.run(trx.dsl().insertInto(WORKING_CALENDAR_DAY)
                                .set(WORKING_CALENDAR_DAY.DAY, d.day()).set(WORKING_CALENDAR_DAY.WORKING, d.working())
                                .set(WORKING_CALENDAR_DAY.NOTE, d.note()))))
                        .then(Mono.just(1))))
                .then(Mono.fromRunnable(() -> policies.forget(town.slug())));
    }
}
