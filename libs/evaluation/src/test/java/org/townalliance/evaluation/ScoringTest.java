package org.townalliance.evaluation;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Scoring on hand-made organisations, each figure worked out by hand in the comments. */
class ScoringTest {

    private static final Scoring.Setting ON_TIME = new Scoring.Setting(Indicator.ON_TIME_RATE, bd("60"), Scoring.Normalisation.SCALE, bd("0"), bd("100"), 10);
    private static final Scoring.Setting COMPLAINTS = new Scoring.Setting(Indicator.COMPLAINTS_PER_1000, bd("20"), Scoring.Normalisation.SCALE,
            bd("0"), bd("10"), 100);
    private static final Scoring.Setting HOURS = new Scoring.Setting(Indicator.GOVERNANCE_HOURS, bd("20"), Scoring.Normalisation.RANGE, null, null, 0);
    private static final List<Scoring.Setting> SCHEME = List.of(ON_TIME, COMPLAINTS, HOURS);

    @Test
    void contributionsAddUpToTheScoreAndLowerIsBetterIsTurnedAround() {
        var a = org("甲物业", Map.of(Indicator.ON_TIME_RATE, m("90", 50), Indicator.COMPLAINTS_PER_1000, m("2.5", 800),
                Indicator.GOVERNANCE_HOURS, m("40", 1)));
        var b = org("乙物业", Map.of(Indicator.ON_TIME_RATE, m("70", 40), Indicator.COMPLAINTS_PER_1000, m("12", 1200),
                Indicator.GOVERNANCE_HOURS, m("10", 1)));
        var totals = Scoring.score(List.of(b, a), SCHEME);
        // A: on-time 90 → 90; complaints 2.5 of [0,10], lower better → 75; hours 40 is the range's top → 100.
        //    54 + 15 + 20 = 89.  B: 70 → 42; 12 clamps to 10 → 0; hours 10 is the bottom → 0: 42.
        assertThat(totals).extracting(Scoring.Total::nameZh, t -> t.score().toPlainString(), Scoring.Total::rank)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("甲物业", "89.000", 1), org.assertj.core.groups.Tuple.tuple("乙物业", "42.000", 2));
        var first = totals.getFirst();
        assertThat(first.values()).extracting(v -> v.contribution().toPlainString()).containsExactly("54.000", "15.000", "20.000");
        assertThat(first.coverage()).isEqualByComparingTo("100");
    }

    @Test
    void tooSmallASampleIsNotEnoughDataAndTheOtherWeightsCarryTheScore() {
        // 8 tickets due is below the minimum of 10: on-time does not count for C. Both have 5 hours: a range of one
        // value separates nobody, so hours count for neither. C covers 20 (complaints) of 100: scored, not ranked.
        var few = org("丙物业", Map.of(Indicator.ON_TIME_RATE, m("100", 8), Indicator.COMPLAINTS_PER_1000, m("0", 300),
                Indicator.GOVERNANCE_HOURS, m("5", 1)));
        var many = org("丁物业", Map.of(Indicator.ON_TIME_RATE, m("50", 30), Indicator.GOVERNANCE_HOURS, m("5", 1)));
        var totals = Scoring.score(List.of(few, many), SCHEME);
        var c = totals.stream().filter(t -> t.nameZh().equals("丙物业")).findFirst().orElseThrow();
        assertThat(c.values().getFirst().enough()).isFalse();
        assertThat(c.values().getFirst().normalised()).isNull();
        assertThat(c.values().get(2).enough()).isFalse();
        assertThat(c.coverage()).isEqualByComparingTo("20");
        assertThat(c.rank()).isNull();
        // complaints 0 → 100 × 20 / 20 = 100.
        assertThat(c.score()).isEqualByComparingTo("100");
        // D: on-time 50 → 50 × 60 / 60 = 50, coverage 60, ranked.
        var d = totals.getFirst();
        assertThat(d.nameZh()).isEqualTo("丁物业");
        assertThat(d.score()).isEqualByComparingTo("50");
        assertThat(d.coverage()).isEqualByComparingTo("60");
        assertThat(d.rank()).isEqualTo(1);
    }

    @Test
    void equalScoresShareARankAndTheOrderIsStable() {
        var one = org("A", Map.of(Indicator.ON_TIME_RATE, m("80", 20)));
        var two = org("B", Map.of(Indicator.ON_TIME_RATE, m("80", 20)));
        var three = org("C", Map.of(Indicator.ON_TIME_RATE, m("60", 20)));
        var scheme = List.of(new Scoring.Setting(Indicator.ON_TIME_RATE, bd("100"), Scoring.Normalisation.SCALE, bd("0"), bd("100"), 10));
        assertThat(Scoring.score(List.of(three, two, one), scheme)).extracting(Scoring.Total::nameZh, Scoring.Total::rank)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("A", 1), org.assertj.core.groups.Tuple.tuple("B", 1),
                        org.assertj.core.groups.Tuple.tuple("C", 3));
        assertThat(Scoring.score(List.of(three, two, one), scheme)).isEqualTo(Scoring.score(List.of(one, two, three), scheme));
    }

    @Test
    void anUndefinedRatioIsNotEnoughDataEvenWithoutAMinimum() {
        var scheme = List.of(new Scoring.Setting(Indicator.SATISFACTION, bd("100"), Scoring.Normalisation.SCALE, bd("0"), bd("100"), 0));
        var total = Scoring.score(List.of(org("E", Map.of(Indicator.SATISFACTION, new Scoring.Measure(null, 0)))), scheme).getFirst();
        assertThat(total.score()).isNull();
        assertThat(total.rank()).isNull();
    }

    private static Scoring.Organisation org(String name, Map<Indicator, Scoring.Measure> measures) {
        return new Scoring.Organisation(UUID.nameUUIDFromBytes(name.getBytes()), name, measures);
    }

    private static Scoring.Measure m(String raw, int sample) {
        return new Scoring.Measure(bd(raw), sample);
    }

    private static BigDecimal bd(String value) {
        return new BigDecimal(value);
    }
}
