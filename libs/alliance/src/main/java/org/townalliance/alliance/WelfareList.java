package org.townalliance.alliance;

import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.impl.DSL;
import org.townalliance.db.Reactive;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.List;

import static org.townalliance.db.jooq.town.Tables.WELFARE_LIST_VERSION;

/**
 * The public-welfare service list (公益服务清单): the draft is the catalogue's active public-welfare
 * services; publishing freezes it as the next numbered version, which stays readable for good.
 */
final class WelfareList {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WelfareList() {
    }

    /** One line of the list as residents read it. */
    record Item(int number, String name, String description, String provider, String schedule, String eligibility,
                BigDecimal price, String unit) {
    }

    /** A version of the list. */
    record Version(int version, String title, OffsetDateTime publishedAt, List<Item> items) {
    }

    static Mono<List<Item>> draft(DSLContext town) {
        return ServiceCatalogue.list(town, ServiceCatalogue.Kind.PUBLIC_WELFARE, true)
                .index()
                .map(t -> new Item(t.getT1().intValue() + 1, t.getT2().nameZh(), t.getT2().description(), t.getT2().providerName(),
                        t.getT2().schedule(), t.getT2().eligibility(), t.getT2().listPrice(), t.getT2().unit()))
                .collectList();
    }

    static Mono<Version> publish(DSLContext town, String title, String actor) {
        return draft(town).flatMap(items -> {
            if (items.isEmpty()) {
                return Mono.error(ProblemException.conflict("empty-welfare-list", "There are no active public-welfare services to publish."));
            }
            return Reactive.one(town.transactionPublisher(trx -> Reactive.one(trx.dsl()
                            .select(DSL.coalesce(DSL.max(WELFARE_LIST_VERSION.VERSION), 0)).from(WELFARE_LIST_VERSION))
                    .flatMap(last -> Reactive.one(trx.dsl().insertInto(WELFARE_LIST_VERSION)
                            .set(WELFARE_LIST_VERSION.VERSION, last.value1() + 1)
                            .set(WELFARE_LIST_VERSION.TITLE, title)
                            .set(WELFARE_LIST_VERSION.ITEMS, JSONB.valueOf(JSON.writeValueAsString(items)))
                            .set(WELFARE_LIST_VERSION.PUBLISHED_BY, actor)
                            .returning()))))
                    .map(WelfareList::toVersion);
        });
    }

    /** A published version; {@code version} null = the latest. */
    static Mono<Version> published(DSLContext town, Integer version) {
        var query = version == null
                ? town.selectFrom(WELFARE_LIST_VERSION).orderBy(WELFARE_LIST_VERSION.VERSION.desc()).limit(1)
                : town.selectFrom(WELFARE_LIST_VERSION).where(WELFARE_LIST_VERSION.VERSION.eq(version));
        return Reactive.one(query).map(WelfareList::toVersion)
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("welfare-list-not-published",
                        version == null ? "This town has not published a public-welfare list yet." : "No version " + version + " of the list.")));
    }

    static Mono<List<Integer>> versions(DSLContext town) {
        return reactor.core.publisher.Flux.from(town.select(WELFARE_LIST_VERSION.VERSION).from(WELFARE_LIST_VERSION)
                .orderBy(WELFARE_LIST_VERSION.VERSION)).map(r -> r.value1()).collectList();
    }

    private static Version toVersion(org.townalliance.db.jooq.town.tables.records.WelfareListVersionRecord r) {
        List<Item> items = JSON.readValue(r.getItems().data(), new TypeReference<List<Item>>() { });
        return new Version(r.getVersion(), r.getTitle(), r.getPublishedAt(), items);
    }
}
