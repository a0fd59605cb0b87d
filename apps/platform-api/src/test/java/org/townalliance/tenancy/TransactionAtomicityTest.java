package org.townalliance.tenancy;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.townalliance.platform.PlatformTest;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * jOOQ's reactive transactions over R2DBC really roll back: a write that fails midway leaves nothing
 * behind (Spring's reactive @Transactional would not reach jOOQ's publishers).
 */
class TransactionAtomicityTest extends PlatformTest {

    @Autowired
    TownDatabases databases;

    @Test
    void aTransactionThatFailsMidwayWritesNothing() {
        var slug = onboard("tx");
        var dsl = databases.forSchema(new TownSlug(slug).schemaName());
        var settings = new LinkedHashMap<String, String>();
        settings.put("first.setting", "written first");
        settings.put("second.setting", "written second");
        settings.put("Not A Valid Key", "violates the check constraint, third statement");

        assertThatThrownBy(() -> TownSettings.putAll(dsl, settings, "test").block())
                .hasMessageContaining("town_setting_key_check");

        assertThat(TownSettings.list(dsl).collectList().block()).isEmpty();
        assertThat(count("select count(*) from town_" + slug.replace('-', '_') + ".town_setting")).isZero();

        // The same transaction shape without the bad row commits both.
        settings.remove("Not A Valid Key");
        assertThat(TownSettings.putAll(dsl, settings, "test").block()).isEqualTo(2);
        assertThat(TownSettings.list(dsl).collectList().block()).hasSize(2);
    }

    @Test
    void anInvalidSettingInABatchIsRefusedBeforeAnythingIsWritten() {
        var slug = onboard("tx-http");
        admin().put().uri("/api/towns/{town}/settings", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("good.key", "1", "BAD KEY", "2"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:invalid-setting");
        admin().get().uri("/api/towns/{town}/settings", slug).exchange().expectBody().json("[]");
    }

    @Test
    void eachTownContextReachesOnlyItsOwnSchema() {
        var a = onboard("tx-a");
        var b = onboard("tx-b");
        TownSettings.putAll(databases.forSchema(new TownSlug(a).schemaName()), Map.of("only.in.a", "x"), "test").block();

        assertThat(TownSettings.list(databases.forSchema(new TownSlug(a).schemaName())).collectList().block()).hasSize(1);
        assertThat(TownSettings.list(databases.forSchema(new TownSlug(b).schemaName())).collectList().block()).isEmpty();
        assertThat(databases.forSchema(new TownSlug(a).schemaName())
                .render(databases.forSchema(new TownSlug(a).schemaName())
                        .selectFrom(org.townalliance.db.jooq.town.Tables.TOWN_SETTING)))
                .contains("\"town_" + a.replace('-', '_') + "\".\"town_setting\"");
    }
}
