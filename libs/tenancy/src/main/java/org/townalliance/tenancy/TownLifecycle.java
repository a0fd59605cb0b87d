package org.townalliance.tenancy;

import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.townalliance.identity.TownIdentityProvisioning;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;

/** Suspend, resume and archive: conditional transitions, each recorded as a town event. */
@Service
class TownLifecycle {

    private final TownRegistry registry;
    private final TownDirectory directory;
    private final TownIdentityProvisioning identity;

    TownLifecycle(TownRegistry registry, TownDirectory directory, TownIdentityProvisioning identity) {
        this.registry = registry;
        this.directory = directory;
        this.identity = identity;
    }

    Mono<Town> suspend(String slug, String reason, String actor) {
        return transition(slug, List.of(TownStatus.ACTIVE), TownStatus.SUSPENDED, reason, actor);
    }

    Mono<Town> resume(String slug, String actor) {
        return transition(slug, List.of(TownStatus.SUSPENDED), TownStatus.ACTIVE, null, actor);
    }

    Mono<Town> archive(String slug, String reason, String actor) {
        // Identity first: if Keycloak is unreachable the town stays as it was and the request can be repeated.
        return identity.archive(new TownSlug(slug).value())
                .then(transition(slug, List.of(TownStatus.ACTIVE, TownStatus.SUSPENDED), TownStatus.ARCHIVED, reason, actor));
    }

    private Mono<Town> transition(String slug, List<TownStatus> from, TownStatus to, String reason, String actor) {
        var town = new TownSlug(slug);
        return registry.transition(town.value(), from, to, reason, actor)
                .switchIfEmpty(Mono.defer(() -> registry.find(town.value())
                        .switchIfEmpty(Mono.error(TownProblems.notFound(town.value())))
                        .flatMap(current -> current.status() == to
                                ? Mono.just(current) // already there: repeating the request is harmless
                                : Mono.error(new ProblemException(HttpStatus.CONFLICT, "illegal-town-transition",
                                "Illegal town transition",
                                "Town '" + slug + "' is " + current.status() + "; it cannot become " + to + " from there.",
                                Map.of("town", slug, "status", current.status().name(), "target", to.name()))))))
                .doOnNext(changed -> directory.evict(changed.slug()));
    }
}
