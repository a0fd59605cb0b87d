package org.townalliance.tenancy;

import org.townalliance.db.Reactive;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import org.townalliance.db.jooq.platform.tables.records.TownEventRecord;
import org.townalliance.db.jooq.platform.tables.records.TownRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import static org.townalliance.db.jooq.platform.Tables.TOWN;
import static org.townalliance.db.jooq.platform.Tables.TOWN_EVENT;

/** The towns registry in the platform schema. Status changes and their events commit together. */
@Repository
class TownRegistry {

    private final DSLContext dsl;

    TownRegistry(DSLContext dsl) {
        this.dsl = dsl;
    }

    /** A registered town and whether this call inserted it. */
    record Registration(Town town, boolean created) {
    }

    /** Inserts the town if its slug is new; either way answers the registered row. */
    Mono<Registration> register(OnboardTownRequest request, TownSlug slug, String actor) {
        return Reactive.one(dsl.transactionPublisher(trx -> {
            var tx = trx.dsl();
            return Reactive.one(tx.insertInto(TOWN)
                            .set(TOWN.SLUG, slug.value())
                            .set(TOWN.SCHEMA_NAME, slug.schemaName())
                            .set(TOWN.NAME_ZH, request.nameZh())
                            .set(TOWN.NAME_EN, request.nameEn())
                            .set(TOWN.DISTRICT, request.district())
                            .set(TOWN.CITY, request.city())
                            .set(TOWN.TIMEZONE, request.zone().getId())
                            .set(TOWN.STATUS, TownStatus.ONBOARDING.name())
                            .set(TOWN.ONBOARDING_STEP, OnboardingStep.REGISTERED.name())
                            .set(TOWN.CREATED_BY, actor)
                            .onConflict(TOWN.SLUG).doNothing()
                            .returning())
                    .flatMap(created -> Reactive.one(tx.insertInto(TOWN_EVENT)
                                    .set(TOWN_EVENT.TOWN_ID, created.getId())
                                    .set(TOWN_EVENT.KIND, "REGISTERED")
                                    .set(TOWN_EVENT.ACTOR, actor))
                            .thenReturn(new Registration(toTown(created), true)))
                    .switchIfEmpty(Reactive.one(tx.selectFrom(TOWN).where(TOWN.SLUG.eq(slug.value())))
                            .map(existing -> new Registration(toTown(existing), false)));
        }));
    }

    Mono<Town> find(String slug) {
        return Reactive.one(dsl.selectFrom(TOWN).where(TOWN.SLUG.eq(slug))).map(TownRegistry::toTown);
    }

    Flux<Town> list(TownStatus status, String after, int limit) {
        Condition condition = DSL.noCondition();
        if (status != null) {
            condition = condition.and(TOWN.STATUS.eq(status.name()));
        }
        if (after != null) {
            condition = condition.and(TOWN.SLUG.gt(after));
        }
        return Flux.from(dsl.selectFrom(TOWN).where(condition).orderBy(TOWN.SLUG).limit(limit)).map(TownRegistry::toTown);
    }

    /** Towns whose schemas must follow the changelog: every town that has a migrated schema. */
    Flux<Town> withSchemas() {
        return Flux.from(dsl.selectFrom(TOWN)
                        .where(TOWN.STATUS.in(TownStatus.ACTIVE.name(), TownStatus.SUSPENDED.name(), TownStatus.ARCHIVED.name()))
                        .orderBy(TOWN.SLUG))
                .map(TownRegistry::toTown);
    }

    Mono<Town> recordStep(Town town, OnboardingStep step, String actor, long durationMs, String schemaVersion) {
        return Reactive.one(dsl.transactionPublisher(trx -> {
            var tx = trx.dsl();
            var update = tx.update(TOWN)
                    .set(TOWN.ONBOARDING_STEP, step.name())
                    .set(TOWN.UPDATED_AT, OffsetDateTime.now());
            if (schemaVersion != null) {
                update = update.set(TOWN.SCHEMA_VERSION, schemaVersion)
                        .set(TOWN.MIGRATION_STATE, Town.MigrationState.CURRENT.name())
                        .set(TOWN.MIGRATION_ERROR, (String) null);
            }
            if (step == OnboardingStep.COMPLETED) {
                update = update.set(TOWN.STATUS, TownStatus.ACTIVE.name()).set(TOWN.ACTIVATED_AT, OffsetDateTime.now());
            }
            return Reactive.one(update.where(TOWN.ID.eq(town.id())).returning())
                    .flatMap(row -> event(tx, town, "ONBOARDING_" + step.name(), null, actor, durationMs).thenReturn(row));
        })).map(TownRegistry::toTown);
    }

