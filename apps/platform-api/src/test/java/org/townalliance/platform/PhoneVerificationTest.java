package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.townalliance.testkit.TestStack;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A resident's phone verified by a one-time code (issue 20, first slice). The SMS goes through the local gateway,
 * which keeps messages in a table instead of sending them: no SMS leaves the machine; the test reads the code there.
 */
class PhoneVerificationTest extends PlatformTest {

    @Test
    void aCodeVerifiesThePhoneOnceWithinItsAttemptsAndItsLifetime() throws Exception {
        var town = onboard("otp");
        var phone = Residents.phone();
        var started = start(town, phone).expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody();
        var id = (String) started.get("verificationId");
        var code = Residents.code(phone);
        try (var connection = TestStack.database().connect(); var statement = connection.createStatement();
             var rows = statement.executeQuery("select code_hash from platform.phone_verification where id = '" + id + "'")) {
            rows.next();
            assertThat(rows.getString(1)).as("kept as a keyed hash only").hasSize(64).doesNotContain(code);
        }
        // The local stack's inbox shows it (the chart's configuration has no such page: ProductionShapeTest).
        anonymous().get().uri("/local/sms").exchange().expectStatus().isOk().expectBody(String.class)
                .value(page -> assertThat(page).contains(phone).contains(code).contains("未发出"));
        // Another code for the same phone within the minute: refused before anything is sent.
        start(town, phone).expectStatus().isEqualTo(429).expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:rate-limited");

        var wrong = code.equals("000000") ? "000001" : "000000";
        check(town, id, wrong).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:wrong-code").jsonPath("$.attemptsLeft").isEqualTo(4);
        var proof = check(town, id, code).expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat((String) proof.get("proof")).startsWith("pv_");
        check(town, id, code).expectStatus().isEqualTo(410); // used
        check(onboard("otp-other"), id, code).expectStatus().isNotFound(); // another town's code

        // Five wrong codes use it up; the right one then comes too late.
        var second = Residents.phone();
        var secondId = (String) start(town, second).expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody()
                .get("verificationId");
        var secondCode = Residents.code(second);
        var other = secondCode.equals("111111") ? "222222" : "111111";
        for (int left = 4; left >= 0; left--) {
            check(town, secondId, other).expectStatus().isBadRequest().expectBody().jsonPath("$.attemptsLeft").isEqualTo(left);
        }
        check(town, secondId, secondCode).expectStatus().isEqualTo(410);

        // Expired after five minutes (moved into the past here).
        var third = Residents.phone();
        var thirdId = (String) start(town, third).expectStatus().isAccepted().expectBody(Map.class).returnResult().getResponseBody()
                .get("verificationId");
        try (var connection = TestStack.database().connect(); var statement = connection.createStatement()) {
            statement.executeUpdate("update platform.phone_verification set expires_at = now() - interval '1 second' where id = '" + thirdId + "'");
        }
        check(town, thirdId, Residents.code(third)).expectStatus().isEqualTo(410)
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:code-expired");

        // Bad input: a clear 400 or 404, nothing sent.
        start(town, "12345").expectStatus().isBadRequest();
        start("no-such-town", Residents.phone()).expectStatus().isNotFound();
        check(town, thirdId, "12ab56").expectStatus().isBadRequest();
    }

    private WebTestClient.ResponseSpec start(String town, String phone) {
        return anonymous().post().uri("/public/towns/{t}/phone-verifications", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("phone", phone)).exchange();
    }

    private WebTestClient.ResponseSpec check(String town, String id, String code) {
        return anonymous().post().uri("/public/towns/{t}/phone-verifications/{id}/check", town, id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("code", code)).exchange();
    }
}
