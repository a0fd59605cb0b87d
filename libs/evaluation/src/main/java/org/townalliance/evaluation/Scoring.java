package org.townalliance.evaluation;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Scores organisations under a scheme; pure and deterministic (BigDecimal, fixed rounding), so a period
 * computed again from the same facts gives the same numbers, and every rule is unit-tested.
 * <ul>
 *   <li>An indicator counts for an organisation only with enough data: a sample of at least the scheme's
 *       minimum (and more than zero where the value is a ratio); otherwise "not enough data", never a rank.</li>
 *   <li>Normalised to 0–100: SCALE maps [lower, upper] linearly and clamps; RANGE maps the lowest and highest
 *       value among organisations with enough data; when they are all equal the indicator separates nobody and
 *       counts for no one. Lower-is-better indicators are turned around.</li>
 *   <li>Contribution = weight × normalised ÷ the weights the organisation has enough data for, so the
 *       contributions add up to the score (0–100); coverage is that sum of weights. Organisations with
 *       coverage below {@value #MIN_COVERAGE} are not ranked. Equal scores share a rank (1, 2, 2, 4).</li>
 * </ul>
 */
final class Scoring {

    static final int MIN_COVERAGE = 50;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private Scoring() {
    }

    enum Normalisation { SCALE, RANGE }

    record Setting(Indicator indicator, BigDecimal weight, Normalisation normalisation, BigDecimal lower, BigDecimal upper, int minSample) {
    }

    /** The raw value (null when undefined, e.g. no tickets) and the sample it rests on. */
    record Measure(BigDecimal raw, int sample) {
    }

    record Organisation(UUID id, String nameZh, Map<Indicator, Measure> measures) {
    }

    record Value(Indicator indicator, BigDecimal raw, int sample, boolean enough, BigDecimal normalised, BigDecimal weight, BigDecimal contribution) {
    }

    record Total(UUID organisationId, String nameZh, BigDecimal score, BigDecimal coverage, Integer rank, List<Value> values) {
    }

    static List<Total> score(List<Organisation> organisations, List<Setting> scheme) {
        var ranges = new EnumMap<Indicator, BigDecimal[]>(Indicator.class);
        for (var setting : scheme) {
            if (setting.normalisation() == Normalisation.RANGE) {
                var values = organisations.stream().map(o -> o.measures().get(setting.indicator()))
                        .filter(m -> enough(m, setting)).map(Measure::raw).toList();
                var lowest = values.stream().min(Comparator.naturalOrder());
                var highest = values.stream().max(Comparator.naturalOrder());
                if (lowest.isPresent() && lowest.get().compareTo(highest.get()) < 0) {
                    ranges.put(setting.indicator(), new BigDecimal[]{lowest.get(), highest.get()});
                }
            }
        }
        var totals = new ArrayList<Total>();
        for (var organisation : organisations) {
            var covered = scheme.stream().filter(s -> counts(organisation.measures().get(s.indicator()), s, ranges))
                    .map(Setting::weight).reduce(BigDecimal.ZERO, BigDecimal::add);
            var values = new ArrayList<Value>();
            var score = BigDecimal.ZERO;
            for (var setting : scheme) {
                var measure = organisation.measures().get(setting.indicator());
                var raw = measure == null ? null : measure.raw();
                var sample = measure == null ? 0 : measure.sample();
                if (!counts(measure, setting, ranges)) {
                    values.add(new Value(setting.indicator(), raw, sample, false, null, setting.weight(), null));
                    continue;
                }
                var normalised = normalise(raw, setting, ranges.get(setting.indicator()));
                var contribution = setting.weight().multiply(normalised).divide(covered, 3, RoundingMode.HALF_UP);
                score = score.add(contribution);
                values.add(new Value(setting.indicator(), raw, sample, true, normalised, setting.weight(), contribution));
            }
            var ranked = covered.compareTo(BigDecimal.valueOf(MIN_COVERAGE)) >= 0;
            totals.add(new Total(organisation.id(), organisation.nameZh(), covered.signum() == 0 ? null : score, covered, ranked ? 0 : null, values));
        }
        return ranked(totals);
    }

    /** Enough data, and for RANGE a period in which organisations differ at all (a range of one value separates nobody). */
    private static boolean counts(Measure measure, Setting setting, Map<Indicator, BigDecimal[]> ranges) {
        return enough(measure, setting) && (setting.normalisation() == Normalisation.SCALE || ranges.containsKey(setting.indicator()));
    }

    private static boolean enough(Measure measure, Setting setting) {
        return measure != null && measure.raw() != null && measure.sample() >= setting.minSample();
    }

    static BigDecimal normalise(BigDecimal raw, Setting setting, BigDecimal[] range) {
        var lower = setting.normalisation() == Normalisation.SCALE ? setting.lower() : range[0];
        var upper = setting.normalisation() == Normalisation.SCALE ? setting.upper() : range[1];
        var position = raw.subtract(lower).multiply(HUNDRED).divide(upper.subtract(lower), 6, RoundingMode.HALF_UP);
        var clamped = position.max(BigDecimal.ZERO).min(HUNDRED);
        var directed = setting.indicator().higherIsBetter ? clamped : HUNDRED.subtract(clamped);
        return directed.setScale(3, RoundingMode.HALF_UP);
    }

    /** Best first; organisations without a rank after, by name; equal scores share a rank. */
    private static List<Total> ranked(List<Total> totals) {
        var ordered = new ArrayList<>(totals);
        ordered.sort(Comparator.comparing((Total t) -> t.rank() == null)
                .thenComparing(t -> t.score() == null ? BigDecimal.valueOf(-1) : t.score(), Comparator.reverseOrder())
                .thenComparing(Total::nameZh));
        var result = new ArrayList<Total>();
        BigDecimal previous = null;
        var rank = 0;
        for (int i = 0; i < ordered.size(); i++) {
            var total = ordered.get(i);
            if (total.rank() == null) {
                result.add(total);
                continue;
            }
            if (previous == null || total.score().compareTo(previous) != 0) {
                rank = i + 1;
                previous = total.score();
            }
            result.add(new Total(total.organisationId(), total.nameZh(), total.score(), total.coverage(), rank, total.values()));
        }
        return result;
    }
}
