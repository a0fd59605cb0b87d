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

    @Test
    @SuppressWarnings("unchecked")
    void aMeetingRecordsResolutionsActionItemsAndTicketsAndGivesItsInvitationAndMinutesAsFiles() throws Exception {
        var town = town();
        var slug = town.slug();
        var sec = "sec-" + slug;
        var id = schedule(slug, "JOINT_CITY_HOTLINE", "2026-09-15T14:00:00+08:00", "2026-09-15T16:00:00+08:00")
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
        var ticket = intake(town, null, "13800138000");

        send(sec, slug, id, "resolutions", Map.of("text", "电梯故障工单 24 小时内上门", "votesFor", 20, "votesAgainst", 3, "abstentions", 2))
                .expectStatus().isOk();
        send(sec, slug, id, "resolutions", Map.of("text", "提高物业费", "votesFor", 10, "votesAgainst", 5, "abstentions", 6)).expectStatus().isOk();
        send(sec, slug, id, "resolutions", Map.of("text", "太多票", "votesFor", 30, "votesAgainst", 3, "abstentions", 1))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith(":invalid-votes"));
        send(sec, slug, id, "resolutions", Map.of("text", "负数", "votesFor", -1, "votesAgainst", 0, "abstentions", 0)).expectStatus().isBadRequest();
        send(sec, slug, id, "action-items", Map.of("text", "整理电梯维保单位名单", "ownerOrganisationId", town.firmA(), "ownerName", "张华",
                "dueOn", "2026-10-15")).expectStatus().isOk();
        send(sec, slug, id, "action-items", Map.of("text", "无主", "ownerOrganisationId", UUID.randomUUID().toString(), "ownerName", "某人",
                "dueOn", "2026-10-15")).expectStatus().isBadRequest();
        send(sec, slug, id, "tickets", Map.of("ticketNumber", ticket.get("number"), "note", "典型案例")).expectStatus().isOk();
        send(sec, slug, id, "tickets", Map.of("ticketNumber", ticket.get("number"))).expectStatus().isOk();
        send(sec, slug, id, "tickets", Map.of("ticketNumber", 999999999)).expectStatus().isNotFound();
        send("op-" + slug, slug, id, "resolutions", Map.of("text", "无权", "votesFor", 1, "votesAgainst", 0, "abstentions", 0)).expectStatus().isForbidden();

        var meeting = as(sec).get().uri("/api/towns/{t}/meetings/{id}", slug, id).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat((List<Map<String, Object>>) meeting.get("resolutions")).extracting(r -> r.get("adopted")).containsExactly(true, false);
        var item = ((List<Map<String, Object>>) meeting.get("actionItems")).getFirst();
        assertThat(item).containsEntry("ownerName", "张华").containsEntry("dueOn", "2026-10-15").doesNotContainKey("doneOn");
        assertThat((List<Map<String, Object>>) meeting.get("tickets")).singleElement()
                .satisfies(t -> assertThat(t).containsEntry("number", ticket.get("number")).containsEntry("note", "典型案例"));
        // Every member reads the minutes: a linked ticket shows its kind and category, never the resident's words (issue 19).
        var asFirm = as("mgr-a-" + slug).get().uri("/api/towns/{t}/meetings/{id}", slug, id).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(asFirm).contains("\"number\":" + ticket.get("number")).doesNotContain("电梯不动", "13800138000");
        send(sec, slug, id, "action-items/" + item.get("id") + "/done", Map.of("doneOn", "2026-10-10")).expectStatus().isOk()
                .expectBody().jsonPath("$.actionItems[0].doneOn").isEqualTo("2026-10-10");

        // The invitation: an iCalendar file whose UID is the meeting, and the e-mail text in Chinese.
        var ics = as("op-" + slug).get().uri("/api/towns/{t}/meetings/{id}/invitation.ics", slug, id).exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith("text/calendar").expectBody(String.class).returnResult().getResponseBody();
        assertThat(ics).startsWith("BEGIN:VCALENDAR").contains("METHOD:REQUEST").contains("UID:" + id + "@town-alliance")
                .contains("DTSTART:20260915T060000Z").contains("DTEND:20260915T080000Z").contains("1. 2026 年上半年工作报告").contains("END:VEVENT");
        var text = as(sec).get().uri("/api/towns/{t}/meetings/{id}/invitation.txt", slug, id).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(text).contains("各成员单位").contains("2026年9月15日（星期二）14:00–16:00").contains("审议公益服务清单").contains("秘书处");

        // The minutes as Excel: the workbook opens and has the resolutions with their votes.
        minutes(slug, id).expectStatus().isOk();
        var xlsx = as(sec).get().uri("/api/towns/{t}/meetings/{id}/minutes.xlsx", slug, id).exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        try (var workbook = org.apache.poi.ss.usermodel.WorkbookFactory.create(new java.io.ByteArrayInputStream(xlsx))) {
            var resolutions = workbook.getSheet("决议");
            assertThat(resolutions.getRow(1).getCell(0).getStringCellValue()).isEqualTo("电梯故障工单 24 小时内上门");
            assertThat(resolutions.getRow(1).getCell(1).getNumericCellValue()).isEqualTo(20);
            assertThat(resolutions.getRow(1).getCell(4).getStringCellValue()).isEqualTo("通过");
            assertThat(workbook.getSheet("会议").getRow(6).getCell(1).getStringCellValue()).isEqualTo("一、听取上半年工作报告。二、审议通过公益服务清单。");
            assertThat(workbook.getSheet("出席").getLastRowNum()).isEqualTo(33);
        }
        // Held: no more resolutions; a cancelled meeting's calendar file is the cancellation.
        send(sec, slug, id, "resolutions", Map.of("text", "会后", "votesFor", 1, "votesAgainst", 0, "abstentions", 0)).expectStatus().isEqualTo(409);
        var other = schedule(slug, "OTHER", "2026-09-20T14:00:00+08:00", "2026-09-20T16:00:00+08:00")
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
        as(sec).post().uri("/api/towns/{t}/meetings/{id}/cancel", slug, other).exchange().expectStatus().isOk();
        assertThat(as(sec).get().uri("/api/towns/{t}/meetings/{id}/invitation.ics", slug, other).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody()).contains("METHOD:CANCEL").contains("STATUS:CANCELLED");

        // The platform admin sees the towns that miss their two general meetings, this one among them.
        var flagged = (List<Map<String, Object>>) admin().get().uri("/api/platform/governance/compliance?year=2026").exchange()
                .expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
        assertThat(flagged).filteredOn(t -> slug.equals(t.get("slug"))).singleElement()
                .satisfies(t -> assertThat(t).containsEntry("compliant", false).containsEntry("generalHeld", 0));
        assertThat(flagged.getFirst()).containsEntry("compliant", false);
        as(sec).get().uri("/api/platform/governance/compliance").exchange().expectStatus().isForbidden();
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec send(String user, String slug, Object id, String what,
                                                                                         Map<String, ?> body) {
        return as(user).post().uri("/api/towns/{t}/meetings/{id}/" + what, slug, id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange();
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
