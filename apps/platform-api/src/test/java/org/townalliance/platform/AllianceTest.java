package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.townalliance.testkit.TestStack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A town's alliance stood up from the example files, its history rules, and the public list. */
class AllianceTest extends PlatformTest {

    private static final MediaType CSV = MediaType.parseMediaType("text/csv");
    private static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    private static byte[] example(String name) {
        try {
            return Files.readAllBytes(Path.of("../../infra/examples", name));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String townWithSecretariat(String prefix) {
        var town = onboard(prefix);
        TestStack.users().user("sec-" + town, "/towns/" + town + "/secretariat");
        return town;
    }

    @Test
    void importIsAllOrNothingAndRepeatableAndExportRoundTrips() {
        var town = townWithSecretariat("all-imp");
        var secretary = as("sec-" + town);

        secretary.post().uri("/api/towns/{town}/members/import", town).contentType(CSV).bodyValue(example("dachang-members.csv"))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.rows").isEqualTo(33).jsonPath("$.joined").isEqualTo(33);
        secretary.post().uri("/api/towns/{town}/estates/import", town).contentType(CSV).bodyValue(example("dachang-estates.csv"))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.created").isEqualTo(48).jsonPath("$.firmsAssigned").isEqualTo(48);

        // The same files again change nothing.
        secretary.post().uri("/api/towns/{town}/members/import", town).contentType(CSV).bodyValue(example("dachang-members.csv"))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.unchanged").isEqualTo(33).jsonPath("$.joined").isEqualTo(0);
        secretary.post().uri("/api/towns/{town}/estates/import", town).contentType(CSV).bodyValue(example("dachang-estates.csv"))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.unchanged").isEqualTo(48).jsonPath("$.firmsAssigned").isEqualTo(0);

        // Export to Excel, and the exported workbook imports as "nothing changed".
        var members = secretary.get().uri("/api/towns/{town}/members/export", town).exchange()
                .expectStatus().isOk().expectHeader().contentType(XLSX)
                .expectBody(byte[].class).returnResult().getResponseBody();
        secretary.post().uri("/api/towns/{town}/members/import", town).contentType(XLSX).bodyValue(members)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.unchanged").isEqualTo(33);
        var estates = secretary.get().uri("/api/towns/{town}/estates/export", town).exchange()
                .expectStatus().isOk().expectBody(byte[].class).returnResult().getResponseBody();
        secretary.post().uri("/api/towns/{town}/estates/import", town).contentType(XLSX).bodyValue(estates)
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.unchanged").isEqualTo(48).jsonPath("$.firmsAssigned").isEqualTo(0);

        // A file with one bad row among good ones writes nothing and says where.
        var schema = "town_" + town.replace('-', '_');
        var before = count("select count(*) from " + schema + ".estate");
        var bad = "小区名称,地址,户数,楼栋数,物业企业信用代码,委托开始日期\n新建一苑,真华路1弄,100,3,,\n新建二苑,真华路2弄,很多,3,,\n";
        secretary.post().uri("/api/towns/{town}/estates/import", town).contentType(CSV).bodyValue(bad.getBytes())
                .exchange().expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:town-alliance:problem:import-invalid")
                .jsonPath("$.errors[0].row").isEqualTo(3)
                .jsonPath("$.errors[0].column").isEqualTo("户数")
                .jsonPath("$.errors[0].value").isEqualTo("很多");
        assertThat(count("select count(*) from " + schema + ".estate")).isEqualTo(before);
    }

    @Test
    void badUploadsAreProblemsNotFailures() throws Exception {
        var town = townWithSecretariat("all-bad");
        var secretary = as("sec-" + town);
        secretary.post().uri("/api/towns/{town}/members/import", town).contentType(XLSX)
                .bodyValue(new byte[]{'P', 'K', 3, 4, 1, 2, 3, 4, 5})
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:malformed-spreadsheet");
        // Refused from the headers, before the body is read: a client using Expect: 100-continue never sends it.
        var tooLarge = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://localhost:" + port + "/api/towns/" + town + "/members/import"))
                        .expectContinue(true)
                        .header("Authorization", "Bearer " + TestStack.tokens().of("sec-" + town))
                        .header("Content-Type", "text/csv")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[6 * 1024 * 1024])).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("urn:town-alliance:problem:upload-too-large");
        secretary.post().uri("/api/towns/{town}/members/import", town).contentType(CSV).bodyValue("名称,类型\n某公司,物业企业\n".getBytes())
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("统一社会信用代码", "入盟日期"));
        secretary.post().uri("/api/towns/{town}/members", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("uscc", "91310113UYQ0DEJ015", "nameZh", "错码公司", "kind", "FIRM", "joinedOn", "2024-10-09"))
                .exchange().expectStatus().isBadRequest()
                .expectBody()
                .jsonPath("$.type").isEqualTo("urn:town-alliance:problem:invalid-uscc")
                .jsonPath("$.position").isEqualTo(18);
    }

    @Test
    void historyAnswersWhoWasMemberAndWhoManagedAnEstateOnADate() {
        var town = townWithSecretariat("all-hist");
        var secretary = as("sec-" + town);
        var firmA = "91310113UYQ0DEJ014";
        var firmB = "913101136QXDJNKATP";
        var names = Map.of(firmA, "上海大场物业管理有限公司", firmB, "上海场中物业管理有限公司"); // as registered
        for (var code : List.of(firmA, firmB)) {
            secretary.post().uri("/api/towns/{town}/members", town).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("uscc", code, "nameZh", names.get(code), "kind", "FIRM", "joinedOn", "2024-10-09"))
                    .exchange().expectStatus().isCreated();
        }
        secretary.post().uri("/api/towns/{town}/members", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("uscc", firmA, "nameZh", names.get(firmA), "kind", "FIRM", "joinedOn", "2024-11-01"))
                .exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:already-member");

        var estate = secretary.post().uri("/api/towns/{town}/estates", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "历史苑", "address", "场中路1弄", "households", 500))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
        secretary.put().uri("/api/towns/{town}/estates/{id}/managing-firm", town, estate).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("firmUscc", firmA, "from", "2020-01-01")).exchange().expectStatus().isOk();

        var memberA = ((List<Map<String, Object>>) secretary.get().uri("/api/towns/{town}/members?q={q}", town, firmA).exchange()
                .expectBody(List.class).returnResult().getResponseBody()).stream()
                .filter(m -> firmA.equals(m.get("uscc"))).findFirst().orElseThrow().get("id");
        // Leaving while managing an estate is refused with the reason.
        secretary.post().uri("/api/towns/{town}/members/{id}/leave", town, memberA).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("leftOn", "2025-06-30", "reason", "合同到期"))
                .exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:member-manages-estates")
                .jsonPath("$.estates[0]").isEqualTo("历史苑");

        // The explicit transfer: firm B takes over on 2025-07-01, then A may leave.
        secretary.put().uri("/api/towns/{town}/estates/{id}/managing-firm", town, estate).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("firmUscc", firmB, "from", "2025-07-01")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.managedBy.uscc").isEqualTo(firmB);
        secretary.post().uri("/api/towns/{town}/members/{id}/leave", town, memberA).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("leftOn", "2025-07-01", "reason", "合同到期"))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.leftOn").isEqualTo("2025-07-01");

        secretary.get().uri("/api/towns/{town}/estates/{id}/managing-firm?on=2025-06-30", town, estate).exchange()
                .expectBody().jsonPath("$.uscc").isEqualTo(firmA).jsonPath("$.to").isEqualTo("2025-07-01");
        secretary.get().uri("/api/towns/{town}/estates/{id}/managing-firm?on=2025-07-01", town, estate).exchange()
                .expectBody().jsonPath("$.uscc").isEqualTo(firmB);
        secretary.get().uri("/api/towns/{town}/estates/{id}/managing-firm?on=2019-12-31", town, estate).exchange()
                .expectStatus().isNotFound();
        secretary.get().uri("/api/towns/{town}/estates/{id}/management", town, estate).exchange()
                .expectBody().jsonPath("$.length()").isEqualTo(2);

        secretary.get().uri("/api/towns/{town}/members?on=2025-06-30", town).exchange()
                .expectBody().jsonPath("$.length()").isEqualTo(2);
        secretary.get().uri("/api/towns/{town}/members?on=2025-07-01", town).exchange()
                .expectBody().jsonPath("$.length()").isEqualTo(1).jsonPath("$[0].uscc").isEqualTo(firmB);
        secretary.get().uri("/api/towns/{town}/members?status=LEFT", town).exchange()
                .expectBody().jsonPath("$[0].uscc").isEqualTo(firmA);
        // Rejoining cannot start inside the period already recorded as left.
        secretary.post().uri("/api/towns/{town}/members", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("uscc", firmA, "nameZh", names.get(firmA), "kind", "FIRM", "joinedOn", "2025-01-01"))
                .exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:membership-overlap");
    }

    @Test
    void thePublishedPublicWelfareListIsPublicVersionedAndPrintable() {
        var town = townWithSecretariat("all-pub");
        var secretary = as("sec-" + town);
        anonymous().get().uri("/public/towns/{town}/public-welfare-list", town).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:welfare-list-not-published");

        secretary.post().uri("/api/towns/{town}/members/import", town).contentType(CSV).bodyValue(example("dachang-members.csv"))
                .exchange().expectStatus().isOk();
        var provider = ((List<Map<String, Object>>) secretary.get().uri("/api/towns/{town}/members?kind=AGENCY", town).exchange()
                .expectBody(List.class).returnResult().getResponseBody()).getFirst().get("organisationId");
        secretary.post().uri("/api/towns/{town}/services", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "PUBLIC_WELFARE", "nameZh", "免费法律咨询", "providerId", provider,
                        "schedule", "每月第一个周六", "eligibility", "本镇居民"))
                .exchange().expectStatus().isCreated();
        secretary.post().uri("/api/towns/{town}/services", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "VALUE_ADDED", "nameZh", "空调清洗", "providerId", provider, "listPrice", 80, "discountPrice", 100, "unit", "台"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:invalid-service");
        secretary.post().uri("/api/towns/{town}/public-welfare-list/publish", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "公益服务清单")).exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.version").isEqualTo(1);
        secretary.post().uri("/api/towns/{town}/services", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "PUBLIC_WELFARE", "nameZh", "高龄老人上门小修", "providerId", provider,
                        "schedule", "工作日", "eligibility", "80岁以上"))
                .exchange().expectStatus().isCreated();
        secretary.post().uri("/api/towns/{town}/public-welfare-list/publish", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "公益服务清单（第二版）")).exchange().expectStatus().isCreated();

        anonymous().get().uri("/public/towns/{town}/public-welfare-list", town).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.version").isEqualTo(2).jsonPath("$.items.length()").isEqualTo(2);
        anonymous().get().uri("/public/towns/{town}/public-welfare-list/versions/1", town).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(1).jsonPath("$.items[0].name").isEqualTo("免费法律咨询");
        var page = anonymous().get().uri("/public/towns/{town}/public-welfare-list.html", town).exchange()
                .expectStatus().isOk().expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(page).contains("公益服务清单（第二版）", "高龄老人上门小修", "第 2 版");
        anonymous().get().uri("/public/towns/no-such-town/public-welfare-list").exchange().expectStatus().isNotFound();
        anonymous().get().uri("/public/towns/BAD_SLUG/public-welfare-list").exchange().expectStatus().isBadRequest();
    }

    @Test
    void aFirmManagerSeesAndEditsOnlyTheirOwnOrganisation() {
        var town = townWithSecretariat("all-own");
        as("sec-" + town).post().uri("/api/towns/{town}/members/import", town).contentType(CSV).bodyValue(example("dachang-members.csv"))
                .exchange().expectStatus().isOk();
        var mine = "91310113UYQ0DEJ014";
        var other = "913101136QXDJNKATP";
        var manager = "mgr-" + town;
        TestStack.users().user(manager, "/towns/" + town + "/orgs/" + mine + "/managers");

        as(manager).get().uri("/api/towns/{town}/organisations/{uscc}", town, mine).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.uscc").isEqualTo(mine);
        as(manager).put().uri("/api/towns/{town}/organisations/{uscc}", town, mine).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("contactName", "新联系人", "contactPhone", "13900000000"))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.contactName").isEqualTo("新联系人");
        as(manager).get().uri("/api/towns/{town}/organisations/{uscc}", town, other).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:not-your-organisation");
        as(manager).put().uri("/api/towns/{town}/organisations/{uscc}", town, other).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("contactName", "x")).exchange().expectStatus().isForbidden();
        as(manager).post().uri("/api/towns/{town}/members/import", town).contentType(CSV).bodyValue(example("dachang-members.csv"))
                .exchange().expectStatus().isForbidden();
        admin().get().uri("/api/platform/organisations?q=大场").exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.items[0].nameZh").value(n -> assertThat(n.toString()).contains("大场"));
    }
}
