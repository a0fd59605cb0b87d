package org.townalliance.hotline;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A town's deadline rules and how a ticket gets its deadlines: the most specific rule that matches the
 * ticket's kind, category (or its parent category) and priority wins; an emergency counts as URGENT.
 * Pure: no I/O.
 */
record DeadlinePolicy(List<Rule> rules, WorkingCalendar calendar) {

    /** A rule; null fields match anything. Minutes count round the clock unless {@code workingTime}. */
    record Rule(String kind, String categoryCode, String priority, int acceptMinutes, int resolveMinutes, boolean workingTime) {

        boolean matches(String kind, String category, String parentCategory, String priority) {
            return (this.kind == null || this.kind.equals(kind))
                    && (categoryCode == null || categoryCode.equals(category) || categoryCode.equals(parentCategory))
                    && (this.priority == null || this.priority.equals(priority));
        }

        /** Priority is the most specific part, then the exact category, the parent category, the kind. */
        int specificity(String category) {
            return (priority != null ? 8 : 0) + (categoryCode != null ? (categoryCode.equals(category) ? 4 : 2) : 0) + (kind != null ? 1 : 0);
        }
    }

    /** The ticket's deadlines. */
    record Due(Instant acceptBy, Instant resolveBy) {
    }

    Optional<Rule> ruleFor(String kind, String category, String parentCategory, String priority, boolean emergency) {
        var effectivePriority = emergency ? "URGENT" : priority;
        return rules.stream()
                .filter(rule -> rule.matches(kind, category, parentCategory, effectivePriority))
                .max(Comparator.comparingInt(rule -> rule.specificity(category)));
    }

    /** When a ticket received at {@code received} must be resolved; the city hotline's own deadline if earlier. */
    Optional<Instant> resolveBy(Optional<Rule> rule, Instant received, Instant cityDeadline) {
        var ours = rule.map(r -> add(r, received, r.resolveMinutes()));
        if (cityDeadline == null) {
            return ours;
        }
        return Optional.of(ours.filter(own -> own.isBefore(cityDeadline)).orElse(cityDeadline));
    }

    /** When a ticket dispatched at {@code dispatched} must be accepted. */
    Optional<Instant> acceptBy(Optional<Rule> rule, Instant dispatched) {
        return rule.map(r -> add(r, dispatched, r.acceptMinutes()));
    }

    /** When to warn that the resolve deadline comes near ({@code percent} of the time used). */
    static Instant warningAt(Instant from, Instant due, int percent) {
        var span = java.time.Duration.between(from, due);
        return from.plus(span.multipliedBy(percent).dividedBy(100));
    }

    private Instant add(Rule rule, Instant start, int minutes) {
        return rule.workingTime() ? calendar.addWorkingMinutes(start, minutes) : WorkingCalendar.addClockMinutes(start, minutes);
    }
}
