package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The quality evaluation against real PostgreSQL, on a generated 2025 ticket history whose every figure is
 * worked out by hand below: each computed indicator, the minimum-sample rule, the estate-history rule (an
 * estate changing firm on 1 July counts for each firm in its own months), the town-zone year boundary,
 * facts arriving after "as of" left out, scheme versions (published results keep theirs), recomputing a
 * run to identical numbers, the Excel export, and refusals.
 */
class EvaluationTest extends HotlineTest {

    @Test
    @SuppressWarnings("unchecked")
    void everyIndicatorMatchesItsHandCheckedValueAndPublishedResultsStayReproducible() throws Exception {
        var town = town();
        var slug = town.slug();
        var sec = "sec-" + slug;
        var schema = schema(town);
        // E1 (2,000 households) is firm A's all year; E2 (1,000) is firm B's until 1 July 2025, then firm A's.
        sql("update " + schema + ".estate set households = 2000 where id = '" + town.estateId() + "'");
        var e2 = as(sec).post().uri("/api/towns/{t}/estates", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "场中小区", "address", "场中路1号", "households", 1000)).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
        managedBy(slug, e2, FIRM_B, "2020-01-01");
        managedBy(slug, e2, FIRM_A, "2025-07-01");

        var e1 = town.estateId();
        // Firm A, E1, March: 20 tickets due in 2 days; 16 resolved in 1 day, 4 in 3 days (late); 2 complaints;
        // 10 rated, 8 satisfied; one reopened.
        for (int i = 0; i < 20; i++) {
            var id = ticket(schema, e1, i < 2 ? "COMPLAINT" : "SERVICE_REQUEST", "2025-03-%02dT10:00:00+08:00".formatted(i + 1), 2, i < 16 ? 1 : 3);
            if (i < 10) {
                sql("insert into " + schema + ".ticket_feedback (ticket_id, source, satisfied, score, recorded_at) values ('" + id + "', 'CALLBACK', "
                        + (i < 8) + ", " + (i < 8 ? 5 : 2) + ", '2025-04-01T10:00:00+08:00')");
            }
            if (i == 5) {
                sql("insert into " + schema + ".ticket_event (ticket_id, action, from_status, to_status, actor, occurred_at) values ('" + id
                        + "', 'REOPEN', 'CLOSED', 'DISPATCHED', 'test', '2025-03-20T10:00:00+08:00')");
            }
        }
        // Town-zone year: 07:00 on 1 January 2025 in Shanghai is 2024 in UTC but counts; the same on 1 January 2026 does not.
        ticket(schema, e1, "SERVICE_REQUEST", "2025-01-01T07:00:00+08:00", 2, 1);
        ticket(schema, e1, "SERVICE_REQUEST", "2026-01-01T07:00:00+08:00", 2, 1);
        // Due on 22 December, resolved only in March 2026 (after "as of", 31 January 2026): due, not on time, not resolved.
        ticket(schema, e1, "SERVICE_REQUEST", "2025-12-20T10:00:00+08:00", 2, 71);
        // A cancelled ticket never counts; a rating recorded after "as of" neither.
        var cancelled = ticket(schema, e1, "COMPLAINT", "2025-05-05T10:00:00+08:00", 2, 1);
        sql("update " + schema + ".ticket set status = 'CANCELLED' where id = '" + cancelled + "'");
        var late = ticket(schema, e1, "SERVICE_REQUEST", "2025-11-05T10:00:00+08:00", 2, 1);
        sql("insert into " + schema + ".ticket_feedback (ticket_id, source, satisfied, score, recorded_at) values ('" + late
                + "', 'CALLBACK', false, 1, '2026-02-15T10:00:00+08:00')");
        // E2 in February is firm B's: 8 tickets (too few for on-time and reopen), 2 complaints; in September firm A's: 5, 1 complaint.
        for (int i = 0; i < 8; i++) {
            ticket(schema, e2, i < 2 ? "COMPLAINT" : "SERVICE_REQUEST", "2025-02-%02dT10:00:00+08:00".formatted(i + 1), 2, 1);
        }
        for (int i = 0; i < 5; i++) {
            ticket(schema, e2, i < 1 ? "COMPLAINT" : "SERVICE_REQUEST", "2025-09-%02dT10:00:00+08:00".formatted(i + 1), 2, 1);
        }
        // Governance hours (A 12.5, B 4), one general meeting that A attended, inspections (A 90 and 80, B 70).
        sql("insert into " + schema + ".governance_activity (id, topic, title, held_on, created_by) values "
                + "('00000000-0000-0000-0000-0000000000a1', 'GARBAGE_SORTING', '垃圾分类宣传', '2025-05-10', 'test')");
        sql("insert into " + schema + ".governance_participation (activity_id, organisation_id, people, hours) values "
                + "('00000000-0000-0000-0000-0000000000a1', '" + town.firmA() + "', 5, 12.5), ('00000000-0000-0000-0000-0000000000a1', '" + town.firmB() + "', 2, 4)");
        var meeting = post(sec, "/api/towns/{t}/meetings", slug, Map.of("kind", "GENERAL", "title", "2025 年成员大会",
                "startsAt", "2025-06-15T09:00:00+08:00", "endsAt", "2025-06-15T11:00:00+08:00", "agenda", List.of("工作报告")))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
        post(sec, "/api/towns/{t}/meetings/{m}/check-in", slug, meeting, Map.of("organisationId", town.firmA(), "name", "张华")).expectStatus().isOk();
        post(sec, "/api/towns/{t}/meetings/{m}/minutes", slug, meeting, Map.of("minutes", "纪要")).expectStatus().isOk();
        var inspection = inspect(sec, slug, town.firmA(), "90");
        inspect(sec, slug, town.firmA(), "80");
        inspect(sec, slug, town.firmB(), "70");
        as(sec).put().uri("/api/towns/{t}/evaluation/inspections/{i}/evidence?filename=检查记录.pdf", slug, inspection)
                .contentType(MediaType.APPLICATION_PDF).bodyValue("%PDF-1.4 检查记录".getBytes()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.evidenceName").isEqualTo("检查记录.pdf");
        as(sec).get().uri("/api/towns/{t}/evaluation/inspections/{i}/evidence", slug, inspection).exchange().expectStatus().isOk()
                .expectHeader().contentType(MediaType.APPLICATION_PDF);

        // Compute 2025 under the default scheme (version 1).
        var run = post(sec, "/api/towns/{t}/evaluation/runs", slug, Map.of("period", "2025")).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        var summary = (Map<String, Object>) run.get("run");
        assertThat(summary).containsEntry("status", "DRAFT").containsEntry("schemeVersion", 1);
        assertThat((String) summary.get("asOf")).startsWith("2026-01-30T16:00:00"); // 31 January 2026, 00:00 in Shanghai
        var totals = (List<Map<String, Object>>) run.get("totals");
        var a = total(totals, town.firmA());
        // A: due 20 (March) + 1 (1 January) + 1 (20 December) + 1 (November) + 5 (E2, September) = 28, on time 16 + 1 + 0 + 1 + 5 = 23:
        // 82.1429 %; satisfied 8 of 10 = 80 %; complaints 3 over (2,000 × 365 + 1,000 × 184) / 365 = 2,504.1096 households = 1.1980
        // per 1,000; reopened 1 of 27 resolved = 3.7037 %; 12.5 hours (the most: 100); 1 of 1 meeting; inspections 85.
        // Score: 25 × 82.143 + 20 × 80 + 15 × 88.02 + 10 × 81.482 + 10 × 100 + 10 × 100 + 10 × 85, over 100 = 86.387.
        assertThat(values(a)).containsExactly(
                List.of("ON_TIME_RATE", "82.1429", 28, "82.143", "20.536"),
                List.of("SATISFACTION", "80", 10, "80", "16"),
                List.of("COMPLAINTS_PER_1000", "1.198", 2504, "88.02", "13.203"),
                List.of("REOPEN_RATE", "3.7037", 27, "81.482", "8.148"),
                List.of("GOVERNANCE_HOURS", "12.5", 1, "100", "10"),
                List.of("MEETING_ATTENDANCE", "100", 1, "100", "10"),
                List.of("INSPECTION", "85", 2, "85", "8.5"));
        assertThat(number(a.get("score"))).isEqualTo("86.387");
        assertThat(a).containsEntry("rank", 1);
        // B: 8 tickets are below the minimum of 10 (on time, reopen); nothing rated; complaints 2 over 1,000 × 181 / 365 = 495.8904
        // households = 4.0331 → 59.669; hours 4 of 12.5 → 32; no meeting → 0; inspection 70. Coverage 45 < 50: not ranked.
        var b = total(totals, town.firmB());
        assertThat(values(b)).filteredOn(v -> v.size() == 5).extracting(v -> v.get(0)).containsExactly("COMPLAINTS_PER_1000", "GOVERNANCE_HOURS",
                "MEETING_ATTENDANCE", "INSPECTION");
        assertThat(number(b.get("score"))).isEqualTo("42.557");
        assertThat(number(b.get("coverage"))).isEqualTo("45");
        assertThat(b).doesNotContainKey("rank");
        assertThat(totals.stream().filter(t -> t.get("rank") != null)).hasSize(1);

        // Why B's score: the explanation names the indicators without enough data.
        var why = as(sec).get().uri("/api/towns/{t}/evaluation/runs/{r}/organisations/{o}", slug, summary.get("id"), town.firmB()).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat((List<Map<String, Object>>) ((Map<String, Object>) why.get("total")).get("values")).filteredOn(v -> "ON_TIME_RATE".equals(v.get("indicator")))
                .singleElement().satisfies(v -> assertThat(v).containsEntry("enough", false).containsEntry("sample", 8));
        assertThat(((Map<String, Object>) why.get("scheme")).get("version")).isEqualTo(1);

        // Drafts are the secretariat's; published, the town reads them; nobody else.
        var runId = summary.get("id");
        as("op-" + slug).get().uri("/api/towns/{t}/evaluation/runs/{r}", slug, runId).exchange().expectStatus().isNotFound();
        post(sec, "/api/towns/{t}/evaluation/runs/{r}/publish", slug, runId, Map.of()).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("PUBLISHED");
        as("op-" + slug).get().uri("/api/towns/{t}/evaluation/runs/{r}", slug, runId).exchange().expectStatus().isOk();
        var other = town();
        as("sec-" + other.slug()).get().uri("/api/towns/{t}/evaluation/runs/{r}", slug, runId).exchange().expectStatus().isForbidden();
        as("sec-" + other.slug()).get().uri("/api/towns/{t}/evaluation/runs/{r}", other.slug(), runId).exchange().expectStatus().isNotFound();

        // New weights are version 2; the published run keeps version 1 and computes again to identical numbers.
        var indicators = currentSettings(sec, slug);
        indicators.get(0).put("weight", 35);
        indicators.get(1).put("weight", 10);
        var v2 = as(sec).put().uri("/api/towns/{t}/evaluation/scheme", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("note", "提高按时办结率权重", "indicators", indicators)).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(v2).containsEntry("version", 2);
        var second = post(sec, "/api/towns/{t}/evaluation/runs", slug, Map.of("period", "2025")).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        // A under version 2: 35 × 82.143 + 10 × 80 + the rest as before, over 100 = 28.75 + 8 + 13.203 + 8.148 + 10 + 10 + 8.5 = 86.601.
        assertThat(number(total((List<Map<String, Object>>) second.get("totals"), town.firmA()).get("score"))).isEqualTo("86.601");
        var published = as(sec).get().uri("/api/towns/{t}/evaluation/runs/{r}", slug, runId).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(number(total((List<Map<String, Object>>) published.get("totals"), town.firmA()).get("score"))).isEqualTo("86.387");
        post(sec, "/api/towns/{t}/evaluation/runs/{r}/recompute", slug, runId, Map.of()).expectStatus().isOk().expectBody()
                .jsonPath("$.identical").isEqualTo(true).jsonPath("$.differences.length()").isEqualTo(0);
        post(sec, "/api/towns/{t}/evaluation/runs/{r}/publish", slug, ((Map<String, Object>) second.get("run")).get("id"), Map.of())
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith(":already-published"));
        var trend = as("op-" + slug).get().uri("/api/towns/{t}/evaluation/organisations/{o}/trend", slug, town.firmA()).exchange()
                .expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
        assertThat(trend).singleElement().satisfies(p -> assertThat((Map<String, Object>) p).containsEntry("period", "2025").containsEntry("rank", 1));

