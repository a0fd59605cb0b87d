package org.townalliance.evaluation;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.townalliance.db.Reactive;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;

import static org.townalliance.db.jooq.town.Tables.ASSESSMENT_INDICATOR;
import static org.townalliance.db.jooq.town.Tables.ASSESSMENT_SCHEME;

/** The town's assessment scheme in versions; a version never changes, a change of weights is the next version. */
final class Schemes {

    private static final BigDecimal HUNDRED = new BigDecimal("100");

    private Schemes() {
    }

    record Scheme(int version, String note, String createdBy, OffsetDateTime createdAt, List<Scoring.Setting> indicators) {

        /** Schemes with the same indicators, weights and normalisation give comparable scores (across towns too). */
        String fingerprint() {
            var text = new StringBuilder();
            indicators.stream().sorted(java.util.Comparator.comparing(s -> s.indicator().name())).forEach(s -> text.append(s.indicator()).append(':')
                    .append(s.weight().stripTrailingZeros().toPlainString()).append(':').append(s.normalisation()).append(':')
                    .append(s.lower() == null ? "" : s.lower().stripTrailingZeros().toPlainString()).append(':')
                    .append(s.upper() == null ? "" : s.upper().stripTrailingZeros().toPlainString()).append(':').append(s.minSample()).append(';'));
            try {
                return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                        .digest(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8))).substring(0, 12);
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static Mono<Scheme> current(DSLContext town) {
        return Reactive.one(town.select(DSL.max(ASSESSMENT_SCHEME.VERSION)).from(ASSESSMENT_SCHEME)).flatMap(r -> version(town, r.value1()));
    }

    static Mono<Scheme> version(DSLContext town, int version) {
        return Reactive.one(town.selectFrom(ASSESSMENT_SCHEME).where(ASSESSMENT_SCHEME.VERSION.eq(version)))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("scheme-version-not-found", "No such version of the assessment scheme.")))
                .flatMap(s -> settings(town, version).collectList()
                        .map(settings -> new Scheme(s.getVersion(), s.getNote(), s.getCreatedBy(), s.getCreatedAt(), settings)));
    }

    static Flux<Scheme> versions(DSLContext town) {
        return Flux.from(town.selectFrom(ASSESSMENT_SCHEME).orderBy(ASSESSMENT_SCHEME.VERSION.desc()))
                .concatMap(s -> settings(town, s.getVersion()).collectList()
                        .map(settings -> new Scheme(s.getVersion(), s.getNote(), s.getCreatedBy(), s.getCreatedAt(), settings)));
    }

    private static Flux<Scoring.Setting> settings(DSLContext town, int version) {
        return Flux.from(town.selectFrom(ASSESSMENT_INDICATOR).where(ASSESSMENT_INDICATOR.VERSION.eq(version)))
                .map(i -> new Scoring.Setting(Indicator.valueOf(i.getIndicator()), i.getWeight(), Scoring.Normalisation.valueOf(i.getNormalisation()),
                        i.getLowerBound(), i.getUpperBound(), i.getMinSample()))
                .sort(java.util.Comparator.comparing(s -> s.indicator().ordinal()));
    }

    /** Checks the settings (weights add up to exactly 100, each indicator once, SCALE bounds in order). */
    static void check(List<Scoring.Setting> settings) {
        var seen = new HashSet<Indicator>();
        for (var setting : settings) {
            if (!seen.add(setting.indicator())) {
                throw ProblemException.badRequest("invalid-scheme", "Indicator " + setting.indicator() + " is listed twice.");
            }
            if (setting.normalisation() == Scoring.Normalisation.SCALE
                    && (setting.lower() == null || setting.upper() == null || setting.lower().compareTo(setting.upper()) >= 0)) {
                throw ProblemException.badRequest("invalid-scheme", setting.indicator() + ": a SCALE needs a lower bound below its upper bound.");
            }
        }
        var sum = settings.stream().map(Scoring.Setting::weight).reduce(BigDecimal.ZERO, BigDecimal::add);
        if (sum.compareTo(HUNDRED) != 0) {
            throw ProblemException.badRequest("weights-not-100", "The weights add up to " + sum.stripTrailingZeros().toPlainString() + ", not 100.");
        }
    }

    /** The next version, under a lock on the scheme table so that two saves never take the same number. */
    static Mono<Integer> save(DSLContext town, List<Scoring.Setting> settings, String note, String actor) {
        check(settings);
        return Reactive.one(town.transactionPublisher(trx -> {
            var tx = trx.dsl();
            return Reactive.run(tx.query("lock table {0} in share row exclusive mode", ASSESSMENT_SCHEME))
                    .then(Reactive.one(tx.select(DSL.coalesce(DSL.max(ASSESSMENT_SCHEME.VERSION), 0)).from(ASSESSMENT_SCHEME)))
                    .map(r -> r.value1() + 1)
                    .flatMap(next -> Reactive.run(tx.insertInto(ASSESSMENT_SCHEME).set(ASSESSMENT_SCHEME.VERSION, next)
                                    .set(ASSESSMENT_SCHEME.NOTE, note).set(ASSESSMENT_SCHEME.CREATED_BY, actor))
                            .thenMany(Flux.fromIterable(settings).concatMap(s -> Reactive.run(tx.insertInto(ASSESSMENT_INDICATOR)
                                    .set(ASSESSMENT_INDICATOR.VERSION, next).set(ASSESSMENT_INDICATOR.INDICATOR, s.indicator().name())
                                    .set(ASSESSMENT_INDICATOR.WEIGHT, s.weight()).set(ASSESSMENT_INDICATOR.NORMALISATION, s.normalisation().name())
                                    .set(ASSESSMENT_INDICATOR.LOWER_BOUND, s.normalisation() == Scoring.Normalisation.SCALE ? s.lower() : null)
                                    .set(ASSESSMENT_INDICATOR.UPPER_BOUND, s.normalisation() == Scoring.Normalisation.SCALE ? s.upper() : null)
                                    .set(ASSESSMENT_INDICATOR.MIN_SAMPLE, s.minSample()))))
                            .then(Mono.just(next)));
        }));
    }
}
