package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.townalliance.alliance.Uscc;
import org.townalliance.testkit.TestStack;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The organisation registry is every town's: a town creates an organisation or links the registered one, and never
 * changes it (security review, issue 19 item 1: town A's secretariat had renamed town B's firm and turned it into an
 * agency by joining it under another name). Corrections are the platform admin's, kept in the organisation's history.
 */
class OrganisationRegistryTest extends PlatformTest {

    private static final MediaType CSV = MediaType.parseMediaType("text/csv");

    @Test
    void aTownJoiningAnotherTownsFirmUnderAnotherNameChangesNothingAndIsToldWhatIsRegistered() {
        var townB = town("reg-b");
        var townA = town("reg-a");
        var code = freshCode();
        join(townB, code, "上海注册物业管理有限公司", "FIRM").expectStatus().isCreated();

        join(townA, code, "改名测试公司", "AGENCY").expectStatus().isEqualTo(409)
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:town-alliance:problem:organisation-registered-differently")
                .jsonPath("$.registered.nameZh").isEqualTo("上海注册物业管理有限公司")
                .jsonPath("$.registered.kind").isEqualTo("FIRM");
        // The same through a spreadsheet: refused with the row, nothing imported.
        var csv = "统一社会信用代码,名称,类型,入盟日期\n" + code + ",改名测试公司,专业服务机构,2024-10-09\n";
        as("sec-" + townA).post().uri("/api/towns/{t}/members/import", townA).contentType(CSV)
                .bodyValue(csv.getBytes(StandardCharsets.UTF_8)).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:import-invalid")
                .jsonPath("$.errors[0].row").isEqualTo(2)
                .jsonPath("$.errors[0].message").value(m -> assertThat(m.toString()).contains("上海注册物业管理有限公司"));

        var seenByB = member(townB, code);
        assertThat(seenByB).containsEntry("nameZh", "上海注册物业管理有限公司").containsEntry("kind", "FIRM");
        assertThat(members(townA)).isEmpty();

        // Linked as registered, town A joins; its other fields are not written into the registry.
        join(townA, code, "上海注册物业管理有限公司", "FIRM", Map.of("contactName", "外镇联系人")).expectStatus().isCreated();
        assertThat(member(townA, code)).containsEntry("nameZh", "上海注册物业管理有限公司");
        var id = seenByB.get("organisationId").toString();
        admin().get().uri("/api/platform/organisations/{id}", id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.contactName").doesNotExist();
    }

    @Test
    void onlyThePlatformAdminCorrectsARegisteredOrganisationAndItsHistoryIsKept() {
        var townB = town("reg-c");
        var code = freshCode();
        join(townB, code, "上海旧名物业有限公司", "FIRM").expectStatus().isCreated();
        var id = member(townB, code).get("organisationId").toString();
        var correction = Map.of("nameZh", "上海新名物业有限公司", "kind", "AGENCY", "reason", "营业执照变更 2026-11-30");

        as("sec-" + townB).put().uri("/api/platform/organisations/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(correction).exchange().expectStatus().isForbidden();
        admin().put().uri("/api/platform/organisations/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("nameZh", "x", "kind", "FIRM")).exchange().expectStatus().isBadRequest(); // a reason is required
        admin().put().uri("/api/platform/organisations/{id}", id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(correction).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.nameZh").isEqualTo("上海新名物业有限公司");
        assertThat(member(townB, code)).containsEntry("nameZh", "上海新名物业有限公司").containsEntry("kind", "AGENCY");

        // The organisation's own manager keeps its contact details; the secretariat no longer edits the registry.
        var manager = "mgr-" + townB;
        TestStack.users().user(manager, "/towns/" + townB + "/orgs/" + code + "/managers");
        as(manager).put().uri("/api/towns/{t}/organisations/{u}", townB, code).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("contactName", "新联系人")).exchange().expectStatus().isOk();
        as("sec-" + townB).put().uri("/api/towns/{t}/organisations/{u}", townB, code).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("contactName", "秘书处改的")).exchange().expectStatus().isForbidden();

        var history = admin().get().uri("/api/platform/organisations/{id}/changes", id).exchange().expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();
        assertThat(history).hasSize(2);
        var profile = (Map<?, ?>) history.get(0);
        var corrected = (Map<?, ?>) history.get(1);
        assertThat(profile.get("actor")).isEqualTo(manager);
        assertThat(((Map<?, ?>) profile.get("after")).get("contactName")).isEqualTo("新联系人");
        assertThat(corrected.get("actor")).isEqualTo("platform-admin");
        assertThat(corrected.get("reason")).isEqualTo("营业执照变更 2026-11-30");
        assertThat(((Map<?, ?>) corrected.get("before")).get("nameZh")).isEqualTo("上海旧名物业有限公司");
        assertThat(((Map<?, ?>) corrected.get("after")).get("kind")).isEqualTo("AGENCY");
        as("sec-" + townB).get().uri("/api/platform/organisations/{id}/changes", id).exchange().expectStatus().isForbidden();
    }

    private String town(String prefix) {
        var slug = onboard(prefix);
        TestStack.users().user("sec-" + slug, "/towns/" + slug + "/secretariat");
        return slug;
    }

    /** A valid code no other test uses (Baoshan district, random body). */
    private static String freshCode() {
        var body = new StringBuilder("91310113");
        for (int i = 0; i < 9; i++) {
            body.append("0123456789ABCDEFGHJKLMNPQRTUWXY".charAt(ThreadLocalRandom.current().nextInt(31)));
        }
        return Uscc.completing(body.toString()).value();
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec join(String town, String code, String name, String kind) {
        return join(town, code, name, kind, Map.of());
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec join(String town, String code, String name, String kind,
                                                                                        Map<String, String> more) {
        var body = new java.util.HashMap<String, Object>(Map.of("uscc", code, "nameZh", name, "kind", kind, "joinedOn", "2024-10-09"));
        body.putAll(more);
        return as("sec-" + town).post().uri("/api/towns/{t}/members", town).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> members(String town) {
        return as("sec-" + town).get().uri("/api/towns/{t}/members", town).exchange().expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();
    }

    private Map<String, Object> member(String town, String code) {
        return members(town).stream().filter(m -> code.equals(m.get("uscc"))).findFirst().orElseThrow();
    }
}
