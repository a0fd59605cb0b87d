package org.townalliance.notifications;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * A person's quiet hours ({@code from} to {@code until} in their time zone, possibly over midnight): an SMS due inside
 * them waits until they end. Pure, so that its edges (midnight, a window ending at its start) are tested alone.
 */
record QuietHours(LocalTime from, LocalTime until, ZoneId zone) {

    /** The platform's default for people who chose none, and for residents: no SMS from 22:00 to 07:00. */
    static QuietHours night(ZoneId zone) {
        return new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0), zone);
    }

    /** When an SMS due at {@code now} may go: {@code now} itself outside the quiet hours, else their end. */
    Instant sendAt(Instant now) {
        if (from == null || until == null || from.equals(until)) {
            return now;
        }
        var local = ZonedDateTime.ofInstant(now, zone);
        var time = local.toLocalTime();
        var overMidnight = from.isAfter(until);
        var quiet = overMidnight ? !time.isBefore(from) || time.isBefore(until) : !time.isBefore(from) && time.isBefore(until);
        if (!quiet) {
            return now;
        }
        var end = local.with(until).withSecond(0).withNano(0);
        if (!end.isAfter(local)) {
            end = end.plusDays(1);
        }
        return end.toInstant();
    }
}
