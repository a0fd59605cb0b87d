package org.townalliance.evaluation;

import org.jooq.DSLContext;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Computing a period: the facts known at "as of" (the period's end plus {@value #SETTLE_DAYS} days, when
 * late ratings and reopenings have come in; until then, now) and what the secretariat had entered by the
 * time of the computation (inspections), scored under a scheme version and stored
 * as the period's draft. Computing a stored run again from its own "as of" and version must give the same
 * numbers; {@link #differences} says where it does not.
 */
final class Evaluations {

    static final int SETTLE_DAYS = 30;

    private Evaluations() {
    }

    record Difference(UUID organisationId, String nameZh, String what, String stored, String recomputed) {
    }

    record Check(UUID runId, boolean identical, List<Difference> differences) {
    }

    static OffsetDateTime asOf(Period period, ZoneId zone, OffsetDateTime now) {
        var settled = period.until().plusDays(SETTLE_DAYS).atStartOfDay(zone).toOffsetDateTime();
        return now.isAfter(settled) ? settled : now;
    }

    static Mono<List<Scoring.Total>> score(DSLContext town, ZoneId zone, Period period, OffsetDateTime asOf, OffsetDateTime computedAt,
                                           Schemes.Scheme scheme) {
        return Facts.gather(town, zone, period, asOf, computedAt).map(organisations -> Scoring.score(organisations, scheme.indicators()));
    }

    static Mono<UUID> compute(DSLContext town, ZoneId zone, Period period, Schemes.Scheme scheme, String actor) {
        // Microseconds, as PostgreSQL keeps them: the stored time bounds the facts again when the run is recomputed.
        var now = OffsetDateTime.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        var asOf = asOf(period, zone, now);
        var started = System.nanoTime();
        return score(town, zone, period, asOf, now, scheme).flatMap(totals -> Runs.store(town, period, asOf, now, scheme.version(), totals, actor,
                (int) ((System.nanoTime() - started) / 1_000_000)));
    }

    static Mono<Check> recompute(DSLContext town, ZoneId zone, UUID runId) {
        return Runs.find(town, runId).flatMap(stored -> Schemes.version(town, stored.run().schemeVersion())
                .flatMap(scheme -> score(town, zone, Period.parse(stored.run().period()), stored.run().asOf(), stored.run().computedAt(), scheme))
                .map(again -> {
                    var differences = differences(stored.totals(), again);
                    return new Check(runId, differences.isEmpty(), differences);
                }));
    }

    static List<Difference> differences(List<Scoring.Total> stored, List<Scoring.Total> again) {
        var byOrganisation = again.stream().collect(Collectors.toMap(Scoring.Total::organisationId, Function.identity()));
        var differences = new ArrayList<Difference>();
        for (var before : stored) {
            var after = byOrganisation.remove(before.organisationId());
            if (after == null) {
                differences.add(new Difference(before.organisationId(), before.nameZh(), "organisation", "present", "absent"));
                continue;
            }
            compare(differences, before, "score", before.score(), after.score());
            compare(differences, before, "rank", before.rank(), after.rank());
            compare(differences, before, "coverage", before.coverage(), after.coverage());
            Map<Indicator, Scoring.Value> values = after.values().stream().collect(Collectors.toMap(Scoring.Value::indicator, Function.identity()));
            for (var value : before.values()) {
                var other = values.get(value.indicator());
                compare(differences, before, value.indicator() + ".raw", value.raw(), other == null ? null : other.raw());
                compare(differences, before, value.indicator() + ".normalised", value.normalised(), other == null ? null : other.normalised());
                compare(differences, before, value.indicator() + ".contribution", value.contribution(), other == null ? null : other.contribution());
            }
        }
        byOrganisation.values().forEach(t -> differences.add(new Difference(t.organisationId(), t.nameZh(), "organisation", "absent", "present")));
        return differences;
    }

    private static void compare(List<Difference> differences, Scoring.Total total, String what, Object stored, Object again) {
        var same = stored instanceof java.math.BigDecimal a && again instanceof java.math.BigDecimal b ? a.compareTo(b) == 0
                : java.util.Objects.equals(stored, again);
        if (!same) {
            differences.add(new Difference(total.organisationId(), total.nameZh(), what, String.valueOf(stored), String.valueOf(again)));
        }
    }
}
