package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.townalliance.testkit.TestStack;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A hung Keycloak, for real: the suite's Keycloak process is frozen with SIGSTOP (connections still open, nothing
 * answers) and continued with SIGCONT. Provisioning answers 503 within the read timeout, then at once from the open
 * circuit breaker; requests with tokens already issued keep working; after SIGCONT provisioning works again.
 */
class IdentityFaultsTest extends PlatformTest {

    @Test
    void aHungKeycloakIsA503WithinTheTimeoutTokensKeepWorkingAndProvisioningComesBack() throws Exception {
        assumeTrue(TestStack.keycloak().ownProcess(), "needs a Keycloak process of this JVM to freeze");
        var slug = onboard("kc-hung");
        TestStack.users().user("sec-" + slug, "/towns/" + slug + "/secretariat");
        var secretariat = as("sec-" + slug); // its token is issued before Keycloak hangs
        secretariat.get().uri("/api/towns/{t}/people", slug).exchange().expectStatus().isOk();

        TestStack.keycloak().freeze();
        var waits = new java.util.ArrayList<Long>();
        try {
            for (int i = 0; i < 4; i++) {
                var started = System.nanoTime();
                invite(secretariat, slug, "hung-" + i).expectStatus().isEqualTo(503)
                        .expectHeader().exists("Retry-After")
                        .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:identity-provider-unavailable");
                waits.add((System.nanoTime() - started) / 1_000_000);
            }
            // What needs no Keycloak goes on: the token was verified with keys fetched before.
            var started = System.nanoTime();
            secretariat.get().uri("/api/towns/{t}/members", slug).exchange().expectStatus().isOk();
            var read = (System.nanoTime() - started) / 1_000_000;
            assertThat(waits.subList(0, 3)).as("each call waits out the read timeout, no longer").allSatisfy(ms -> assertThat(ms).isLessThan(8_000L));
            assertThat(waits.get(3)).as("the open breaker answers at once").isLessThan(500L);
            System.out.printf("HUNG KEYCLOAK: invitations answered 503 after %s ms; a read with an issued token took %d ms%n", waits, read);
        } finally {
            TestStack.keycloak().thaw();
        }

        // Back: after the breaker's open time a trial call goes through and provisioning works again.
        var thawed = System.nanoTime();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            var status = invite(secretariat, slug, "after").returnResult(byte[].class).getStatus().value();
            assertThat(status).as("503 until the breaker lets a trial through, then created").isIn(201, 503);
            return status == 201;
        });
        System.out.printf("HUNG KEYCLOAK: provisioning worked again %d ms after SIGCONT%n", (System.nanoTime() - thawed) / 1_000_000);
    }

    private static org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec invite(
            org.springframework.test.web.reactive.server.WebTestClient client, String slug, String who) {
        return client.post().uri("/api/towns/{t}/people", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", who + "." + slug + "@example.cn", "familyName", "王", "givenName", "芳", "role", "HOTLINE"))
                .exchange();
    }
}
