package org.townalliance.tenancy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Brings every town schema to the latest town changelog: at start-up (before the readiness probe
 * turns ready) and on the platform admin's command. Bounded parallelism; progress logged as n/total;
 * a town that fails is quarantined (its requests answer 503) and reported, the others go on.
 */
@Service
class TownSchemaUpgrades implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(TownSchemaUpgrades.class);

    private final TownRegistry registry;
    private final SchemaMigrator migrator;
    private final TownDirectory directory;
    private final TenancyProperties properties;

    TownSchemaUpgrades(TownRegistry registry, SchemaMigrator migrator, TownDirectory directory, TenancyProperties properties) {
        this.registry = registry;
        this.migrator = migrator;
        this.directory = directory;
        this.properties = properties;
    }

    /** The outcome of one run over all towns. */
    record Summary(int total, int current, List<String> quarantined, long durationMs) {
    }

    @Override
    public void run(ApplicationArguments args) {
        if (properties.migrateOnStartup()) {
            var summary = migrateAll().block();
            if (summary != null && !summary.quarantined().isEmpty()) {
                log.error("Town schema upgrade: {} of {} towns quarantined: {}", summary.quarantined().size(),
                        summary.total(), summary.quarantined());
            }
        }
    }

    Mono<Summary> migrateAll() {
        var started = System.nanoTime();
        return registry.withSchemas().collectList().flatMap(towns -> {
            var done = new AtomicInteger();
            var total = towns.size();
            log.info("Town schema upgrade: {} towns, {} at a time", total, properties.migrationParallelism());
            // The first town alone: its full Liquibase run teaches the migrator the changelog, so the
            // others can be checked with one query each instead of starting Liquibase in parallel.
            var first = towns.isEmpty() ? List.<Town>of() : towns.subList(0, 1);
            var rest = towns.isEmpty() ? List.<Town>of() : towns.subList(1, towns.size());
            java.util.function.Function<Town, Mono<Boolean>> upgrade = town -> migrate(town)
                    .doOnNext(ok -> progress(done.incrementAndGet(), total, town, ok));
            return Flux.fromIterable(first).concatMap(upgrade)
                    .concatWith(Flux.fromIterable(rest).flatMap(upgrade, properties.migrationParallelism()))
                    .filter(ok -> !ok).count()
                    .flatMap(failed -> registry.withSchemas().filter(Town::quarantined).map(Town::slug).collectList()
                            .map(quarantined -> new Summary(total, total - failed.intValue(), quarantined,
                                    (System.nanoTime() - started) / 1_000_000)));
        }).doFinally(signal -> migrator.closeIdleConnections())
                .doOnNext(summary -> log.info("Town schema upgrade finished: {}/{} current in {} ms", summary.current(),
                summary.total(), summary.durationMs()));
    }

    /** Every town at debug level; at info about twenty progress lines per run, and every quarantine. */
    private static void progress(int done, int total, Town town, boolean ok) {
        var step = Math.max(1, total / 20);
        if (!ok) {
            log.warn("Town schema upgrade {}/{}: {} QUARANTINED", done, total, town.slug());
        } else if (done % step == 0 || done == total) {
            log.info("Town schema upgrade {}/{} (last: {})", done, total, town.slug());
        } else {
            log.debug("Town schema upgrade {}/{}: {} current", done, total, town.slug());
        }
    }

    /** Migrates one town; true when current, false when quarantined. Never fails the caller. */
    Mono<Boolean> migrate(Town town) {
        return migrate(town, false);
    }

    /** {@code force}: run Liquibase even when the changelog table looks complete (the admin's retry). */
    Mono<Boolean> migrate(Town town, boolean force) {
        var started = System.nanoTime();
        return Mono.fromCallable(() -> migrator.migrate(town.schemaName(), SchemaMigrator.TOWN_CHANGELOG, force))
                .subscribeOn(Schedulers.boundedElastic())
                .flatMap(result -> registry.recordMigration(town, result, (System.nanoTime() - started) / 1_000_000)
                        .thenReturn(true))
                .onErrorResume(failure -> {
                    log.error("Town {} quarantined: {}", town.slug(), failure.getMessage());
                    return registry.recordMigrationFailure(town, failure.getMessage()).thenReturn(false);
                })
                .doFinally(signal -> directory.evict(town.slug()));
    }
}
