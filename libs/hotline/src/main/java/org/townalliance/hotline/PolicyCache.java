package org.townalliance.hotline;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.townalliance.db.jooq.town.tables.records.TicketCategoryRecord;
import org.townalliance.tenancy.Town;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.townalliance.db.jooq.town.Tables.TICKET_CATEGORY;

/**
 * A town's hotline settings as every intake and dispatch reads them (policy, deadline rules, working
 * calendar, active categories: five queries), kept for a few seconds per town. A change made through
 * this replica is seen at once (the settings endpoints forget the town); other replicas see it within
 * {@code alliance.hotline.settings-cache-ttl} (default 10 s). Measured: docs/benchmarks.md.
 */
@Component
class PolicyCache {

    /** What is kept per town. */
    record TownSettings(HotlinePolicies.Policy policy, Map<String, TicketCategoryRecord> activeCategories) {
    }

    private final AsyncCache<String, TownSettings> towns;

    PolicyCache(HotlineProperties properties) {
        this.towns = Caffeine.newBuilder().expireAfterWrite(properties.settingsCacheTtl()).maximumSize(20_000).buildAsync();
    }

    Mono<TownSettings> of(DSLContext dsl, Town town) {
        // suppressCancel: one caller going away must not cancel the load others share
        return Mono.fromFuture(() -> towns.get(town.slug(), (slug, executor) -> load(dsl, town).toFuture()), true);
    }

    Mono<HotlinePolicies.Policy> policy(DSLContext dsl, Town town) {
        return of(dsl, town).map(TownSettings::policy);
    }

    /** The active category with this code, or empty. */
    Mono<TicketCategoryRecord> activeCategory(DSLContext dsl, Town town, String code) {
        return of(dsl, town).mapNotNull(settings -> settings.activeCategories().get(code));
    }

    /** The town's settings changed here: the next reader loads them again. */
    void forget(String town) {
        towns.synchronous().invalidate(town);
    }

    private static Mono<TownSettings> load(DSLContext dsl, Town town) {
        var categories = Flux.from(dsl.selectFrom(TICKET_CATEGORY).where(TICKET_CATEGORY.ACTIVE.isTrue())).collectList()
                .map(list -> list.stream().collect(Collectors.toMap(TicketCategoryRecord::getCode, Function.identity())));
        return Mono.zip(HotlinePolicies.load(dsl, town.timezone()), categories).map(t -> new TownSettings(t.getT1(), t.getT2()));
    }
}
