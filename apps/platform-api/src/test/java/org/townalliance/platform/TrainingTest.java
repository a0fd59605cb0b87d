package org.townalliance.platform;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;
import org.townalliance.testkit.TestStack;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Training against real PostgreSQL and Keycloak: a programme and its session, enrolment by oneself, by one's
 * manager, refused for another firm's person and beyond the places (also when enrolments race), the register,
 * completion by attendance and pass mark, the certificate as PDF (read back with PDFBox), public verification,
 * revocation, and a person's record that follows them after they move to a firm in another town.
 */
class TrainingTest extends HotlineTest {

    @Test
    @SuppressWarnings("unchecked")
    void aSessionToCertificatesThatFollowThePersonAcrossTowns() throws IOException {
        var town = town();
        var slug = town.slug();
        var sec = "sec-" + slug;
        var mover = "mover-" + slug;
        TestStack.users().user(mover, "/towns/" + slug + "/orgs/" + FIRM_A + "/staff");
        var moverId = personId(sec, slug, mover);

        // Bad programmes are refused naming the field.
        post(sec, "/api/towns/{t}/training/programmes", slug, programme("0")).expectStatus().isBadRequest()
                .expectHeader().contentType("application/problem+json");
        post(sec, "/api/towns/{t}/training/programmes", slug, programme("1.25")).expectStatus().isBadRequest();
        var bogus = new java.util.HashMap<>(programme("24"));
        bogus.put("category", "PARTY");
        post(sec, "/api/towns/{t}/training/programmes", slug, bogus).expectStatus().isBadRequest();
        post("mgr-a-" + slug, "/api/towns/{t}/training/programmes", slug, programme("24")).expectStatus().isForbidden();
        var programme = body(post(sec, "/api/towns/{t}/training/programmes", slug, programme("24")).expectStatus().isCreated());
        var programmeId = programme.get("id");

        post(sec, "/api/towns/{t}/training/programmes/{p}/sessions", slug, programmeId, session("2026-11-04", "2026-11-02", 2))
                .expectStatus().isBadRequest().expectBody().jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith(":invalid-session-days"));
        var session = body(post(sec, "/api/towns/{t}/training/programmes/{p}/sessions", slug, programmeId, session("2026-11-02", "2026-11-04", 2))
                .expectStatus().isCreated());
        var sessionId = session.get("id");
        assertThat(session).containsEntry("status", "OPEN");

