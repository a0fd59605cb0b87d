package org.townalliance.tenancy;

import org.townalliance.db.Reactive;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.townalliance.identity.TownIdentityProvisioning;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.Map;
import java.util.function.Function;

import static org.jooq.impl.DSL.name;

/**
 * Onboarding: registry row, schema, town changelog, identity, then ACTIVE. Every step is idempotent and
 * recorded, so the same request again resumes where a failure (or a killed process) stopped; a town
 * serves nothing until the last step has set it ACTIVE.
 */
@Service
class TownOnboarding {

    private static final Logger log = LoggerFactory.getLogger(TownOnboarding.class);

    private final TownRegistry registry;
    private final DSLContext dsl;
    private final SchemaMigrator migrator;
    private final TownDirectory directory;
    private final TownIdentityProvisioning identity;

    TownOnboarding(TownRegistry registry, DSLContext dsl, SchemaMigrator migrator, TownDirectory directory,
                   TownIdentityProvisioning identity) {
        this.registry = registry;
        this.dsl = dsl;
        this.migrator = migrator;
        this.directory = directory;
        this.identity = identity;
    }

    /** The town, and whether this call created it (false: it existed and the call was a no-op or a resume). */
    record Outcome(Town town, boolean created) {
    }

    /** Onboardings running in this process, by slug: concurrent requests for one town wait for the first. */
    private final java.util.concurrent.ConcurrentMap<String, Mono<Outcome>> inFlight = new java.util.concurrent.ConcurrentHashMap<>();

    Mono<Outcome> onboard(OnboardTownRequest request, String actor) {
        var slug = new TownSlug(request.slug());
        request.zone(); // a bad zone is a 400 before anything is written
        var first = new java.util.concurrent.atomic.AtomicBoolean();
        var running = inFlight.computeIfAbsent(slug.value(), key -> {
            first.set(true);
            return run(request, slug, actor).doFinally(signal -> inFlight.remove(key)).cache();
        });
        if (first.get()) {
            return running;
        }
        // Steps are idempotent, but running them twice at once races (e.g. CREATE SCHEMA IF NOT EXISTS is
        // not safe under concurrency in PostgreSQL): wait for the running one, then answer as a retry does.
        return running.onErrorResume(failure -> Mono.empty()).then(Mono.defer(() -> run(request, slug, actor)));
    }

    private Mono<Outcome> run(OnboardTownRequest request, TownSlug slug, String actor) {
        var zone = request.zone();
        return registry.register(request, slug, actor)
                .flatMap(registration -> {
                    var town = registration.town();
                    if (!request.sameTownAs(town)) {
                        return Mono.error(new ProblemException(HttpStatus.CONFLICT, "town-exists", "Town exists",
                                "Town '" + slug + "' is already registered with other details.", Map.of("town", slug.value())));
                    }
                    var created = registration.created();
                    if (town.status() != TownStatus.ONBOARDING) {
                        return Mono.just(new Outcome(town, false));
                    }
                    log.info("Onboarding town {} ({}) from step {}", slug, zone, town.onboardingStep());
                    return resume(town, actor).map(done -> new Outcome(done, created));
                })
                .doOnNext(outcome -> directory.evict(outcome.town().slug()));
    }

    private Mono<Town> resume(Town town, String actor) {
        return Mono.just(town)
                .flatMap(step(OnboardingStep.SCHEMA_CREATED, actor,
                        t -> Reactive.one(dsl.createSchemaIfNotExists(name(t.schemaName()))).thenReturn(NO_VERSION)))
                .flatMap(step(OnboardingStep.SCHEMA_MIGRATED, actor,
                        t -> Mono.fromCallable(() -> migrator.migrate(t.schemaName(), SchemaMigrator.TOWN_CHANGELOG))
                                .subscribeOn(Schedulers.boundedElastic())
                                .map(result -> result.latestChangeSet() == null ? NO_VERSION : result.latestChangeSet())))
                .flatMap(step(OnboardingStep.IDENTITY_PROVISIONED, actor,
                        t -> identity.provision(t.slug(), t.nameZh()).thenReturn(NO_VERSION)))
                .flatMap(step(OnboardingStep.COMPLETED, actor, t -> Mono.just(NO_VERSION)));
    }

    private static final String NO_VERSION = "";

    /** Runs {@code work} unless the town already passed {@code step}, then records the step. */
    private Function<Town, Mono<Town>> step(OnboardingStep step, String actor, Function<Town, Mono<String>> work) {
        return town -> {
            if (town.onboardingStep().reached(step)) {
                return Mono.just(town);
            }
            var started = System.nanoTime();
            return work.apply(town)
                    .onErrorResume(failure -> registry.recordFailure(town, "ONBOARDING_FAILED",
                                    step + ": " + failure.getMessage(), actor)
                            .then(Mono.error(new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "onboarding-incomplete",
                                    "Onboarding incomplete",
                                    "Onboarding of town '" + town.slug() + "' stopped before step " + step
                                            + "; the town does not serve requests. Send the same request again to resume.",
                                    Map.of("town", town.slug(), "failedStep", step.name())))))
                    .flatMap(version -> registry.recordStep(town, step, actor, (System.nanoTime() - started) / 1_000_000,
                            version.isEmpty() ? null : version));
        };
    }
}
