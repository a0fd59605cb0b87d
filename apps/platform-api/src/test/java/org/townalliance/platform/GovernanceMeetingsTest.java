package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Member meetings against real PostgreSQL: scheduled with agenda and every current member invited,
 * check-in of who came, minutes that close the meeting for good, and the "two general meetings a year"
 * compliance view; refusals are 4xx problems that change nothing.
 */
class GovernanceMeetingsTest extends HotlineTest {

    @Test
    @SuppressWarnings("unchecked")
    void aGeneralMeetingIsScheduledCheckedInAndClosedWithMinutesAndCountsForCompliance() {
        var town = town();
        var slug = town.slug();
        var meeting = schedule(slug, "GENERAL", "2026-06-15T09:00:00+08:00", "2026-06-15T11:00:00+08:00")
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        assertThat((List<String>) meeting.get("agenda")).containsExactly("2026 年上半年工作报告", "审议公益服务清单");
        assertThat((List<?>) meeting.get("attendees")).hasSize(33); // every current member is invited
        assertThat(compliance(slug)).containsEntry("generalScheduled", 1).containsEntry("compliant", false);

        var id = meeting.get("id");
        var checkedIn = as("sec-" + slug).post().uri("/api/towns/{t}/meetings/{id}/check-in", slug, id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("organisationId", town.firmA(), "name", "张华")).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat((List<Map<String, Object>>) checkedIn.get("attendees"))
                .filteredOn(a -> town.firmA().equals(a.get("organisationId"))).singleElement().satisfies(a -> assertThat(a).containsEntry("checkedInName", "张华"));
        as("sec-" + slug).post().uri("/api/towns/{t}/meetings/{id}/check-in", slug, id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("organisationId", UUID.randomUUID().toString(), "name", "陌生人")).exchange()
                .expectStatus().isEqualTo(409).expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        minutes(slug, id).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("HELD");
        minutes(slug, id).expectStatus().isEqualTo(409);
        as("sec-" + slug).post().uri("/api/towns/{t}/meetings/{id}/check-in", slug, id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("organisationId", town.firmB(), "name", "迟到")).exchange().expectStatus().isEqualTo(409);

        schedule(slug, "GENERAL", "2026-12-10T09:00:00+08:00", "2026-12-10T11:00:00+08:00").expectStatus().isCreated();
        assertThat(compliance(slug)).containsEntry("generalHeld", 1).containsEntry("generalScheduled", 1).containsEntry("compliant", true);

        // Refusals.
        schedule(slug, "GENERAL", "2026-06-15T11:00:00+08:00", "2026-06-15T09:00:00+08:00").expectStatus().isBadRequest();
        schedule(slug, "PICNIC", "2026-06-15T09:00:00+08:00", "2026-06-15T11:00:00+08:00").expectStatus().isBadRequest();
        as("op-" + slug).get().uri("/api/towns/{t}/meetings/{id}", slug, id).exchange().expectStatus().isOk();
        as("op-" + slug).post().uri("/api/towns/{t}/meetings", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body("GENERAL", "2026-06-15T09:00:00+08:00", "2026-06-15T11:00:00+08:00")).exchange().expectStatus().isForbidden();
        var other = town();
        as("sec-" + other.slug()).get().uri("/api/towns/{t}/meetings/{id}", slug, id).exchange().expectStatus().isForbidden();
        as("sec-" + other.slug()).get().uri("/api/towns/{t}/meetings/{id}", other.slug(), id).exchange().expectStatus().isNotFound();
        var list = as("sec-" + slug).get().uri("/api/towns/{t}/meetings?year=2026", slug).exchange().expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();
        assertThat(list).hasSize(2);
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec schedule(String slug, String kind, String starts, String ends) {
        return as("sec-" + slug).post().uri("/api/towns/{t}/meetings", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body(kind, starts, ends)).exchange();
    }

    private static Map<String, Object> body(String kind, String starts, String ends) {
        return Map.of("kind", kind, "title", "2026 年全体成员大会", "startsAt", starts, "endsAt", ends, "location", "大场镇城市运行管理中心",
                "agenda", List.of("2026 年上半年工作报告", "审议公益服务清单"));
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec minutes(String slug, Object id) {
        return as("sec-" + slug).post().uri("/api/towns/{t}/meetings/{id}/minutes", slug, id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("minutes", "一、听取上半年工作报告。二、审议通过公益服务清单。")).exchange();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> compliance(String slug) {
        return as("sec-" + slug).get().uri("/api/towns/{t}/meetings/compliance?year=2026", slug).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
    }
}
