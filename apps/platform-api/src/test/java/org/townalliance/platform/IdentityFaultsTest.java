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
 * circuit breaker; requests with tokens already issued keep working, also a console session opened before; a person
 * not logged in gets the console's "login service unavailable" page instead of a redirect to a page that never loads;
 * after SIGCONT provisioning and logins work again.
 */
class IdentityFaultsTest extends PlatformTest {

    private static final String AGENT = "Mozilla/5.0 (X11; Linux x86_64) IdentityFaultsTest";

    @Test
    void aHungKeycloakIsA503WithinTheTimeoutTokensKeepWorkingAndProvisioningComesBack() throws Exception {
        assumeTrue(TestStack.keycloak().ownProcess(), "needs a Keycloak process of this JVM to freeze");
        var slug = onboard("kc-hung");
        TestStack.users().user("sec-" + slug, "/towns/" + slug + "/secretariat");
        var secretariat = as("sec-" + slug); // its token is issued before Keycloak hangs
        secretariat.get().uri("/api/towns/{t}/people", slug).exchange().expectStatus().isOk();
        var base = "http://localhost:" + port;
        var console = ConsoleSession.logIn(base, "sec-" + slug, "127.0.0.21", AGENT);

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
            assertThat(console.get("/console/towns/" + slug + "/members").statusCode()).as("a console session opened before").isEqualTo(200);

            // Someone not logged in: the console's page saying so, in seconds, instead of Keycloak's page never loading.
            var loginWaits = new java.util.ArrayList<Long>();
            for (int i = 0; i < 2; i++) {
                var loginStarted = System.nanoTime();
                var page = ConsoleSession.anonymous(base, "127.0.0.22", AGENT).get("/console");
                loginWaits.add((System.nanoTime() - loginStarted) / 1_000_000);
                assertThat(page.statusCode()).isEqualTo(503);
                assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
                assertThat(page.headers().firstValue("Retry-After")).isPresent();
                assertThat(page.body()).contains("统一登录服务暂时没有响应").contains("login-unavailable");
            }
            assertThat(loginWaits.get(0)).as("the probe waits out its timeout, no longer").isLessThan(8_000L);
            assertThat(loginWaits.get(1)).as("then the kept answer, at once").isLessThan(1_000L);
            System.out.printf("HUNG KEYCLOAK: invitations answered 503 after %s ms; a read with an issued token took %d ms;"
                    + " the console's login page said 'unavailable' after %s ms%n", waits, read, loginWaits);
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
        var provisioning = (System.nanoTime() - thawed) / 1_000_000;
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).until(() ->
                ConsoleSession.anonymous(base, "127.0.0.22", AGENT).get("/console").uri().toString().contains("/protocol/openid-connect/auth"));
        ConsoleSession.logIn(base, "sec-" + slug, "127.0.0.22", AGENT);
        System.out.printf("HUNG KEYCLOAK: provisioning worked again %d ms after SIGCONT, logins %d ms after%n", provisioning,
                (System.nanoTime() - thawed) / 1_000_000);
    }

    private static org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec invite(
            org.springframework.test.web.reactive.server.WebTestClient client, String slug, String who) {
        return client.post().uri("/api/towns/{t}/people", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("email", who + "." + slug + "@example.cn", "familyName", "王", "givenName", "芳", "role", "HOTLINE"))
                .exchange();
    }
}
