package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.townalliance.testkit.TestStack;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** People management by the secretariat, one person across towns, against the real Keycloak. */
class TownPeopleTest extends PlatformTest {

    @Test
    void onePersonInvitedIntoTwoTownsHasOneAccountAndLeavingOneKeepsTheOther() {
        var one = onboard("ppl-1");
        var two = onboard("ppl-2");
        TestStack.users().user("sec-" + one, "/towns/" + one + "/secretariat");
        TestStack.users().user("sec-" + two, "/towns/" + two + "/secretariat");
        var email = "li.hua." + one + "@example.cn";

        var first = as("sec-" + one).post().uri("/api/towns/{town}/people", one).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email, "familyName", "李", "givenName", "华", "role", "ORG_MANAGER",
                        "organisation", "firm-9"))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        var second = as("sec-" + two).post().uri("/api/towns/{town}/people", two).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", email.toUpperCase(), "familyName", "李", "givenName", "华", "role", "HOTLINE"))
                .exchange()
                .expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(second.get("id")).isEqualTo(first.get("id"));
        // Each town sees only its own roles of the person.
        assertThat(second.get("roles").toString()).contains("HOTLINE").doesNotContain("firm-9", one);

        TestStack.users().setPasswordToUsername(email);
        as(email).get().uri("/api/me").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.towns.length()").isEqualTo(2);

        as("sec-" + one).get().uri("/api/towns/{town}/people", one).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.email == '" + email + "')].roles[0].organisation").isEqualTo(List.of("firm-9"));

        as("sec-" + one).put().uri("/api/towns/{town}/people/{id}/roles", one, first.get("id"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("roles", List.of(Map.of("role", "ORG_STAFF", "organisation", "firm-9"), Map.of("role", "HOTLINE"))))
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.roles.length()").isEqualTo(2);

        as("sec-" + one).delete().uri("/api/towns/{town}/people/{id}", one, first.get("id")).exchange()
                .expectStatus().isNoContent();
        TestStack.tokens().fresh(email); // memberships reach a person with their next token
        as(email).get().uri("/api/me/towns").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].slug").isEqualTo(two);
        // Gone from town one: managing them there is now a 404, and town two still lists them.
        as("sec-" + one).delete().uri("/api/towns/{town}/people/{id}", one, first.get("id")).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:person-not-in-town");
        as("sec-" + two).get().uri("/api/towns/{town}/people", two).exchange()
                .expectBody().jsonPath("$[?(@.email == '" + email + "')]").isNotEmpty();
    }

    @Test
    void aSecretariatCannotManagePeopleOfAnotherTownNorPeopleOutsideItsTown() {
        var mine = onboard("ppl-mine");
        var theirs = onboard("ppl-theirs");
        TestStack.users().user("sec-" + mine, "/towns/" + mine + "/secretariat");
        TestStack.users().user("member-" + theirs, "/towns/" + theirs + "/hotline");
        @SuppressWarnings("unchecked")
        var outsiderId = ((List<Map<String, Object>>) admin().get().uri("/api/towns/{town}/people", theirs).exchange()
                .expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody())
                .getFirst().get("id").toString();

        as("sec-" + mine).get().uri("/api/towns/{town}/people", theirs).exchange().expectStatus().isForbidden();
        as("sec-" + mine).delete().uri("/api/towns/{town}/people/{id}", theirs, outsiderId).exchange().expectStatus().isForbidden();
        // In its own town, a person who is not a member cannot be changed by id (invite them instead).
        as("sec-" + mine).put().uri("/api/towns/{town}/people/{id}/roles", mine, outsiderId).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("roles", List.of(Map.of("role", "HOTLINE"))))
                .exchange()
                .expectStatus().isNotFound();
        as("member-" + theirs).get().uri("/api/towns/{town}", theirs).exchange().expectStatus().isOk();
    }

    @Test
    void badInvitationsAreClearProblems() {
        var town = onboard("ppl-bad");
        TestStack.users().user("sec-" + town, "/towns/" + town + "/secretariat");
        var secretary = as("sec-" + town);
        record Case(Map<String, Object> body, String type) {
        }
        var cases = List.of(
                new Case(Map.of("familyName", "王", "givenName", "五", "role", "HOTLINE"), "validation-failed"),
                new Case(Map.of("email", "not-an-email", "familyName", "王", "givenName", "五", "role", "HOTLINE"), "validation-failed"),
                new Case(Map.of("phone", "12345", "familyName", "王", "givenName", "五", "role", "HOTLINE"), "validation-failed"),
                new Case(Map.of("phone", "13800138000", "familyName", "王", "givenName", "五", "role", "NOT_A_ROLE"), "malformed-request"),
                new Case(Map.of("phone", "13800138000", "familyName", "王", "givenName", "五", "role", "ORG_MANAGER"), "invalid-role"),
                new Case(Map.of("phone", "13800138000", "familyName", "王", "givenName", "五", "role", "HOTLINE",
                        "organisation", "firm-1"), "invalid-role"),
                new Case(Map.of("phone", "13800138000", "familyName", "王", "givenName", "五", "role", "CITY_HOTLINE"), "invalid-role"),
                new Case(Map.of("phone", "13800138000", "familyName", "王", "givenName", "五", "role", "ORG_STAFF",
                        "organisation", "../../etc"), "invalid-role"));
        for (var c : cases) {
            secretary.post().uri("/api/towns/{town}/people", town).contentType(MediaType.APPLICATION_JSON).bodyValue(c.body())
                    .exchange()
                    .expectStatus().isBadRequest()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:" + c.type());
        }
        secretary.delete().uri("/api/towns/{town}/people/{id}", town, "not-a-uuid").exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:invalid-person-id");
        secretary.get().uri("/api/towns/{town}/people", town).exchange()
                .expectBody().jsonPath("$[?(@.username == '13800138000')]").isEmpty();
    }

    @Test
    void aFirmManagerManagesTheirOwnOrganisationsPeopleOnly() {
        var town = onboard("ppl-firm");
        var manager = "mgr-" + town;
        TestStack.users().user(manager, "/towns/" + town + "/orgs/firm-a/managers");
        TestStack.users().user("staff-b-" + town, "/towns/" + town + "/orgs/firm-b/staff");
        TestStack.users().user("hot-" + town, "/towns/" + town + "/hotline", "/towns/" + town + "/orgs/firm-a/staff");

        var hired = as(manager).post().uri("/api/towns/{town}/people", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("phone", "13900001111", "familyName", "赵", "givenName", "六", "role", "ORG_STAFF",
                        "organisation", "firm-a"))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        as(manager).post().uri("/api/towns/{town}/people", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("phone", "13900002222", "familyName", "钱", "givenName", "七", "role", "ORG_STAFF",
                        "organisation", "firm-b"))
                .exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:not-your-organisation");
        as(manager).post().uri("/api/towns/{town}/people", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("phone", "13900002222", "familyName", "钱", "givenName", "七", "role", "HOTLINE"))
                .exchange().expectStatus().isForbidden();

        // The list shows firm-a's people only, and of a person with other roles only their firm-a role.
        var listed = as(manager).get().uri("/api/towns/{town}/people", town).exchange()
                .expectStatus().isOk().expectBody(String.class).returnResult().getResponseBody();
        assertThat(listed).contains("13900001111", "hot-" + town, "firm-a").doesNotContain("staff-b-" + town, "HOTLINE", "firm-b");

        // Someone who also works for the hotline is managed by the secretariat, not by a firm.
        var hotlineId = ((List<Map<String, Object>>) admin().get().uri("/api/towns/{town}/people", town).exchange()
                .expectBody(List.class).returnResult().getResponseBody()).stream()
                .filter(p -> ("hot-" + town).equals(p.get("username"))).findFirst().orElseThrow().get("id");
        as(manager).delete().uri("/api/towns/{town}/people/{id}", town, hotlineId).exchange().expectStatus().isForbidden();
        as(manager).put().uri("/api/towns/{town}/people/{id}/roles", town, hired.get("id")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("roles", List.of(Map.of("role", "ORG_MANAGER", "organisation", "firm-a"))))
                .exchange().expectStatus().isOk();
        as(manager).delete().uri("/api/towns/{town}/people/{id}", town, hired.get("id")).exchange().expectStatus().isNoContent();
        as("staff-b-" + town).get().uri("/api/towns/{town}/people", town).exchange().expectStatus().isForbidden();
    }
}
