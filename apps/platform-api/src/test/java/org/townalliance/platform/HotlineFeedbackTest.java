package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * After resolution: the operator's callback, the resident's one-time rating link, reopening within the
 * town's window; cancelling a duplicate linked to its original; categories; counts and on-time rates.
 */
class HotlineFeedbackTest extends HotlineTest {

    private Object resolved(Town town, String phone) {
        var id = intake(town, null, phone).get("id");
        act("op-" + town.slug(), town, id, "dispatch", Map.of("organisationId", town.firmA())).expectStatus().isOk();
        act("mgr-a-" + town.slug(), town, id, "accept", Map.of()).expectStatus().isOk();
        act("mgr-a-" + town.slug(), town, id, "resolve", Map.of("note", "已修好")).expectStatus().isOk();
        return id;
    }

    @Test
    void aSatisfiedCallbackClosesAndAnUnsatisfiedOneReopensWithinTheWindowOnly() {
        var town = town();
        var slug = town.slug();
        var operator = as("op-" + slug);
        var open = intake(town, null, "13500000001").get("id");
        operator.post().uri("/api/towns/{t}/tickets/{id}/callback", slug, open).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("satisfied", true, "score", 5)).exchange().expectStatus().isEqualTo(409);

        var happy = resolved(town, "13500000002");
        operator.post().uri("/api/towns/{t}/tickets/{id}/callback", slug, happy).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("satisfied", true, "score", 6)).exchange().expectStatus().isBadRequest();
        as("mgr-a-" + slug).post().uri("/api/towns/{t}/tickets/{id}/callback", slug, happy).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("satisfied", true, "score", 5)).exchange().expectStatus().isForbidden();
        operator.post().uri("/api/towns/{t}/tickets/{id}/callback", slug, happy).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("satisfied", true, "score", 5, "comment", "师傅很快")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("CLOSED");

        var unhappy = resolved(town, "13500000003");
        operator.post().uri("/api/towns/{t}/tickets/{id}/callback", slug, unhappy).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("satisfied", false, "score", 2, "comment", "还在漏水")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("DISPATCHED")
                .jsonPath("$.resolveDueAt").exists().jsonPath("$.resolvedAt").doesNotExist();
        as("mgr-a-" + slug).get().uri("/api/towns/{t}/tickets/{id}/feedback", slug, unhappy).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].score").isEqualTo(2).jsonPath("$[0].source").isEqualTo("CALLBACK");

        // A town with no reopen window: the verdict is kept, the ticket stays resolved.
        as("sec-" + slug).put().uri("/api/towns/{t}/hotline/policy", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reopenWindowDays", 0, "duplicateWindowHours", 24, "ratingLinkDays", 7, "resolveWarningPercent", 80))
                .exchange().expectStatus().isOk();
        var late = resolved(town, "13500000004");
        act("op-" + slug, town, late, "reopen", Map.of("note", "again")).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:reopen-window-passed");
        operator.post().uri("/api/towns/{t}/tickets/{id}/callback", slug, late).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("satisfied", false, "score", 1)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("RESOLVED");
    }

    @Test
    void theResidentRatesOnceThroughALinkWithoutAnAccountAndSeesNoPersonalData() {
        var town = town();
        var slug = town.slug();
        var id = resolved(town, "13500000005");
        var link = as("op-" + slug).post().uri("/api/towns/{t}/tickets/{id}/rating-link", slug, id).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        var token = (String) link.get("token");
        assertThat((String) link.get("url")).endsWith("/rate/" + slug + "/" + token); // the resident's page (console module)
        var page = anonymous().get().uri("/public/towns/{t}/ratings/{token}", slug, token).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("\"category\":\"报修\"").doesNotContain("13500000005", "王阿姨");
        anonymous().post().uri("/public/towns/{t}/ratings/{token}", slug, token).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("satisfied", true, "score", 4)).exchange().expectStatus().isOk();
        anonymous().post().uri("/public/towns/{t}/ratings/{token}", slug, token).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("satisfied", false, "score", 1)).exchange().expectStatus().isEqualTo(409)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        anonymous().get().uri("/public/towns/{t}/ratings/{token}", slug, "not-a-token").exchange().expectStatus().isNotFound();
        // The link of one town is no key to another.
        anonymous().get().uri("/public/towns/{t}/ratings/{token}", onboard("rate-other"), token).exchange().expectStatus().isNotFound();
        assertThat(count("select count(*) from " + schema(town) + ".ticket_feedback where source = 'RATING_LINK' and score = 4")).isEqualTo(1);
        as("op-" + slug).get().uri("/api/towns/{t}/tickets/{id}", slug, id).exchange().expectBody().jsonPath("$.status").isEqualTo("CLOSED");

        // An expired link says so.
        var second = as("op-" + slug).post().uri("/api/towns/{t}/tickets/{id}/rating-link", slug, id).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("token");
        sql("update " + schema(town) + ".ticket_rating_link set expires_at = now() - interval '1 second' where used_at is null");
        anonymous().get().uri("/public/towns/{t}/ratings/{token}", slug, second).exchange().expectStatus().isEqualTo(410);
    }

    @Test
    void aDuplicateIsCancelledWithALinkToItsOriginal() {
        var town = town();
        var original = intake(town, null, "13500000006").get("id");
        var repeat = intake(town, null, "13500000006");
        assertThat(repeat.get("possibleDuplicateOf")).isEqualTo(original);
        act("op-" + town.slug(), town, repeat.get("id"), "cancel", Map.of("note", "同一事件")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:cancel-reason-required");
        act("op-" + town.slug(), town, repeat.get("id"), "cancel", Map.of("note", "同一事件", "reason", "DUPLICATE")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:duplicate-of-required");
        act("op-" + town.slug(), town, repeat.get("id"), "cancel", Map.of("note", "同一事件", "reason", "DUPLICATE", "duplicateOf", repeat.get("id")))
                .expectStatus().isBadRequest();
        act("op-" + town.slug(), town, repeat.get("id"), "cancel", Map.of("note", "同一事件", "reason", "DUPLICATE", "duplicateOf", original))
                .expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("CANCELLED").jsonPath("$.duplicateOf").isEqualTo(original)
                .jsonPath("$.cancelReason").isEqualTo("DUPLICATE");
        act("op-" + town.slug(), town, original, "escalate", Map.of("note", "居民第二次来电")).expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("RECEIVED");
    }

    @Test
    void categoriesAreATreeAndTheStatisticsCountOnTimeResolutionPerOrganisation() {
        var town = town();
        var slug = town.slug();
        var secretariat = as("sec-" + slug);
        secretariat.get().uri("/api/towns/{t}/hotline/categories", slug).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.code == 'repairs')].children[*].code").value(codes -> assertThat(codes.toString()).contains("repairs-elevator"));
        secretariat.post().uri("/api/towns/{t}/hotline/categories", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("code", "repairs-gas", "nameZh", "燃气", "parentCode", "repairs")).exchange().expectStatus().isCreated();
        secretariat.post().uri("/api/towns/{t}/hotline/categories", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("code", "repairs-gas-pipe", "nameZh", "燃气管", "parentCode", "repairs-gas")).exchange().expectStatus().isBadRequest();
        secretariat.post().uri("/api/towns/{t}/hotline/categories", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("code", "repairs-gas", "nameZh", "燃气")).exchange().expectStatus().isEqualTo(409);
        secretariat.patch().uri("/api/towns/{t}/hotline/categories/{c}", slug, "repairs-gas").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("active", false)).exchange().expectStatus().isOk();
        as("op-" + slug).post().uri("/api/towns/{t}/tickets", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "SERVICE_REQUEST", "channel", "PHONE", "categoryCode", "repairs-gas", "description", "x"))
                .exchange().expectStatus().isBadRequest();

        resolved(town, "13500000007");
        var late = resolved(town, "13500000008");
        sql("update " + schema(town) + ".ticket set resolved_at = resolve_due_at + interval '1 hour' where id = '" + late + "'");
        intake(town, null, "13500000009");
        var stats = secretariat.get().uri("/api/towns/{t}/tickets/statistics", slug).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(stats.get("tickets")).isEqualTo(3);
        assertThat(List.copyOf(((Map<?, ?>) stats.get("byDay")).values())).isEqualTo(List.of(3));
        var firmA = (Map<?, ?>) ((List<?>) stats.get("organisations")).getFirst();
        assertThat(firmA.get("organisationId")).isEqualTo(town.firmA());
        assertThat(firmA.get("resolved")).isEqualTo(2);
        assertThat(firmA.get("resolvedOnTime")).isEqualTo(1);
        assertThat(firmA.get("onTimeRate")).isEqualTo(0.5);
        // Firm B's staff see no other organisation's figures.
        as("staff-b-" + slug).get().uri("/api/towns/{t}/tickets/statistics", slug).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.organisations.length()").isEqualTo(0).jsonPath("$.tickets").isEqualTo(0);
        secretariat.get().uri("/api/towns/{t}/tickets?category=repairs&q=电梯", slug).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(3);
        secretariat.get().uri("/api/towns/{t}/tickets?from=2026-02-01&to=2026-01-01", slug).exchange().expectStatus().isBadRequest();
    }
}
