package org.townalliance.platform;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The start-up / admin migration of all town schemas: a broken town is quarantined, the rest served. */
class TownSchemaUpgradesTest extends PlatformTest {

    @Test
    void aTownThatCannotMigrateIsQuarantinedAndTheOthersServe() {
        var healthy = onboard("upg-ok");
        var broken = onboard("upg-bad");
        var schema = "town_" + broken.replace('-', '_');
        // Forget that the last changeset ran: the next migration re-runs it and collides with its own tables.
        var saved = "public.saved_" + schema;
        sql("create table " + saved + " as select * from " + schema + ".databasechangelog where orderexecuted = "
                + "(select max(orderexecuted) from " + schema + ".databasechangelog)");
        sql("delete from " + schema + ".databasechangelog where orderexecuted = (select max(orderexecuted) from " + saved + ")");

        admin().post().uri("/api/platform/towns/migrations").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.quarantined").value(quarantined ->
                        assertThat(quarantined.toString()).contains(broken).doesNotContain(healthy));

        admin().get().uri("/api/towns/{town}", broken).exchange()
                .expectStatus().isEqualTo(503)
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:town-quarantined");
        admin().get().uri("/api/towns/{town}", healthy).exchange().expectStatus().isOk();
        admin().get().uri("/api/platform/towns/{slug}", broken).exchange()
                .expectBody()
                .jsonPath("$.migrationState").isEqualTo("FAILED")
                .jsonPath("$.migrationError").value(error -> assertThat(error.toString()).contains("already exists"));

        // The operator repairs the record (as Liquibase's changelog-sync would) and retries this one town.
        sql("insert into " + schema + ".databasechangelog select * from " + saved);
        admin().post().uri("/api/platform/towns/{slug}/migrate", broken).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.migrationState").isEqualTo("CURRENT");
        admin().get().uri("/api/towns/{town}/settings", broken).exchange().expectStatus().isOk();
    }

    @Test
    void aSchemaDroppedAndRecreatedUnderTheSameNameIsMigratedAgain() {
        var town = onboard("upg-drop");
        var schema = "town_" + town.replace('-', '_');
        sql("drop schema " + schema + " cascade");

        admin().post().uri("/api/platform/towns/{slug}/migrate", town).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.migrationState").isEqualTo("CURRENT");

        assertThat(count("select count(*) from information_schema.tables where table_schema = '" + schema
                + "' and table_name = 'town_setting'")).isEqualTo(1);
        admin().get().uri("/api/towns/{town}/settings", town).exchange().expectStatus().isOk();
    }
}
