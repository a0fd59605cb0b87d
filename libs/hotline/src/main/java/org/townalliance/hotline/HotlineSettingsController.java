package org.townalliance.hotline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.db.Reactive;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;

import static org.townalliance.db.jooq.town.Tables.HOTLINE_POLICY;
import static org.townalliance.db.jooq.town.Tables.TICKET_DEADLINE_RULE;
import static org.townalliance.db.jooq.town.Tables.WORKING_CALENDAR_DAY;
import static org.townalliance.db.jooq.town.Tables.WORKING_HOURS;

/**
 * The town's hotline policy, set by its secretariat: windows (reopen, duplicate detection, rating link,
 * deadline warning), deadline rules, and the working calendar that working-time deadlines count in.
 * Rule sets and calendars are replaced whole, in one transaction.
 */
@RestController
@RequestMapping(path = "/api/towns/{town}/hotline", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town: hotline settings")
class HotlineSettingsController {

    private final PolicyCache policies;
    private final HotlineSettings settings;

    HotlineSettingsController(PolicyCache policies, HotlineSettings settings) {
        this.settings = settings;
        this.policies = policies;
    }

    record Policy(@NotNull @Min(0) @Max(90) Integer reopenWindowDays, @NotNull @Min(1) @Max(720) Integer duplicateWindowHours,
                  @NotNull @Min(1) @Max(90) Integer ratingLinkDays, @NotNull @Min(0) @Max(99) Integer resolveWarningPercent) {
    }

    record DeadlineRule(TicketsController.Kind kind, @Size(max = 40) String categoryCode, TicketsController.Priority priority,
                        @NotNull @Min(1) @Max(525_600) Integer acceptMinutes, @NotNull @Min(1) @Max(525_600) Integer resolveMinutes,
                        Boolean workingTime) {
    }

    record WeekdayHours(@NotNull @Min(1) @Max(7) Integer dayOfWeek, @NotNull LocalTime startsAt, @NotNull LocalTime endsAt) {
    }

    record CalendarDay(@NotNull LocalDate day, @NotNull Boolean working, @Size(max = 100) String note) {
    }

    record WorkingCalendar(@NotNull @Size(max = 7) List<@Valid WeekdayHours> weekly, @NotNull @Size(max = 1000) List<@Valid CalendarDay> days) {
    }

    @GetMapping("/policy")
    @TownAccess(anyRole = true)
    Mono<Policy> policy(TownContext town) {
        return HotlinePolicies.load(town.dsl(), town.town().timezone()).map(p -> new Policy(p.settings().getReopenWindowDays(),
                p.settings().getDuplicateWindowHours(), p.settings().getRatingLinkDays(), p.settings().getResolveWarningPercent()));
    }

    @PutMapping(path = "/policy", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Reopen window (days), duplicate window (hours), rating-link validity (days), deadline warning (% of the time)")
    Mono<Policy> putPolicy(TownContext town, @Valid @RequestBody Policy policy) {
        return Reactive.run(town.dsl().insertInto(HOTLINE_POLICY)
                        .set(HOTLINE_POLICY.ID, (short) 1)
                        .set(HOTLINE_POLICY.REOPEN_WINDOW_DAYS, policy.reopenWindowDays())
                        .set(HOTLINE_POLICY.DUPLICATE_WINDOW_HOURS, policy.duplicateWindowHours())
                        .set(HOTLINE_POLICY.RATING_LINK_DAYS, policy.ratingLinkDays())
                        .set(HOTLINE_POLICY.RESOLVE_WARNING_PERCENT, policy.resolveWarningPercent())
                        .set(HOTLINE_POLICY.UPDATED_BY, town.caller().actor())
                        .onConflict(HOTLINE_POLICY.ID).doUpdate()
                        .set(HOTLINE_POLICY.REOPEN_WINDOW_DAYS, policy.reopenWindowDays())
                        .set(HOTLINE_POLICY.DUPLICATE_WINDOW_HOURS, policy.duplicateWindowHours())
                        .set(HOTLINE_POLICY.RATING_LINK_DAYS, policy.ratingLinkDays())
                        .set(HOTLINE_POLICY.RESOLVE_WARNING_PERCENT, policy.resolveWarningPercent())
                        .set(HOTLINE_POLICY.UPDATED_BY, town.caller().actor())
                        .set(HOTLINE_POLICY.UPDATED_AT, OffsetDateTime.now()))
                .then(Mono.fromRunnable(() -> policies.forget(town.slug())))
                .thenReturn(policy);
    }

    @GetMapping("/deadline-rules")
    @TownAccess(anyRole = true)
    Mono<List<DeadlineRule>> deadlineRules(TownContext town) {
        return Flux.from(town.dsl().selectFrom(TICKET_DEADLINE_RULE)
                        .orderBy(TICKET_DEADLINE_RULE.PRIORITY.nullsFirst(), TICKET_DEADLINE_RULE.CATEGORY_CODE.nullsFirst(), TICKET_DEADLINE_RULE.KIND.nullsFirst()))
                .map(r -> new DeadlineRule(r.getKind() == null ? null : TicketsController.Kind.valueOf(r.getKind()), r.getCategoryCode(),
                        r.getPriority() == null ? null : TicketsController.Priority.valueOf(r.getPriority()),
                        r.getAcceptMinutes(), r.getResolveMinutes(), Boolean.TRUE.equals(r.getWorkingTime())))
                .collectList();
    }

    @PutMapping(path = "/deadline-rules", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Replace the deadline rules; the most specific matching rule sets a new ticket's deadlines; one rule must match everything")
    Mono<List<DeadlineRule>> putDeadlineRules(TownContext town, @Valid @RequestBody @Size(min = 1, max = 500) List<@Valid DeadlineRule> rules) {
        return settings.replaceDeadlineRules(town, rules)
                .then(deadlineRules(town));
    }

    @GetMapping("/working-calendar")
    @TownAccess(anyRole = true)
    Mono<WorkingCalendar> calendar(TownContext town) {
        var weekly = Flux.from(town.dsl().selectFrom(WORKING_HOURS).orderBy(WORKING_HOURS.DAY_OF_WEEK))
                .map(h -> new WeekdayHours((int) h.getDayOfWeek(), h.getStartsAt(), h.getEndsAt())).collectList();
        var days = Flux.from(town.dsl().selectFrom(WORKING_CALENDAR_DAY).orderBy(WORKING_CALENDAR_DAY.DAY))
                .map(d -> new CalendarDay(d.getDay(), d.getWorking(), d.getNote())).collectList();
        return Mono.zip(weekly, days).map(t -> new WorkingCalendar(t.getT1(), t.getT2()));
    }

    @PutMapping(path = "/working-calendar", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Replace the working hours per weekday (1 = Monday) and the exceptional days (holidays off, make-up working days)")
    Mono<WorkingCalendar> putCalendar(TownContext town, @Valid @RequestBody WorkingCalendar calendar) {
        return settings.replaceCalendar(town, calendar)
                .then(calendar(town));
    }
}