        // The manager enrols themselves and their staff member; the places run out; another firm's staff member is
        // refused for someone else, enrols themselves once a place is free; the secretariat is not of a member.
        enrol("mgr-a-" + slug, slug, sessionId, Map.of()).expectStatus().isCreated();
        enrol("mgr-a-" + slug, slug, sessionId, Map.of("personId", moverId)).expectStatus().isCreated();
        enrol("mgr-a-" + slug, slug, sessionId, Map.of()).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith(":already-enrolled"));
        enrol("staff-b-" + slug, slug, sessionId, Map.of()).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith(":session-full"));
        enrol("staff-b-" + slug, slug, sessionId, Map.of("personId", moverId)).expectStatus().isForbidden();
        enrol(sec, slug, sessionId, Map.of()).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith(":not-of-a-member"));
        var view = body(as("mgr-a-" + slug).get().uri("/api/towns/{t}/training/sessions/{s}", slug, sessionId).exchange().expectStatus().isOk());
        var enrolments = (List<Map<String, Object>>) view.get("enrolments");
        assertThat(enrolments).hasSize(2);
        var managerEnrolment = enrolments.stream().filter(e -> !moverId.equals(e.get("personId"))).findFirst().orElseThrow().get("id");
        var moverEnrolment = enrolments.stream().filter(e -> moverId.equals(e.get("personId"))).findFirst().orElseThrow().get("id");
        // The other firm's staff member sees no one else's enrolment; cannot withdraw someone else's.
        assertThat((List<?>) body(as("staff-b-" + slug).get().uri("/api/towns/{t}/training/sessions/{s}", slug, sessionId).exchange()
                .expectStatus().isOk()).get("enrolments")).isEmpty();
        post("staff-b-" + slug, "/api/towns/{t}/training/enrolments/{e}/withdraw", slug, managerEnrolment, Map.of()).expectStatus().isForbidden();

        // The register: only the secretariat, only the session's days and enrolments.
        put("mgr-a-" + slug, slug, sessionId, Map.of("attendance", List.of(mark(managerEnrolment, "2026-11-02", true)))).expectStatus().isForbidden();
        put(sec, slug, sessionId, Map.of("attendance", List.of(mark(managerEnrolment, "2026-11-05", true)))).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith(":day-outside-session"));
        put(sec, slug, sessionId, Map.of("scores", List.of(Map.of("enrolmentId", managerEnrolment, "score", 101)))).expectStatus().isBadRequest();
        var marks = new ArrayList<Map<String, Object>>();
        for (var day : List.of("2026-11-02", "2026-11-03", "2026-11-04")) {
            marks.add(mark(managerEnrolment, day, day.endsWith("03")));
            marks.add(mark(moverEnrolment, day, true));
        }
        put(sec, slug, sessionId, Map.of("attendance", marks, "scores", List.of(Map.of("enrolmentId", managerEnrolment, "score", 90),
                Map.of("enrolmentId", moverEnrolment, "score", 55)))).expectStatus().isOk();
        // Corrections: the manager was there on the 2nd after all; the mover's resit gives 78.
        put(sec, slug, sessionId, Map.of("attendance", List.of(mark(managerEnrolment, "2026-11-02", true)),
                "scores", List.of(Map.of("enrolmentId", moverEnrolment, "score", 78)))).expectStatus().isOk();

        // Completion: the manager attended 2 of 3 days (67 % < 80 %): not completed; the mover completed (3/3, 78 >= 60).
        post("mgr-a-" + slug, "/api/towns/{t}/training/sessions/{s}/completion", slug, sessionId, Map.of()).expectStatus().isForbidden();
        var results = (List<Map<String, Object>>) as(sec).post().uri("/api/towns/{t}/training/sessions/{s}/completion", slug, sessionId)
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).bodyValue(Map.of()).exchange().expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();
        var managerResult = results.stream().filter(r -> managerEnrolment.equals(r.get("enrolmentId"))).findFirst().orElseThrow();
        assertThat(managerResult).containsEntry("completed", false).containsEntry("daysPresent", 2).containsEntry("days", 3);
        assertThat(managerResult.get("reason").toString()).contains("attendance 2/3");
        var moverResult = results.stream().filter(r -> moverEnrolment.equals(r.get("enrolmentId"))).findFirst().orElseThrow();
        assertThat(moverResult).containsEntry("completed", true);
        var code = moverResult.get("certificateCode").toString();
        assertThat(code).matches("^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$");
        post(sec, "/api/towns/{t}/training/sessions/{s}/completion", slug, sessionId, Map.of()).expectStatus().isEqualTo(409);
        put(sec, slug, sessionId, Map.of("scores", List.of(Map.of("enrolmentId", moverEnrolment, "score", 100)))).expectStatus().isEqualTo(409);

        // The certificate: its holder's manager reads it and gets the PDF; another firm and another town do not.
        var certificate = body(as("mgr-a-" + slug).get().uri("/api/towns/{t}/training/certificates/{c}", slug, code).exchange().expectStatus().isOk());
        assertThat(certificate).containsEntry("status", "VALID").containsEntry("programmeTitle", "物业项目经理核心训练营")
                .containsEntry("hours", 24.0).containsEntry("organisationName", organisationName(sec, slug, town.firmA()));
        as("staff-b-" + slug).get().uri("/api/towns/{t}/training/certificates/{c}", slug, code).exchange().expectStatus().isNotFound();
        var other = town();
        as("sec-" + other.slug()).get().uri("/api/towns/{t}/training/certificates/{c}", slug, code).exchange().expectStatus().isForbidden();
        var pdf = as("mgr-a-" + slug).get().uri("/api/towns/{t}/training/certificates/{c}/pdf", slug, code).exchange().expectStatus().isOk()
                .expectHeader().contentType("application/pdf").expectBody(byte[].class).returnResult().getResponseBody();
        // Lines wrap where the page ends: compare without white space.
        var text = pdfText(pdf).replaceAll("\\s", "");
        assertThat(text).contains(code).contains("/verify/" + code).contains("结业证书").contains("物业项目经理核心训练营").contains("共24学时")
                .contains(certificate.get("holderName").toString()).contains("参加" + townName(slug) + "举办的");

        // With a CJK font on the machine (CI installs Debian's fonts-noto-cjk), the certificate embeds it: same look everywhere.
        if (java.nio.file.Files.isReadable(java.nio.file.Path.of("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"))) {
            try (var document = Loader.loadPDF(pdf)) {
                var resources = document.getPage(0).getResources();
                for (var name : resources.getFontNames()) {
                    assertThat(resources.getFont(name).isEmbedded()).as("font " + resources.getFont(name).getName() + " embedded").isTrue();
                }
            }
        }

        // Anyone verifies the code without an account; an unknown or malformed code is a clear 404.
        var verified = body(anonymous().get().uri("/public/certificates/{c}", code).exchange().expectStatus().isOk());
        assertThat(verified).containsEntry("status", "VALID").containsEntry("town", slug).containsEntry("holderName", certificate.get("holderName"));
        anonymous().get().uri("/public/certificates/{c}", "2345-6789-ABCD").exchange().expectStatus().isNotFound()
                .expectHeader().contentType("application/problem+json");
        anonymous().get().uri("/public/certificates/{c}", "nonsense'--").exchange().expectStatus().isNotFound();

        // The mover leaves the Dachang firm for a firm in another town: the record and the certificate stay theirs.
        as(sec).delete().uri("/api/towns/{t}/people/{p}", slug, moverId).exchange().expectStatus().is2xxSuccessful();
        post("sec-" + other.slug(), "/api/towns/{t}/people", other.slug(), Map.of("email", mover + "@alliance.local", "familyName", "x",
                "givenName", "y", "role", "ORG_STAFF", "organisation", FIRM_B)).expectStatus().is2xxSuccessful();
        TestStack.tokens().fresh(mover);
        as(mover).get().uri("/api/towns/{t}/training/programmes", slug).exchange().expectStatus().isForbidden();
        var record = body(as(mover).get().uri("/api/me/training").exchange().expectStatus().isOk());
        var entries = (List<Map<String, Object>>) record.get("entries");
        assertThat(entries).singleElement().satisfies(e -> assertThat(e).containsEntry("town", slug).containsEntry("status", "COMPLETED")
                .containsEntry("certificateCode", code).containsEntry("certificateStatus", "VALID").containsEntry("daysPresent", 3));
        assertThat(record).containsEntry("completedHours", 24.0).containsEntry("validCertificates", 1);
        assertThat(pdfText(as(mover).get().uri("/api/me/training/certificates/{c}/pdf", code).exchange().expectStatus().isOk()
                .expectBody(byte[].class).returnResult().getResponseBody())).contains(code);
        as("mgr-a-" + slug).get().uri("/api/me/training/certificates/{c}/pdf", code).exchange().expectStatus().isNotFound();
        assertThat((List<?>) body(as("mgr-a-" + slug).get().uri("/api/me/training").exchange().expectStatus().isOk()).get("entries"))
                .singleElement().satisfies(e -> assertThat((Map<String, Object>) e).containsEntry("status", "NOT_COMPLETED")
                        .doesNotContainKey("certificateCode"));

        // The Star Plan takes the certificate as checked evidence for the holder's organisation only.
        var nomination = body(post(sec, "/api/towns/{t}/stars/nominations", slug, Map.of("year", 2026, "category", "EMPLOYEE",
                "organisationId", town.firmA(), "nomineeName", certificate.get("holderName"), "citation", "培训结业，服务规范",
                "evidence", List.of(Map.of("kind", "TRAINING", "reference", code.toLowerCase())))).expectStatus().isCreated());
        assertThat(((List<Map<String, Object>>) nomination.get("evidence")).getFirst().get("summary").toString())
                .startsWith("培训证书 " + code).contains("物业项目经理核心训练营").contains("24 学时");
        post(sec, "/api/towns/{t}/stars/nominations", slug, Map.of("year", 2026, "category", "EMPLOYEE", "organisationId", town.firmB(),
                "nomineeName", "x", "citation", "x", "evidence", List.of(Map.of("kind", "TRAINING", "reference", code)))).expectStatus().isBadRequest();

        // Revocation: once, with a reason; verification says so; the file is no longer issued. The database keeps the words.
        post(sec, "/api/towns/{t}/training/certificates/{c}/revoke", slug, code, Map.of("reason", "")).expectStatus().isBadRequest();
        post(sec, "/api/towns/{t}/training/certificates/{c}/revoke", slug, code, Map.of("reason", "考勤记录有误")).expectStatus().isOk();
        post(sec, "/api/towns/{t}/training/certificates/{c}/revoke", slug, code, Map.of("reason", "again")).expectStatus().isEqualTo(409);
        assertThat(body(anonymous().get().uri("/public/certificates/{c}", code).exchange().expectStatus().isOk())).containsEntry("status", "REVOKED");
        as(mover).get().uri("/api/me/training/certificates/{c}/pdf", code).exchange().expectStatus().isEqualTo(409);
        post(sec, "/api/towns/{t}/stars/nominations", slug, Map.of("year", 2026, "category", "EMPLOYEE", "organisationId", town.firmA(),
                "nomineeName", "x", "citation", "x", "evidence", List.of(Map.of("kind", "TRAINING", "reference", code)))).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("revoked"));
        assertThatThrownBy(() -> sql("update " + schema(town) + ".training_certificate set holder_name = 'someone else' where code = '" + code + "'"))
                .rootCause().hasMessageContaining("never changed");
        assertThatThrownBy(() -> sql("delete from " + schema(town) + ".training_certificate where code = '" + code + "'"))
                .rootCause().hasMessageContaining("never changed");

        // A certificate outlives the town's service: with the town suspended it still verifies, and stays in the record.
        admin().post().uri("/api/platform/towns/{t}/suspend", slug).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reason", "合同到期")).exchange().expectStatus().is2xxSuccessful();
        assertThat(body(anonymous().get().uri("/public/certificates/{c}", code).exchange().expectStatus().isOk())).containsEntry("status", "REVOKED");
        assertThat((List<?>) body(as(mover).get().uri("/api/me/training").exchange().expectStatus().isOk()).get("entries")).hasSize(1);
    }

    @Test
    void racingEnrolmentsNeverExceedThePlaces() throws Exception {
        var town = town();
        var slug = town.slug();
        var sec = "sec-" + slug;
        var programme = body(post(sec, "/api/towns/{t}/training/programmes", slug, programme("8")).expectStatus().isCreated());
        var session = body(post(sec, "/api/towns/{t}/training/programmes/{p}/sessions", slug, programme.get("id"),
                session("2026-12-10", "2026-12-10", 1)).expectStatus().isCreated());
        var people = List.of("mgr-a-" + slug, "staff-b-" + slug, "racer-" + slug);
        TestStack.users().user("racer-" + slug, "/towns/" + slug + "/orgs/" + FIRM_B + "/staff");
        people.forEach(p -> TestStack.tokens().of(p));
        var statuses = new ArrayList<Integer>();
        try (var pool = Executors.newFixedThreadPool(3)) {
            var futures = people.stream().map(p -> pool.submit(() -> enrol(p, slug, session.get("id"), Map.of()).returnResult(Void.class)
                    .getStatus().value())).toList();
            for (var f : futures) {
                statuses.add(f.get());
            }
        }
        assertThat(statuses).containsOnlyOnce(201).containsOnly(201, 409);
        assertThat(count("select count(*) from " + schema(town) + ".training_enrolment where status = 'ENROLLED'")).isEqualTo(1);

        // A cancelled session takes nothing more: no enrolment, no second cancellation, no completion.
        post(sec, "/api/towns/{t}/training/sessions/{s}/cancel", slug, session.get("id"), Map.of()).expectStatus().isOk()
                .expectBody().jsonPath("$.session.status").isEqualTo("CANCELLED");
        post(sec, "/api/towns/{t}/training/sessions/{s}/cancel", slug, session.get("id"), Map.of()).expectStatus().isEqualTo(409);
        enrol("mgr-a-" + slug, slug, session.get("id"), Map.of()).expectStatus().isEqualTo(409);
        post(sec, "/api/towns/{t}/training/sessions/{s}/completion", slug, session.get("id"), Map.of()).expectStatus().isEqualTo(409);
    }

    private static Map<String, Object> programme(String hours) {
        return Map.of("title", "物业项目经理核心训练营", "category", "CORE_CAMP", "description", "项目经理的法规、服务与应急处置",
                "hours", new java.math.BigDecimal(hours), "minAttendancePercent", 80, "passMark", 60, "certificateTitle", "结业证书");
    }

    private static Map<String, Object> session(String from, String to, int capacity) {
        return Map.of("name", "2026年第1期", "startsOn", from, "endsOn", to, "venue", "大场镇社区学校", "trainer", "镇房管办", "capacity", capacity);
    }

    private static Map<String, Object> mark(Object enrolment, String day, boolean present) {
        return Map.of("enrolmentId", enrolment, "day", day, "present", present);
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec enrol(String user, String slug, Object session, Map<String, ?> body) {
        return post(user, "/api/towns/{t}/training/sessions/{s}/enrolments", slug, session, body);
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec put(String user, String slug, Object session, Map<String, ?> body) {
        return as(user).put().uri("/api/towns/{t}/training/sessions/{s}/register", slug, session)
                .contentType(org.springframework.http.MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec spec) {
        return spec.expectBody(Map.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private String personId(String sec, String slug, String username) {
        var people = (List<Map<String, Object>>) as(sec).get().uri("/api/towns/{t}/people", slug).exchange().expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();
        return people.stream().filter(p -> username.equals(p.get("username"))).findFirst().orElseThrow().get("id").toString();
    }

    @SuppressWarnings("unchecked")
    private String organisationName(String sec, String slug, String organisationId) {
        var members = (List<Map<String, Object>>) as(sec).get().uri("/api/towns/{t}/members", slug).exchange()
                .expectBody(List.class).returnResult().getResponseBody();
        return members.stream().filter(m -> organisationId.equals(m.get("organisationId"))).findFirst().orElseThrow().get("nameZh").toString();
    }

    @SuppressWarnings("unchecked")
    private String townName(String slug) {
        return admin().get().uri("/api/platform/towns/{t}", slug).exchange().expectStatus().isOk().expectBody(Map.class).returnResult()
                .getResponseBody().get("nameZh").toString();
    }

    private static String pdfText(byte[] pdf) throws IOException {
        try (var document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }
}
