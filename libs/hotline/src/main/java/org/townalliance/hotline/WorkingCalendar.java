package org.townalliance.hotline;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;

/**
 * A town's working time, for deadlines that count working minutes only: weekly hours per day of the
 * week, and days that break the week (public holidays off; the make-up working days of China's holiday
 * shifts, 调休, on a weekend). Pure: no I/O, so deadline rules are tested without a database.
 */
record WorkingCalendar(ZoneId zone, Map<DayOfWeek, Hours> weekly, Map<LocalDate, Boolean> exceptions) {

    /** Working hours of one day, {@code starts} before {@code ends}. */
    record Hours(LocalTime starts, LocalTime ends) {
    }

    /** How far ahead a deadline may look for working time before the calendar is judged empty. */
    private static final int MAX_DAYS = 3 * 366;

    /** Round the clock in {@code zone}: the default for hotline deadlines. */
    static Instant addClockMinutes(Instant start, long minutes) {
        return start.plus(Duration.ofMinutes(minutes));
    }

    /** The instant at which {@code minutes} of working time after {@code start} have passed. */
    Instant addWorkingMinutes(Instant start, long minutes) {
        var remaining = Duration.ofMinutes(minutes);
        var cursor = start.atZone(zone);
        for (int i = 0; i < MAX_DAYS; i++) {
            var day = cursor.toLocalDate();
            var hours = hoursOn(day);
            if (hours != null) {
                var open = day.atTime(hours.starts()).atZone(zone);
                var close = day.atTime(hours.ends()).atZone(zone);
                var from = cursor.isAfter(open) ? cursor : open;
                if (from.isBefore(close)) {
                    var available = Duration.between(from, close);
                    if (available.compareTo(remaining) >= 0) {
                        return from.plus(remaining).toInstant();
                    }
                    remaining = remaining.minus(available);
                }
            }
            cursor = day.plusDays(1).atStartOfDay(zone);
        }
        throw new IllegalStateException("No working time within " + MAX_DAYS + " days of " + start);
    }

    /** The working hours of {@code day}, or null when it is not a working day. */
    Hours hoursOn(LocalDate day) {
        var exception = exceptions.get(day);
        var usual = weekly.get(day.getDayOfWeek());
        if (exception == null) {
            return usual;
        }
        if (!exception) {
            return null;
        }
        // A make-up working day on a weekend keeps the hours of an ordinary weekday.
        return usual != null ? usual : weekly.values().stream().findFirst().orElse(null);
    }
}
