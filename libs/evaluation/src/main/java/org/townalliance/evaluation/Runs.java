package org.townalliance.evaluation;

import org.jooq.DSLContext;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.EvaluationRunRecord;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.EVALUATION_RUN;
import static org.townalliance.db.jooq.town.Tables.EVALUATION_TOTAL;
import static org.townalliance.db.jooq.town.Tables.EVALUATION_VALUE;

/**
 * Computed evaluations as stored: one DRAFT per period (a new computation replaces it) and at most one
 * PUBLISHED run per period, never changed after, so what was published stays what it was.
 */
final class Runs {

    private Runs() {
    }

    record Summary(UUID id, String period, LocalDate from, LocalDate until, OffsetDateTime asOf, int schemeVersion, String status,
                   String computedBy, OffsetDateTime computedAt, Integer computeMs, String publishedBy, OffsetDateTime publishedAt) {
    }

    record Run(Summary run, List<Scoring.Total> totals) {
    }

    record TrendPoint(String period, UUID runId, int schemeVersion, java.math.BigDecimal score, Integer rank, int ranked) {
    }

    static Mono<UUID> store(DSLContext town, Period period, OffsetDateTime asOf, OffsetDateTime computedAt, int version, List<Scoring.Total> totals,
                            String actor, int ms) {
        return Reactive.one(town.transactionPublisher(trx -> {
            var tx = trx.dsl();
            return Reactive.run(tx.deleteFrom(EVALUATION_RUN).where(EVALUATION_RUN.PERIOD.eq(period.label())).and(EVALUATION_RUN.STATUS.eq("DRAFT")))
                    .then(Reactive.one(tx.insertInto(EVALUATION_RUN).set(EVALUATION_RUN.PERIOD, period.label())
                            .set(EVALUATION_RUN.FROM_DATE, period.from()).set(EVALUATION_RUN.UNTIL_DATE, period.until())
                            .set(EVALUATION_RUN.AS_OF, asOf).set(EVALUATION_RUN.SCHEME_VERSION, version).set(EVALUATION_RUN.STATUS, "DRAFT")
                            .set(EVALUATION_RUN.COMPUTED_BY, actor).set(EVALUATION_RUN.COMPUTED_AT, computedAt).set(EVALUATION_RUN.COMPUTE_MS, ms).returningResult(EVALUATION_RUN.ID)))
                    .map(r -> r.value1())
                    .flatMap(id -> {
                        if (totals.isEmpty()) {
                            return Mono.just(id);
                        }
                        var rows = tx.insertInto(EVALUATION_TOTAL, EVALUATION_TOTAL.RUN_ID, EVALUATION_TOTAL.ORGANISATION_ID, EVALUATION_TOTAL.NAME_ZH,
                                EVALUATION_TOTAL.SCORE, EVALUATION_TOTAL.COVERAGE, EVALUATION_TOTAL.RANK);
                        var values = tx.insertInto(EVALUATION_VALUE, EVALUATION_VALUE.RUN_ID, EVALUATION_VALUE.ORGANISATION_ID, EVALUATION_VALUE.INDICATOR,
                                EVALUATION_VALUE.RAW, EVALUATION_VALUE.SAMPLE, EVALUATION_VALUE.ENOUGH, EVALUATION_VALUE.NORMALISED,
                                EVALUATION_VALUE.WEIGHT, EVALUATION_VALUE.CONTRIBUTION);
                        for (var total : totals) {
                            rows = rows.values(id, total.organisationId(), total.nameZh(), total.score(), total.coverage(), total.rank());
                            for (var v : total.values()) {
                                values = values.values(id, total.organisationId(), v.indicator().name(), v.raw(), v.sample(), v.enough(),
                                        v.normalised(), v.weight(), v.contribution());
                            }
                        }
                        return Reactive.run(rows).then(Reactive.run(values)).thenReturn(id);
                    });
        }));
    }

    static Flux<Summary> list(DSLContext town, String period, boolean drafts) {
        var condition = period == null ? org.jooq.impl.DSL.noCondition() : EVALUATION_RUN.PERIOD.eq(period);
        if (!drafts) {
            condition = condition.and(EVALUATION_RUN.STATUS.eq("PUBLISHED"));
        }
        return Flux.from(town.selectFrom(EVALUATION_RUN).where(condition).orderBy(EVALUATION_RUN.PERIOD.desc(), EVALUATION_RUN.COMPUTED_AT.desc()))
                .map(Runs::summary);
    }