        // The Excel export opens and has the figures.
        var xlsx = as("op-" + slug).get().uri("/api/towns/{t}/evaluation/runs/{r}/workbook.xlsx", slug, runId).exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody();
        try (var workbook = org.apache.poi.ss.usermodel.WorkbookFactory.create(new java.io.ByteArrayInputStream(xlsx))) {
            var ranking = workbook.getSheet("排名");
            assertThat(ranking.getRow(1).getCell(0).getNumericCellValue()).isEqualTo(1);
            assertThat(ranking.getRow(1).getCell(2).getNumericCellValue()).isEqualTo(86.387);
            assertThat(workbook.getSheet("评价方案").getLastRowNum()).isEqualTo(7);
            assertThat(workbook.getSheet("明细").getLastRowNum()).isEqualTo(7 * totals.size());
        }

        // Refusals.
        var wrong = new ArrayList<>(indicators);
        wrong.get(0).put("weight", 34);
        as(sec).put().uri("/api/towns/{t}/evaluation/scheme", slug).contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("indicators", wrong))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith(":weights-not-100"));
        as(sec).put().uri("/api/towns/{t}/evaluation/scheme", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("indicators", List.of(Map.of("indicator", "HAPPINESS", "weight", 100, "normalisation", "RANGE", "minSample", 0))))
                .exchange().expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        post(sec, "/api/towns/{t}/evaluation/runs", slug, Map.of("period", "2025-Q5")).expectStatus().isBadRequest();
        post("op-" + slug, "/api/towns/{t}/evaluation/runs", slug, Map.of("period", "2025")).expectStatus().isForbidden();
        inspectBody(sec, slug, Map.of("organisationId", town.firmA(), "inspectedOn", "2025-06-01", "score", 101, "inspector", "李")).expectStatus().isBadRequest();
        as(sec).put().uri("/api/towns/{t}/evaluation/inspections/{i}/evidence?filename=x.pdf", slug, inspection).contentType(MediaType.APPLICATION_PDF)
                .bodyValue(new byte[0]).exchange().expectStatus().isBadRequest();
        assertThat(as(sec).get().uri("/api/towns/{t}/evaluation/scheme/versions", slug).exchange().expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody()).hasSize(2);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFirmSeesItsResultsInEveryTownAndThePlatformComparesOnlyTownsWithTheSameScheme() {
        var first = town();
        var second = town();
        var third = town();
        var both = "eval-both-" + first.slug();
        org.townalliance.testkit.TestStack.users().user(both, "/towns/" + first.slug() + "/orgs/" + FIRM_A + "/managers",
                "/towns/" + second.slug() + "/orgs/" + FIRM_A + "/staff");
        for (var town : List.of(first, second, third)) {
            TicketHistory.ticket(schema(town), town.estateId(), "SERVICE_REQUEST", "2024-05-01T10:00:00+08:00", 2, 1);
        }
        // The third town weighs differently: its scores are not compared with the other two.
        var indicators = currentSettings("sec-" + third.slug(), third.slug());
        indicators.get(0).put("weight", 30);
        indicators.get(1).put("weight", 15);
        as("sec-" + third.slug()).put().uri("/api/towns/{t}/evaluation/scheme", third.slug()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("indicators", indicators)).exchange().expectStatus().isCreated();
        for (var town : List.of(first, second, third)) {
            var run = post("sec-" + town.slug(), "/api/towns/{t}/evaluation/runs", town.slug(), Map.of("period", "2024")).expectStatus().isCreated()
                    .expectBody(Map.class).returnResult().getResponseBody();
            post("sec-" + town.slug(), "/api/towns/{t}/evaluation/runs/{r}/publish", town.slug(), ((Map<String, Object>) run.get("run")).get("id"), Map.of())
                    .expectStatus().isOk();
        }
        var mine = (List<Map<String, Object>>) as(both).get().uri("/api/me/evaluations").exchange().expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();
        assertThat(mine).extracting(r -> r.get("town")).containsExactlyInAnyOrder(first.slug(), second.slug());
        assertThat(mine).allSatisfy(r -> assertThat(r).containsEntry("organisationId", r.get("town").equals(first.slug()) ? first.firmA() : second.firmA())
                .containsEntry("period", "2024"));
        assertThat(mine.get(0).get("schemeFingerprint")).isEqualTo(mine.get(1).get("schemeFingerprint"));

        var groups = (List<Map<String, Object>>) admin().get().uri("/api/platform/evaluation/distribution?period=2024").exchange().expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();
        var groupOf = new HashMap<String, Object>();
        for (var group : groups) {
            for (var town : (List<Map<String, Object>>) group.get("towns")) {
                groupOf.put((String) town.get("town"), group.get("schemeFingerprint"));
            }
        }
        assertThat(groupOf.get(first.slug())).isEqualTo(groupOf.get(second.slug())).isNotEqualTo(groupOf.get(third.slug()));
        as("sec-" + first.slug()).get().uri("/api/platform/evaluation/distribution?period=2024").exchange().expectStatus().isForbidden();
        admin().get().uri("/api/platform/evaluation/distribution?period=24").exchange().expectStatus().isBadRequest();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theStarPlanNominatesWithCheckedEvidenceReviewsAndPublishesOnce() {
        var town = town();
        var slug = town.slug();
        var sec = "sec-" + slug;
        var ticket = intake(town, null, "13900139000");
        act("op-" + slug, town, ticket.get("id"), "dispatch", Map.of("organisationId", town.firmA())).expectStatus().isOk();
        var firmBs = intake(town, null, "13900139001");
        act("op-" + slug, town, firmBs.get("id"), "dispatch", Map.of("organisationId", town.firmB())).expectStatus().isOk();
        for (int i = 0; i < 10; i++) {
            TicketHistory.ticket(schema(town), town.estateId(), "SERVICE_REQUEST", "2025-08-%02dT10:00:00+08:00".formatted(i + 1), 2, 1);
        }
        var run = post(sec, "/api/towns/{t}/evaluation/runs", slug, Map.of("period", "2025")).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        post(sec, "/api/towns/{t}/evaluation/runs/{r}/publish", slug, ((Map<String, Object>) run.get("run")).get("id"), Map.of()).expectStatus().isOk();

        // The secretariat nominates a star firm with an evaluation and a ticket as evidence, summarised when nominated.
        var firm = post(sec, "/api/towns/{t}/stars/nominations", slug, Map.of("year", 2026, "category", "FIRM", "organisationId", town.firmA(),
                        "citation", "热线工单按时办结，居民满意度高", "evidence", List.of(Map.of("kind", "EVALUATION", "reference", "2025"),
                                Map.of("kind", "TICKET", "reference", String.valueOf(ticket.get("number"))),
                                Map.of("kind", "TRAINING", "note", "项目经理核心训练营结业"))))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(firm).containsEntry("nomineeName", "上海大场物业管理有限公司").containsEntry("status", "NOMINATED");
        assertThat((List<Map<String, Object>>) firm.get("evidence")).extracting(e -> (String) e.get("summary"))
                .satisfiesExactly(e -> assertThat(e).startsWith("2025 年度服务质量评价：总分"), e -> assertThat(e).startsWith("工单 #" + ticket.get("number"))
                                .doesNotContain("电梯不动", "13900139000"), // the resident's words stay in the hotline (issue 19)
                        e -> assertThat(e).isEqualTo("项目经理核心训练营结业"));
        // Evidence cites what the nominated organisation handled: another firm's ticket or rating is refused, for the
        // secretariat too, and for a manager citing it for their own organisation (issue 19 item 2).
        for (var kind : List.of("TICKET", "RATING")) {
            for (var nominator : List.of(sec, "mgr-a-" + slug)) {
                post(nominator, "/api/towns/{t}/stars/nominations", slug, Map.of("year", 2026, "category", "CASE", "organisationId", town.firmA(),
                        "nomineeName", "借用的工单", "citation", "x", "evidence", List.of(Map.of("kind", kind, "reference", String.valueOf(firmBs.get("number"))))))
                        .expectStatus().isBadRequest().expectBody().jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith(":invalid-evidence"));
            }
        }
        post("mgr-a-" + slug, "/api/towns/{t}/stars/nominations", slug, Map.of("year", 2026, "category", "CASE", "organisationId", town.firmA(),
                "nomineeName", "借用的工单", "citation", "x", "ticketNumber", firmBs.get("number"))).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith(":ticket-not-found"));
        // A manager nominates within their own organisation only; bad evidence and bad nominees are refused.
        post("mgr-a-" + slug, "/api/towns/{t}/stars/nominations", slug, Map.of("year", 2026, "category", "EMPLOYEE", "organisationId", town.firmA(),
                "nomineeName", "王师傅", "citation", "二十年如一日维修电梯")).expectStatus().isCreated();
        post("mgr-a-" + slug, "/api/towns/{t}/stars/nominations", slug, Map.of("year", 2026, "category", "EMPLOYEE", "organisationId", town.firmB(),
                "nomineeName", "李师傅", "citation", "x")).expectStatus().isForbidden();
        post(sec, "/api/towns/{t}/stars/nominations", slug, Map.of("year", 2026, "category", "CASE", "organisationId", town.firmA(),
                "nomineeName", "电梯抢修", "citation", "x", "evidence", List.of(Map.of("kind", "TICKET", "reference", "99999999")))).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith(":invalid-evidence"));
        post(sec, "/api/towns/{t}/stars/nominations", slug, Map.of("year", 2026, "category", "CASE", "organisationId", town.firmA(),
                "nomineeName", "电梯抢修", "citation", "x", "evidence", List.of(Map.of("kind", "EVALUATION", "reference", "2024")))).expectStatus().isBadRequest();
        post(sec, "/api/towns/{t}/stars/nominations", slug, Map.of("year", 2026, "category", "TEAM", "organisationId", town.firmA(), "citation", "x"))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith(":invalid-nominee"));

        // The award rests on an adopted resolution of a meeting; a rejected resolution cannot carry it.
        var meeting = post(sec, "/api/towns/{t}/meetings", slug, Map.of("kind", "GENERAL", "title", "星级评选大会", "startsAt", "2026-12-01T09:00:00+08:00",
                "endsAt", "2026-12-01T11:00:00+08:00", "agenda", List.of("星级评选"))).expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        var withResolutions = post(sec, "/api/towns/{t}/meetings/{m}/resolutions", slug, meeting.get("id"), Map.of("text", "评选上海大场物业为星级企业",
                "votesFor", 20, "votesAgainst", 1, "abstentions", 0)).expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        var adopted = ((List<Map<String, Object>>) withResolutions.get("resolutions")).getFirst().get("id");
        var rejected = ((List<Map<String, Object>>) post(sec, "/api/towns/{t}/meetings/{m}/resolutions", slug, meeting.get("id"), Map.of("text", "否决的决议",
                "votesFor", 1, "votesAgainst", 20, "abstentions", 0)).expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody()
                .get("resolutions")).get(1).get("id");
        post(sec, "/api/towns/{t}/stars/nominations/{n}/review", slug, firm.get("id"), Map.of("decision", "AWARDED", "resolutionId", rejected))
                .expectStatus().isEqualTo(409);
        post("mgr-a-" + slug, "/api/towns/{t}/stars/nominations/{n}/review", slug, firm.get("id"), Map.of("decision", "AWARDED")).expectStatus().isForbidden();
        var awarded = post(sec, "/api/towns/{t}/stars/nominations/{n}/review", slug, firm.get("id"), Map.of("decision", "AWARDED", "note", "全票推荐",
                "resolutionId", adopted)).expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat((String) awarded.get("resolutionSummary")).contains("星级评选大会").contains("赞成 20");

        // Publishing: the public page shows the awarded star only; the year then takes no changes.
        admin().get().uri("/public/towns/{t}/stars/2026", slug).exchange().expectStatus().isNotFound();
        post(sec, "/api/towns/{t}/stars/years/2025/publish", slug, Map.of("title", "空的一年")).expectStatus().isEqualTo(409);
        post(sec, "/api/towns/{t}/stars/years/2026/publish", slug, Map.of("title", "2026 年度物业服务星级评选")).expectStatus().isOk();
        var published = org.springframework.test.web.reactive.server.WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build()
                .get().uri("/public/towns/{t}/stars/2026", slug).exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat((List<Map<String, Object>>) published.get("categories")).singleElement().satisfies(c -> {
            assertThat(c).containsEntry("category", "FIRM");
            assertThat((List<?>) c.get("stars")).hasSize(1);
        });
        post(sec, "/api/towns/{t}/stars/years/2026/publish", slug, Map.of("title", "再次")).expectStatus().isEqualTo(409);
        post(sec, "/api/towns/{t}/stars/nominations/{n}/review", slug, firm.get("id"), Map.of("decision", "REJECTED")).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith(":stars-published"));
        post(sec, "/api/towns/{t}/stars/nominations", slug, Map.of("year", 2026, "category", "FIRM", "organisationId", town.firmB(), "citation", "x"))
                .expectStatus().isEqualTo(409);
    }

    /** The current scheme's settings as the body of a scheme change. */
    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> currentSettings(String user, String slug) {
        var scheme = (Map<String, Object>) as(user).get().uri("/api/towns/{t}/evaluation/scheme", slug).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        var indicators = new ArrayList<Map<String, Object>>();
        for (var setting : (List<Map<String, Object>>) scheme.get("indicators")) {
            var copy = new HashMap<String, Object>(setting);
            copy.values().removeIf(java.util.Objects::isNull);
            indicators.add(copy);
        }
        return indicators;
    }

    private static String ticket(String schema, String estate, String kind, String createdAt, int dueDays, int resolvedDays) {
        return TicketHistory.ticket(schema, estate, kind, createdAt, dueDays, resolvedDays);
    }

    private void managedBy(String slug, String estate, String firm, String from) {
        as("sec-" + slug).put().uri("/api/towns/{t}/estates/{e}/managing-firm", slug, estate).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("firmUscc", firm, "from", from)).exchange().expectStatus().isOk();
    }

    private Object inspect(String user, String slug, String organisation, String score) {
        return inspectBody(user, slug, Map.of("organisationId", organisation, "inspectedOn", "2025-06-01", "score", score, "inspector", "检查组"))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
    }

    private WebTestClient.ResponseSpec inspectBody(String user, String slug, Map<String, ?> body) {
        return as(user).post().uri("/api/towns/{t}/evaluation/inspections", slug).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }


    private static Map<String, Object> total(List<Map<String, Object>> totals, String organisation) {
        return totals.stream().filter(t -> organisation.equals(t.get("organisationId"))).findFirst().orElseThrow();
    }

    /** [indicator, raw, sample, normalised, contribution] with enough data; [indicator] without. */
    @SuppressWarnings("unchecked")
    private static List<List<Object>> values(Map<String, Object> total) {
        return ((List<Map<String, Object>>) total.get("values")).stream().map(v -> Boolean.TRUE.equals(v.get("enough"))
                ? List.<Object>of(v.get("indicator"), number(v.get("raw")), v.get("sample"), number(v.get("normalised")), number(v.get("contribution")))
                : List.<Object>of(v.get("indicator"))).toList();
    }

    private static String number(Object value) {
        return new java.math.BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
    }
}
