package org.townalliance.tenancy;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.util.Optional;

/**
 * The request path's view of the registry: a short-lived cache of towns by slug (absent towns too,
 * so probing unknown slugs does not reach the database). A change made on this replica evicts at once;
 * other replicas see it within {@code alliance.tenancy.directory-ttl}.
 */
@Component
class TownDirectory {

    private final AsyncLoadingCache<String, Optional<Town>> towns;
    private final TownRegistry registry;

    TownDirectory(TownRegistry registry, TenancyProperties properties) {
        this.registry = registry;
        this.towns = Caffeine.newBuilder()
                .expireAfterWrite(properties.directoryTtl())
                .maximumSize(100_000)
                .buildAsync((slug, executor) -> registry.find(slug).map(Optional::of)
                        .defaultIfEmpty(Optional.empty()).toFuture());
    }

    Mono<Town> find(String slug) {
        return Mono.fromFuture(() -> towns.get(slug), true).flatMap(Mono::justOrEmpty);
    }

    void evict(String slug) {
        towns.synchronous().invalidate(slug);
    }
}
