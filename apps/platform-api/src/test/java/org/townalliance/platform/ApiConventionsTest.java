package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

class ApiConventionsTest extends PlatformTest {

    @Test
    void theOpenApiDocumentIsServedFromTheCodeToThoseSignedIn() {
        anonymous().get().uri("/v3/api-docs").exchange().expectStatus().isUnauthorized(); // issue 19 item 10: no public inventory
        as("platform-admin").get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.paths['/api/platform/towns'].post").exists()
                .jsonPath("$.paths['/api/towns/{town}/settings'].put").exists()
                .jsonPath("$.components.securitySchemes.keycloak.scheme").isEqualTo("bearer");
    }

    @Test
    void probesAreOpenAndReadinessIncludesPostgres() {
        anonymous().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        anonymous().get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        admin().get().uri("/actuator/health/readiness?showDetails=always").exchange().expectStatus().isOk();
    }

    @Test
    void requestMetricsCarryTheTownTag() {
        var town = onboard("metrics");
        admin().get().uri("/api/towns/{town}", town).exchange().expectStatus().isOk();
        var scrape = anonymous().get().uri("/actuator/prometheus").exchange()
                .expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(scrape).contains("town=\"" + town + "\"");
        // Requests that never reached a town never name one (bounded cardinality).
        assertThat(scrape).doesNotContain("town=\"no-such-town\"");
    }

    @Test
    void errorsNeverLeakInternals() {
        var body = admin().post().uri("/api/platform/towns").contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"slug\": [1,2,3], \"nameZh\": {\"x\": 1}}")
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(body).doesNotContain("tools.jackson", "org.townalliance", "Exception", "\tat ");
    }
}
