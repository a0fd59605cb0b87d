package org.townalliance.hotline;

import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Deadline rules and the working calendar, checked by hand against Shanghai's calendar, without a database. */
class DeadlinePolicyTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    private static WorkingCalendar officeHours(Map<LocalDate, Boolean> exceptions) {
        var weekly = new EnumMap<DayOfWeek, WorkingCalendar.Hours>(DayOfWeek.class);
        for (var day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            weekly.put(day, new WorkingCalendar.Hours(LocalTime.of(8, 30), LocalTime.of(17, 30)));
        }
        return new WorkingCalendar(SHANGHAI, weekly, exceptions);
    }

    private static Instant at(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(SHANGHAI).toInstant();
    }

    @Test
    void workingMinutesSkipNightsWeekendsAndHolidaysAndCountMakeUpWorkingDays() {
        var plain = officeHours(Map.of());
        // Friday 16:30 + 120 working minutes: 60 on Friday, 60 on Monday from 08:30.
        assertThat(plain.addWorkingMinutes(at("2026-11-27T16:30"), 120)).isEqualTo(at("2026-11-30T09:30"));
        // Saturday night counts from Monday's opening.
        assertThat(plain.addWorkingMinutes(at("2026-11-28T22:00"), 30)).isEqualTo(at("2026-11-30T09:00"));
        // Exactly a full day ends at closing time, not the next morning.
        assertThat(plain.addWorkingMinutes(at("2026-11-30T08:30"), 540)).isEqualTo(at("2026-11-30T17:30"));
        // 2026-10-01 (Thursday) is a holiday; Saturday 2026-10-10 a make-up working day (调休).
        var holidays = officeHours(Map.of(LocalDate.parse("2026-10-01"), false, LocalDate.parse("2026-10-02"), false,
                LocalDate.parse("2026-10-10"), true));
        assertThat(holidays.addWorkingMinutes(at("2026-09-30T17:00"), 60)).isEqualTo(at("2026-10-05T09:00"));
        assertThat(holidays.addWorkingMinutes(at("2026-10-09T17:00"), 60)).isEqualTo(at("2026-10-10T09:00"));
    }

    @Test
    void theMostSpecificRuleWinsAndAnEmergencyCountsAsUrgent() {
        var rules = List.of(
                new DeadlinePolicy.Rule(null, null, null, 30, 1440, false),
                new DeadlinePolicy.Rule(null, null, "URGENT", 10, 120, false),
                new DeadlinePolicy.Rule(null, "repairs", null, 20, 720, false),
                new DeadlinePolicy.Rule(null, "repairs-elevator", null, 15, 240, false),
                new DeadlinePolicy.Rule("SUGGESTION", null, null, 480, 7200, true));
        var policy = new DeadlinePolicy(rules, officeHours(Map.of()));
        assertThat(policy.ruleFor("SERVICE_REQUEST", "noise", null, "NORMAL", false)).map(DeadlinePolicy.Rule::resolveMinutes).contains(1440);
        assertThat(policy.ruleFor("SERVICE_REQUEST", "repairs-water", "repairs", "NORMAL", false)).map(DeadlinePolicy.Rule::resolveMinutes).contains(720);
        assertThat(policy.ruleFor("SERVICE_REQUEST", "repairs-elevator", "repairs", "NORMAL", false)).map(DeadlinePolicy.Rule::resolveMinutes).contains(240);
        assertThat(policy.ruleFor("SERVICE_REQUEST", "repairs-elevator", "repairs", "NORMAL", true)).map(DeadlinePolicy.Rule::resolveMinutes).contains(120);
        assertThat(policy.ruleFor("SUGGESTION", "greening", null, "LOW", false)).map(DeadlinePolicy.Rule::workingTime).contains(true);
        assertThat(new DeadlinePolicy(List.of(), officeHours(Map.of())).ruleFor("COMPLAINT", "fees", null, "NORMAL", false)).isEmpty();
    }

    @Test
    void theCityDeadlineWinsWhenItIsEarlierAndWarningsComeAtTheirShare() {
        var policy = new DeadlinePolicy(List.of(new DeadlinePolicy.Rule(null, null, null, 30, 1440, false)), officeHours(Map.of()));
        var rule = policy.ruleFor("COMPLAINT", "fees", null, "NORMAL", false);
        var received = at("2026-11-28T10:00");
        assertThat(policy.resolveBy(rule, received, null)).contains(at("2026-11-29T10:00"));
        assertThat(policy.resolveBy(rule, received, at("2026-11-28T18:00"))).contains(at("2026-11-28T18:00"));
        assertThat(policy.resolveBy(rule, received, at("2026-12-01T18:00"))).contains(at("2026-11-29T10:00"));
        assertThat(policy.resolveBy(Optional.empty(), received, at("2026-12-01T18:00"))).contains(at("2026-12-01T18:00"));
        assertThat(policy.acceptBy(rule, received)).contains(at("2026-11-28T10:30"));
        assertThat(DeadlinePolicy.warningAt(received, at("2026-11-29T10:00"), 75)).isEqualTo(at("2026-11-29T04:00"));
    }
}
