package org.townalliance.evaluation;

import org.townalliance.web.ProblemException;

import java.time.LocalDate;
import java.util.regex.Pattern;

/** An evaluation period: a year ("2026") or a quarter ("2026-Q3"), as [from, until) in the town's calendar. */
record Period(String label, LocalDate from, LocalDate until) {

    private static final Pattern FORMAT = Pattern.compile("^(20\\d{2})(?:-Q([1-4]))?$");

    static Period parse(String label) {
        var match = label == null ? null : FORMAT.matcher(label);
        if (match == null || !match.matches()) {
            throw ProblemException.badRequest("invalid-period", "A period is a year (2026) or a quarter (2026-Q3).");
        }
        var year = Integer.parseInt(match.group(1));
        if (match.group(2) == null) {
            return new Period(label, LocalDate.of(year, 1, 1), LocalDate.of(year + 1, 1, 1));
        }
        var from = LocalDate.of(year, (Integer.parseInt(match.group(2)) - 1) * 3 + 1, 1);
        return new Period(label, from, from.plusMonths(3));
    }

    int days() {
        return (int) (until.toEpochDay() - from.toEpochDay());
    }
}
