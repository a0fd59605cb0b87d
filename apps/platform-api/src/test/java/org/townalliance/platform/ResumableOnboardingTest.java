package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Onboarding that fails midway leaves a town that serves nothing, and the same request again completes
 * it, even when the failed run left Liquibase's lock row behind as a killed process would.
 */
class ResumableOnboardingTest extends PlatformTest {

    @Test
    void aFailureMidwayLeavesNoServingTownAndARetryCompletesIt() {
        var slug = uniqueSlug("resume");
        var schema = "town_" + slug.replace('-', '_');
        // A real failure, not a mock: the schema already holds a table the town changelog wants to create.
        sql("create schema " + schema);
        sql("create table " + schema + ".town_setting (unexpected int)");

        admin().post().uri("/api/platform/towns").contentType(MediaType.APPLICATION_JSON).bodyValue(townJson(slug))
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:town-alliance:problem:onboarding-incomplete")
                .jsonPath("$.failedStep").isEqualTo("SCHEMA_MIGRATED");

        admin().get().uri("/api/platform/towns/{slug}", slug).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("ONBOARDING")
                .jsonPath("$.onboardingStep").isEqualTo("SCHEMA_CREATED");
        admin().get().uri("/api/towns/{town}", slug).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:town-onboarding");

        // As if the process had been killed inside Liquibase: its lock row stays LOCKED.
        sql("update " + schema + ".databasechangeloglock set locked = true, lockgranted = now(), lockedby = 'killed-process'");
        sql("drop table " + schema + ".town_setting");

        var started = System.nanoTime();
        admin().post().uri("/api/platform/towns").contentType(MediaType.APPLICATION_JSON).bodyValue(townJson(slug))
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("ACTIVE")
                .jsonPath("$.onboardingStep").isEqualTo("COMPLETED");
        // Liquibase alone would wait five minutes for the stale lock.
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(60));

        admin().get().uri("/api/towns/{town}/settings", slug).exchange().expectStatus().isOk();
        admin().get().uri("/api/platform/towns/{slug}/events", slug).exchange()
                .expectBody().jsonPath("$[*].kind").value(kinds -> assertThat(kinds.toString())
                        .contains("ONBOARDING_FAILED", "ONBOARDING_COMPLETED"));
    }
}
