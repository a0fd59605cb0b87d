package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TownOnboardingTest extends PlatformTest {

    @Test
    void anOnboardedTownHasItsOwnMigratedSchemaAndAnswersOnItsEndpoints() {
        var slug = uniqueSlug("onb");
        admin().post().uri("/api/platform/towns").contentType(MediaType.APPLICATION_JSON).bodyValue(townJson(slug))
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().valueEquals("Location", "/api/platform/towns/" + slug)
                .expectBody()
                .jsonPath("$.status").isEqualTo("ACTIVE")
                .jsonPath("$.onboardingStep").isEqualTo("COMPLETED")
                .jsonPath("$.migrationState").isEqualTo("CURRENT")
                .jsonPath("$.schemaName").isEqualTo("town_" + slug.replace('-', '_'));

        var schema = "town_" + slug.replace('-', '_');
        assertThat(count("select count(*) from information_schema.tables where table_schema = '" + schema
                + "' and table_name = 'town_setting'")).isEqualTo(1);
        assertThat(count("select count(*) from " + schema + ".databasechangelog")).isPositive();

        admin().get().uri("/api/towns/{town}", slug).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.slug").isEqualTo(slug).jsonPath("$.timezone").isEqualTo("Asia/Shanghai");
        admin().get().uri("/api/towns/{town}/settings", slug).exchange()
                .expectStatus().isOk().expectBody().json("[]");
        admin().get().uri("/api/platform/towns/{slug}/events", slug).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$[*].kind").value(kinds -> assertThat(kinds.toString())
                        .contains("REGISTERED", "ONBOARDING_SCHEMA_CREATED", "ONBOARDING_SCHEMA_MIGRATED", "ONBOARDING_COMPLETED"));
    }

    @Test
    void onboardingTheSameTownAgainIsANoOp() {
        var slug = onboard("again");
        var id = count("select count(*) from platform.town_event e join platform.town t on t.id = e.town_id where t.slug = '" + slug + "'");

        admin().post().uri("/api/platform/towns").contentType(MediaType.APPLICATION_JSON).bodyValue(townJson(slug))
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("ACTIVE");

        assertThat(count("select count(*) from platform.town where slug = '" + slug + "'")).isEqualTo(1);
        assertThat(count("select count(*) from platform.town_event e join platform.town t on t.id = e.town_id where t.slug = '"
                + slug + "'")).isEqualTo(id);
    }

    @Test
    void concurrentOnboardingsOfOneSlugMakeOneTown() {
        var slug = uniqueSlug("race");
        var statuses = Flux.range(0, 6)
                .parallel(6).runOn(Schedulers.boundedElastic())
                .map(i -> admin().post().uri("/api/platform/towns").contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(townJson(slug)).exchange().returnResult(String.class).getStatus().value())
                .sequential().collectList().block();

        assertThat(statuses).allMatch(status -> status == 200 || status == 201);
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
        assertThat(count("select count(*) from platform.town where slug = '" + slug + "' and status = 'ACTIVE'")).isEqualTo(1);
    }

    @Test
    void theSameSlugWithOtherDetailsIsAConflictAndChangesNothing() {
        var slug = onboard("clash");
        admin().post().uri("/api/platform/towns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(townJson(slug).replace("测试镇", "别的镇"))
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:town-exists");
        assertThat(count("select count(*) from platform.town where slug = '" + slug + "' and name_zh = '测试镇'")).isEqualTo(1);
    }

    @Test
    void badOnboardingRequestsAreClearProblemsAndWriteNothing() {
        var before = count("select count(*) from platform.town");
        admin().post().uri("/api/platform/towns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("slug", "Bad Slug!", "nameZh", ""))
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:town-alliance:problem:validation-failed")
                .jsonPath("$.errors[*].field").value(fields -> assertThat(fields.toString())
                        .contains("slug", "nameZh", "nameEn", "district", "city"));
        admin().post().uri("/api/platform/towns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(townJson(uniqueSlug("tz")).replace("Asia/Shanghai", "Mars/Olympus"))
                .exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:invalid-timezone");
        admin().post().uri("/api/platform/towns").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"slug\": ")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:malformed-request");
        admin().post().uri("/api/platform/towns").contentType(MediaType.TEXT_PLAIN).bodyValue("dachang")
                .exchange()
                .expectStatus().isEqualTo(415)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        admin().delete().uri("/api/platform/towns").exchange()
                .expectStatus().isEqualTo(405)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(count("select count(*) from platform.town")).isEqualTo(before);
    }

    @Test
    void townsAreListedWithKeysetPagination() {
        var prefix = uniqueSlug("page");
        for (var suffix : new String[]{"a", "b", "c"}) {
            admin().post().uri("/api/platform/towns").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(townJson(prefix + "-" + suffix)).exchange().expectStatus().isCreated();
        }
        var after = prefix + "-";
        var first = admin().get().uri("/api/platform/towns?limit=2&after={after}", after).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(first).isNotNull();
        assertThat((java.util.List<?>) first.get("items")).hasSize(2);
        assertThat(first.get("next")).isEqualTo(prefix + "-b");

        admin().get().uri("/api/platform/towns?limit=2&after={after}", first.get("next")).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items[0].slug").isEqualTo(prefix + "-c");
        admin().get().uri("/api/platform/towns?limit=0").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:invalid-page-limit");
        admin().get().uri("/api/platform/towns?status=NOPE").exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
