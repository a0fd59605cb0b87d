package org.townalliance.tenancy;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.identity.Caller;
import org.townalliance.identity.Callers;
import org.townalliance.web.Page;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.util.List;

/** The platform admin's towns API; {@code /api/platform/**} requires the realm role platform-admin. */
@RestController
@RequestMapping(path = "/api/platform/towns", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Platform: towns", description = "Onboard, list, suspend, resume, archive and migrate towns")
class PlatformTownsController {

    private final TownOnboarding onboarding;
    private final TownLifecycle lifecycle;
    private final TownRegistry registry;
    private final TownSchemaUpgrades upgrades;

    PlatformTownsController(TownOnboarding onboarding, TownLifecycle lifecycle, TownRegistry registry, TownSchemaUpgrades upgrades) {
        this.onboarding = onboarding;
        this.lifecycle = lifecycle;
        this.registry = registry;
        this.upgrades = upgrades;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Onboard a town (idempotent: the same request again is a no-op, or resumes an interrupted onboarding)")
    Mono<ResponseEntity<Town>> onboard(@Valid @RequestBody OnboardTownRequest request) {
        return actor().flatMap(actor -> onboarding.onboard(request, actor))
                .map(outcome -> ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .location(URI.create("/api/platform/towns/" + outcome.town().slug()))
                        .body(outcome.town()));
    }

    @GetMapping
    @Operation(summary = "List towns by slug (keyset pagination: pass 'next' as 'after')")
    Mono<Page<Town>> list(@RequestParam(required = false) TownStatus status,
                          @RequestParam(required = false) String after,
                          @RequestParam(required = false) Integer limit) {
        var size = Page.limit(limit);
        return registry.list(status, after, size + 1).collectList().map(towns -> page(towns, size));
    }

    @GetMapping("/{slug}")
    Mono<Town> get(@PathVariable String slug) {
        return find(slug);
    }

    @GetMapping("/{slug}/events")
    @Operation(summary = "The town's history: onboarding steps with durations, status changes, migrations")
    Mono<List<TownRegistry.TownEventView>> events(@PathVariable String slug) {
        return find(slug).flatMap(town -> registry.events(town, 200).collectList());
    }

    @PostMapping(path = "/{slug}/suspend", consumes = MediaType.APPLICATION_JSON_VALUE)
    Mono<Town> suspend(@PathVariable String slug, @Valid @RequestBody StatusChange change) {
        return actor().flatMap(actor -> lifecycle.suspend(slug, change.reason(), actor));
    }

    @PostMapping("/{slug}/resume")
    Mono<Town> resume(@PathVariable String slug) {
        return actor().flatMap(actor -> lifecycle.resume(slug, actor));
    }

    @PostMapping(path = "/{slug}/archive", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Archive a town: its data stays readable, nothing can be changed any more")
    Mono<Town> archive(@PathVariable String slug, @Valid @RequestBody StatusChange change) {
        return actor().flatMap(actor -> lifecycle.archive(slug, change.reason(), actor));
    }

    @PostMapping("/{slug}/migrate")
    @Operation(summary = "Bring one town's schema to the latest changelog (lifts a quarantine when it succeeds)")
    Mono<Town> migrate(@PathVariable String slug) {
        return find(slug).flatMap(town -> upgrades.migrate(town, true).then(registry.find(town.slug())));
    }

    @PostMapping("/migrations")
    @Operation(summary = "Bring every town's schema to the latest changelog, as at start-up")
    Mono<TownSchemaUpgrades.Summary> migrateAll() {
        return upgrades.migrateAll();
    }

    private Mono<Town> find(String slug) {
        var town = new TownSlug(slug);
        return registry.find(town.value()).switchIfEmpty(Mono.error(() -> TownProblems.notFound(town.value())));
    }

    private static Mono<String> actor() {
        return Callers.current().map(Caller::username);
    }

    private static Page<Town> page(List<Town> towns, int size) {
        if (towns.size() <= size) {
            return new Page<>(towns, null);
        }
        var items = towns.subList(0, size);
        return new Page<>(items, items.getLast().slug());
    }

    /** Why a town is being suspended or archived; shown to its users. */
    record StatusChange(@NotBlank @Size(max = 500) String reason) {
    }
}