    static Mono<Summary> summary(DSLContext town, UUID id) {
        return Reactive.one(town.selectFrom(EVALUATION_RUN).where(EVALUATION_RUN.ID.eq(id))).map(Runs::summary)
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("run-not-found", "No such evaluation in this town.")));
    }

    static Mono<Run> find(DSLContext town, UUID id) {
        return summary(town, id).flatMap(run -> Mono.zip(
                        Flux.from(town.selectFrom(EVALUATION_TOTAL).where(EVALUATION_TOTAL.RUN_ID.eq(id))).collectList(),
                        Flux.from(town.selectFrom(EVALUATION_VALUE).where(EVALUATION_VALUE.RUN_ID.eq(id))).collectList())
                .map(t -> {
                    var values = new LinkedHashMap<UUID, List<Scoring.Value>>();
                    t.getT2().stream().sorted(Comparator.comparing(v -> Indicator.valueOf(v.getIndicator()).ordinal()))
                            .forEach(v -> values.computeIfAbsent(v.getOrganisationId(), o -> new ArrayList<>()).add(new Scoring.Value(
                                    Indicator.valueOf(v.getIndicator()), v.getRaw(), v.getSample(), Boolean.TRUE.equals(v.getEnough()),
                                    v.getNormalised(), v.getWeight(), v.getContribution())));
                    var totals = t.getT1().stream()
                            .map(r -> new Scoring.Total(r.getOrganisationId(), r.getNameZh(), r.getScore(), r.getCoverage(), r.getRank(),
                                    values.getOrDefault(r.getOrganisationId(), List.of())))
                            .sorted(Comparator.comparing((Scoring.Total x) -> x.rank() == null).thenComparing(x -> x.rank() == null ? 0 : x.rank())
                                    .thenComparing(Scoring.Total::nameZh))
                            .toList();
                    return new Run(run, totals);
                }));
    }

    static Mono<Void> publish(DSLContext town, UUID id, String actor) {
        return Reactive.one(town.update(EVALUATION_RUN).set(EVALUATION_RUN.STATUS, "PUBLISHED").set(EVALUATION_RUN.PUBLISHED_BY, actor)
                        .set(EVALUATION_RUN.PUBLISHED_AT, OffsetDateTime.now())
                        .where(EVALUATION_RUN.ID.eq(id)).and(EVALUATION_RUN.STATUS.eq("DRAFT")).returningResult(EVALUATION_RUN.ID))
                .onErrorMap(Runs::uniqueViolation, taken -> ProblemException.conflict("already-published",
                        "This period already has a published evaluation."))
                .switchIfEmpty(Mono.error(() -> ProblemException.conflict("already-published", "This evaluation is already published.")))
                .then();
    }

    /** The organisation's published results, oldest first. */
    static Flux<TrendPoint> trend(DSLContext town, UUID organisationId) {
        var ranked = org.jooq.impl.DSL.field(org.jooq.impl.DSL.selectCount().from(EVALUATION_TOTAL.as("all"))
                .where(org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("all", "run_id"), UUID.class).eq(EVALUATION_RUN.ID))
                .and(org.jooq.impl.DSL.field(org.jooq.impl.DSL.name("all", "rank"), Integer.class).isNotNull()));
        return Flux.from(town.select(EVALUATION_RUN.PERIOD, EVALUATION_RUN.ID, EVALUATION_RUN.SCHEME_VERSION, EVALUATION_TOTAL.SCORE,
                                EVALUATION_TOTAL.RANK, ranked)
                        .from(EVALUATION_RUN).join(EVALUATION_TOTAL).on(EVALUATION_TOTAL.RUN_ID.eq(EVALUATION_RUN.ID))
                        .where(EVALUATION_RUN.STATUS.eq("PUBLISHED")).and(EVALUATION_TOTAL.ORGANISATION_ID.eq(organisationId))
                        .orderBy(EVALUATION_RUN.FROM_DATE, EVALUATION_RUN.UNTIL_DATE))
                .map(r -> new TrendPoint(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()));
    }

    /** Another run of the period was published at the same moment: the unique index refused this one. */
    private static boolean uniqueViolation(Throwable error) {
        for (var cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof io.r2dbc.spi.R2dbcDataIntegrityViolationException) {
                return true;
            }
        }
        return false;
    }

    private static Summary summary(EvaluationRunRecord r) {
        return new Summary(r.getId(), r.getPeriod(), r.getFromDate(), r.getUntilDate(), r.getAsOf(), r.getSchemeVersion(), r.getStatus(),
                r.getComputedBy(), r.getComputedAt(), r.getComputeMs(), r.getPublishedBy(), r.getPublishedAt());
    }
}
