package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.townalliance.testkit.TestStack;

import java.util.Map;

/** Cross-town isolation and town states, with real Keycloak users and group memberships. */
class TownAccessTest extends PlatformTest {

    private static final String PROBLEM = "urn:town-alliance:problem:";

    @Test
    void aSecretariatActsInItsOwnTownAndIsRefusedInAnother() {
        var townA = onboard("iso-a");
        var townB = onboard("iso-b");
        var secretary = "sec-" + townA;
        TestStack.users().user(secretary, "/towns/" + townA + "/secretariat");

        as(secretary).get().uri("/api/towns/{town}", townA).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.roles[0].role").isEqualTo("SECRETARIAT");
        as(secretary).put().uri("/api/towns/{town}/settings", townA).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("hotline.callback-hours", "48"))
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$[0].updatedBy").isEqualTo(secretary);

        as(secretary).get().uri("/api/towns/{town}", townB).exchange()
                .expectStatus().isForbidden()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEM + "no-role-in-town");
        as(secretary).get().uri("/api/towns/{town}/settings", townB).exchange().expectStatus().isForbidden();
        as(secretary).put().uri("/api/towns/{town}/settings", townB).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("hotline.callback-hours", "1"))
                .exchange().expectStatus().isForbidden();
        admin().get().uri("/api/towns/{town}/settings", townB).exchange()
                .expectStatus().isOk().expectBody().json("[]");
        as(secretary).get().uri("/api/platform/towns").exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEM + "forbidden");
    }

    @Test
    void aRoleWithoutWriteRightsCannotChangeSettings() {
        var town = onboard("iso-h");
        var operator = "hotline-" + town;
        TestStack.users().user(operator, "/towns/" + town + "/hotline");

        as(operator).get().uri("/api/towns/{town}/settings", town).exchange().expectStatus().isOk();
        as(operator).put().uri("/api/towns/{town}/settings", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("a", "b"))
                .exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEM + "town-role-required");
    }

    @Test
    void onePersonWithRolesInTwoTownsSeesExactlyThoseTwo() {
        var one = onboard("multi-1");
        var two = onboard("multi-2");
        var other = onboard("multi-3");
        var manager = "mgr-" + one;
        TestStack.users().user(manager, "/towns/" + one + "/orgs/firm-1/managers", "/towns/" + two + "/orgs/firm-1/managers");

        as(manager).get().uri("/api/me/towns").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[0].slug").isEqualTo(one)
                .jsonPath("$[1].slug").isEqualTo(two)
                .jsonPath("$[0].roles[0].organisation").isEqualTo("firm-1");
        as(manager).get().uri("/api/towns/{town}", two).exchange().expectStatus().isOk();
        as(manager).get().uri("/api/towns/{town}", other).exchange().expectStatus().isForbidden();
    }

    @Test
    void unauthenticatedAndUnknownCallsAreProblems() {
        anonymous().get().uri("/api/platform/towns").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals("WWW-Authenticate", "Bearer")
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        anonymous().get().uri("/api/towns/dachang").header("Authorization", "Bearer not.a.token").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEM + "unauthenticated");
        as("resident-nobody").get().uri("/api/platform/towns").exchange().expectStatus().isForbidden();

        var town = onboard("iso-n");
        as("resident-nobody").get().uri("/api/towns/{town}", town).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEM + "no-role-in-town");
        admin().get().uri("/api/towns/no-such-town").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEM + "town-not-found");
        admin().get().uri("/api/towns/NOT_A_SLUG/settings").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEM + "invalid-town-slug");
        admin().get().uri("/api/nothing-here").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEM + "not-found");
    }

    @Test
    void suspendedTownsAnswer423ArchivedTownsAreReadOnly() {
        var town = onboard("state");
        var secretary = "sec-" + town;
        TestStack.users().user(secretary, "/towns/" + town + "/secretariat");

        admin().post().uri("/api/platform/towns/{slug}/suspend", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "欠费 overdue fees"))
                .exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("SUSPENDED");
        as(secretary).get().uri("/api/towns/{town}", town).exchange()
                .expectStatus().isEqualTo(423)
                .expectBody()
                .jsonPath("$.type").isEqualTo(PROBLEM + "town-suspended")
                .jsonPath("$.detail").value(detail -> org.assertj.core.api.Assertions.assertThat(detail.toString()).contains("overdue fees"));
        admin().post().uri("/api/platform/towns/{slug}/suspend", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of()).exchange()
                .expectStatus().isBadRequest();

        admin().post().uri("/api/platform/towns/{slug}/resume", town).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("ACTIVE");
        as(secretary).get().uri("/api/towns/{town}", town).exchange().expectStatus().isOk();

        admin().post().uri("/api/platform/towns/{slug}/archive", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "merged into another town"))
                .exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("ARCHIVED");
        as(secretary).get().uri("/api/towns/{town}/settings", town).exchange().expectStatus().isOk();
        as(secretary).put().uri("/api/towns/{town}/settings", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("a", "b"))
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEM + "town-archived");
        admin().post().uri("/api/platform/towns/{slug}/resume", town).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo(PROBLEM + "illegal-town-transition");
        admin().post().uri("/api/platform/towns/no-such-town/resume").exchange()
                .expectStatus().isNotFound();
    }
}