    /**
     * Moves a town from one of {@code from} to {@code to} in one conditional update, so two admins
     * racing cannot both succeed; empty when the town was not in an allowed state.
     */
    Mono<Town> transition(String slug, List<TownStatus> from, TownStatus to, String reason, String actor) {
        return Reactive.one(dsl.transactionPublisher(trx -> {
            var tx = trx.dsl();
            return Reactive.one(tx.update(TOWN)
                            .set(TOWN.STATUS, to.name())
                            .set(TOWN.STATUS_REASON, reason)
                            .set(TOWN.UPDATED_AT, OffsetDateTime.now())
                            .where(TOWN.SLUG.eq(slug))
                            .and(TOWN.STATUS.in(from.stream().map(Enum::name).toList()))
                            .returning())
                    .flatMap(row -> event(tx, toTown(row), to.name(), reason, actor, null).thenReturn(row));
        })).map(TownRegistry::toTown);
    }

    Mono<Void> recordMigration(Town town, SchemaMigrator.Result result, long durationMs) {
        return Reactive.one(dsl.transactionPublisher(trx -> {
            var tx = trx.dsl();
            return Reactive.one(tx.update(TOWN)
                            .set(TOWN.MIGRATION_STATE, Town.MigrationState.CURRENT.name())
                            .set(TOWN.MIGRATION_ERROR, (String) null)
                            .set(TOWN.SCHEMA_VERSION, result.latestChangeSet())
                            .where(TOWN.ID.eq(town.id())))
                    .then(result.applied() == 0 ? Mono.empty()
                            : event(tx, town, "MIGRATED", result.applied() + " changesets applied", "platform", durationMs));
        })).then();
    }

    Mono<Void> recordMigrationFailure(Town town, String error) {
        return Reactive.one(dsl.transactionPublisher(trx -> {
            var tx = trx.dsl();
            return Reactive.one(tx.update(TOWN)
                            .set(TOWN.MIGRATION_STATE, Town.MigrationState.FAILED.name())
                            .set(TOWN.MIGRATION_ERROR, truncate(error))
                            .where(TOWN.ID.eq(town.id())))
                    .then(event(tx, town, "MIGRATION_FAILED", error, "platform", null));
        })).then();
    }

    Mono<Void> recordFailure(Town town, String kind, String detail, String actor) {
        return event(dsl, town, kind, detail, actor, null);
    }

    Flux<TownEventView> events(Town town, int limit) {
        return Flux.from(dsl.selectFrom(TOWN_EVENT)
                        .where(TOWN_EVENT.TOWN_ID.eq(town.id()))
                        .orderBy(TOWN_EVENT.ID.desc())
                        .limit(limit))
                .map(TownRegistry::toEvent);
    }

    private static Mono<Void> event(DSLContext tx, Town town, String kind, String detail, String actor, Long durationMs) {
        return Reactive.one(tx.insertInto(TOWN_EVENT)
                .set(TOWN_EVENT.TOWN_ID, town.id())
                .set(TOWN_EVENT.KIND, kind)
                .set(TOWN_EVENT.DETAIL, truncate(detail))
                .set(TOWN_EVENT.ACTOR, actor)
                .set(TOWN_EVENT.DURATION_MS, durationMs)).then();
    }

    private static String truncate(String text) {
        return text == null || text.length() <= 2000 ? text : text.substring(0, 2000);
    }

    static Town toTown(TownRecord row) {
        return new Town(row.getId(), row.getSlug(), row.getSchemaName(), row.getNameZh(), row.getNameEn(),
                row.getDistrict(), row.getCity(), ZoneId.of(row.getTimezone()), TownStatus.valueOf(row.getStatus()),
                row.getStatusReason(), OnboardingStep.valueOf(row.getOnboardingStep()),
                Town.MigrationState.valueOf(row.getMigrationState()), row.getMigrationError(), row.getSchemaVersion(),
                row.getCreatedAt(), row.getActivatedAt());
    }

    private static TownEventView toEvent(TownEventRecord row) {
        return new TownEventView(row.getKind(), row.getDetail(), row.getActor(), row.getDurationMs(), row.getOccurredAt());
    }

    /** One entry of a town's history, as shown to the platform admin. */
    record TownEventView(String kind, String detail, String actor, Long durationMs, OffsetDateTime occurredAt) {
    }
}
