package org.townalliance.tenancy;

import org.townalliance.db.Reactive;
import org.jooq.DSLContext;
import org.townalliance.db.jooq.town.tables.records.TownSettingRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.util.Map;

import static org.townalliance.db.jooq.town.Tables.TOWN_SETTING;

/** A town's settings, in its own schema. Writing several is all-or-nothing. */
final class TownSettings {

    private TownSettings() {
    }

    /** One setting as shown in the API. */
    record Setting(String key, String value, OffsetDateTime updatedAt, String updatedBy) {
    }

    static Flux<Setting> list(DSLContext town) {
        return Flux.from(town.selectFrom(TOWN_SETTING).orderBy(TOWN_SETTING.KEY)).map(TownSettings::toSetting);
    }

    /** Upserts every entry in one transaction: if any statement fails, none is kept. */
    static Mono<Long> putAll(DSLContext town, Map<String, String> settings, String actor) {
        return Reactive.one(town.transactionPublisher(trx -> Flux.fromIterable(settings.entrySet())
                .concatMap(entry -> Reactive.one(trx.dsl().insertInto(TOWN_SETTING)
                        .set(TOWN_SETTING.KEY, entry.getKey())
                        .set(TOWN_SETTING.VALUE, entry.getValue())
                        .set(TOWN_SETTING.UPDATED_BY, actor)
                        .onConflict(TOWN_SETTING.KEY).doUpdate()
                        .set(TOWN_SETTING.VALUE, entry.getValue())
                        .set(TOWN_SETTING.UPDATED_BY, actor)
                        .set(TOWN_SETTING.UPDATED_AT, OffsetDateTime.now())))
                .count()));
    }

    private static Setting toSetting(TownSettingRecord row) {
        return new Setting(row.getKey(), row.getValue(), row.getUpdatedAt(), row.getUpdatedBy());
    }
}
