package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Announcements against real PostgreSQL: to some members only (the others never see them, not even by id), an
 * attachment for the addressed, read receipts once per person, the secretariat's view of who read and which members
 * have not; bad input refused.
 */
class AnnouncementsTest extends HotlineTest {

    @Test
    @SuppressWarnings("unchecked")
    void anAnnouncementToSomeMembersIsReadByThemOnlyAndTheSecretariatSeesTheReceipts() {
        var town = town();
        var slug = town.slug();
        var sec = "sec-" + slug;
        var notice = post(sec, "/api/towns/{t}/announcements", slug, Map.of("title", "电梯安全专项检查通知", "body", "请于本月底前完成自查。",
                "organisationIds", List.of(town.firmA()))).expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        var id = notice.get("id");
        assertThat(notice).containsEntry("toAll", false).containsEntry("readers", 0);
        as(sec).put().uri("/api/towns/{t}/announcements/{a}/attachment?filename=检查表.pdf", slug, id).contentType(MediaType.APPLICATION_PDF)
                .bodyValue("%PDF-1.4 检查表".getBytes()).exchange().expectStatus().isOk().expectBody().jsonPath("$.attachmentName").isEqualTo("检查表.pdf");
        post(sec, "/api/towns/{t}/announcements", slug, Map.of("title", "全体通知", "body", "年会时间")).expectStatus().isCreated();

        // The addressed firm's manager sees both; the other firm's staff only the one to all, and not the first even by id.
        var seenByA = (List<Map<String, Object>>) as("mgr-a-" + slug).get().uri("/api/towns/{t}/announcements", slug).exchange()
                .expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
        assertThat(seenByA).extracting(a -> a.get("title")).containsExactly("全体通知", "电梯安全专项检查通知");
        var seenByB = (List<Map<String, Object>>) as("staff-b-" + slug).get().uri("/api/towns/{t}/announcements", slug).exchange()
                .expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
        assertThat(seenByB).extracting(a -> a.get("title")).containsExactly("全体通知");
        as("staff-b-" + slug).post().uri("/api/towns/{t}/announcements/{a}/read", slug, id).exchange().expectStatus().isNotFound();
        as("staff-b-" + slug).get().uri("/api/towns/{t}/announcements/{a}/attachment", slug, id).exchange().expectStatus().isNotFound();
        as("mgr-a-" + slug).get().uri("/api/towns/{t}/announcements/{a}/attachment", slug, id).exchange().expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_PDF);

        // Receipts: once per person, with the organisation they read for.
        as("mgr-a-" + slug).post().uri("/api/towns/{t}/announcements/{a}/read", slug, id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.readByMe").isEqualTo(true).jsonPath("$.readers").isEqualTo(1);
        as("mgr-a-" + slug).post().uri("/api/towns/{t}/announcements/{a}/read", slug, id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.readers").isEqualTo(1);
        var receipts = as(sec).get().uri("/api/towns/{t}/announcements/{a}/receipts", slug, id).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat((List<Map<String, Object>>) receipts.get("receipts")).singleElement()
                .satisfies(r -> assertThat(r).containsEntry("personName", "mgr-a-" + slug).containsEntry("organisationId", town.firmA()));
        assertThat((List<?>) receipts.get("unreadOrganisations")).isEmpty();

        // Refusals.
        post(sec, "/api/towns/{t}/announcements", slug, Map.of("title", "", "body", "x")).expectStatus().isBadRequest();
        post(sec, "/api/towns/{t}/announcements", slug, Map.of("title", "x", "body", "x", "organisationIds", List.of(java.util.UUID.randomUUID().toString())))
                .expectStatus().isBadRequest();
        post("mgr-a-" + slug, "/api/towns/{t}/announcements", slug, Map.of("title", "x", "body", "x")).expectStatus().isForbidden();
        as("mgr-a-" + slug).get().uri("/api/towns/{t}/announcements/{a}/receipts", slug, id).exchange().expectStatus().isForbidden();
        var other = town();
        as("sec-" + other.slug()).get().uri("/api/towns/{t}/announcements", slug).exchange().expectStatus().isForbidden();
    }
}
