package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.townalliance.testkit.TestStack;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Onboarding provisions the town in the real Keycloak; archiving disables its 12345 client. */
class TownIdentityTest extends PlatformTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.townalliance.identity.TownIdentityProvisioning identity;

    @Test
    void onboardingCreatesTheGroupTreeAndACityHotlineClientScopedToTheTown() {
        var town = onboard("kc");
        var other = onboard("kc-other");
        for (var group : new String[]{"secretariat", "hotline", "orgs", "integrations/city-hotline"}) {
            assertThat(TestStack.users().get("/group-by-path/towns/" + town + "/" + group)[0]).isEqualTo("200");
        }

        var credentials = admin().post().uri("/api/platform/towns/{slug}/city-hotline-credentials", town).exchange()
                .expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(credentials).containsEntry("clientId", "city-hotline-" + town);
        var token = TestStack.tokens().client("city-hotline-" + town, (String) credentials.get("clientSecret"));

        var cityHotline = anonymous().mutate().defaultHeader("Authorization", "Bearer " + token).build();
        cityHotline.get().uri("/api/towns/{town}", town).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.roles[0].role").isEqualTo("CITY_HOTLINE");
        cityHotline.get().uri("/api/towns/{town}", other).exchange().expectStatus().isForbidden();
        cityHotline.put().uri("/api/towns/{town}/settings", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("a", "b")).exchange().expectStatus().isForbidden();

        admin().post().uri("/api/platform/towns/{slug}/archive", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "test")).exchange().expectStatus().isOk();
        assertThat(TestStack.tokens().clientStatus("city-hotline-" + town, (String) credentials.get("clientSecret")))
                .isIn(400, 401);
    }

    @Test
    void provisioningIsIdempotent() {
        var town = onboard("kc-again");
        // Provision again, as a retried onboarding would: nothing is created twice.
        identity.provision(town, "测试镇").block();
        admin().post().uri("/api/platform/towns").contentType(MediaType.APPLICATION_JSON).bodyValue(townJson(town))
                .exchange().expectStatus().isOk();
        var json = tools.jackson.databind.json.JsonMapper.builder().build();
        var root = TestStack.users().get("/group-by-path/towns/" + town);
        assertThat(root[0]).isEqualTo("200");
        var id = json.readTree(root[1]).get("id").asString();
        var children = json.readTree(TestStack.users().get("/groups/" + id + "/children")[1]);
        var names = new java.util.ArrayList<String>();
        children.forEach(child -> names.add(child.get("name").asString()));
        assertThat(names).containsExactlyInAnyOrder("secretariat", "hotline", "orgs", "integrations");
        var clients = json.readTree(TestStack.users().get("/clients?clientId=city-hotline-" + town)[1]);
        assertThat(clients.size()).isEqualTo(1);
    }

    @Test
    void rotatingCredentialsOfAnUnknownTownIsAProblem() {
        admin().post().uri("/api/platform/towns/no-such-town/city-hotline-credentials").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:integration-not-found");
        admin().post().uri("/api/platform/towns/BAD/city-hotline-credentials").exchange()
                .expectStatus().isBadRequest();
    }
}
