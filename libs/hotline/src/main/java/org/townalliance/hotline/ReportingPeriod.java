package org.townalliance.hotline;

import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/** The days figures are counted over, as the town's people name them (default: this month so far); at most five years. */
record ReportingPeriod(LocalDate from, LocalDate to, OffsetDateTime start, OffsetDateTime end) {

    static Mono<ReportingPeriod> of(ZoneId zone, LocalDate from, LocalDate to) {
        var today = LocalDate.now(zone);
        var first = from != null ? from : today.withDayOfMonth(1);
        var last = to != null ? to : today;
        if (last.isBefore(first) || first.plusYears(5).isBefore(last)) {
            return Mono.error(ProblemException.badRequest("invalid-date-range", "'to' is on or after 'from', at most five years later."));
        }
        return Mono.just(new ReportingPeriod(first, last, first.atStartOfDay(zone).toOffsetDateTime(),
                last.plusDays(1).atStartOfDay(zone).toOffsetDateTime()));
    }
}
