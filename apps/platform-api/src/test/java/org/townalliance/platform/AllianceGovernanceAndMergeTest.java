package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.townalliance.testkit.TestStack;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Community governance records, and merging a duplicate organisation across towns. */
class AllianceGovernanceAndMergeTest extends PlatformTest {

    private static final String FIRM = "91310113UYQ0DEJ014";
    private static final String DUPLICATE = "91310113000000001Y";

    private String join(String town, String uscc, String name) {
        var member = as("sec-" + town).post().uri("/api/towns/{town}/members", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("uscc", uscc, "nameZh", name, "kind", "FIRM", "joinedOn", "2024-10-09"))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        return member.get("organisationId").toString();
    }

    @Test
    void governanceActivitiesRecordMembersAndHours() {
        var town = onboard("gov");
        TestStack.users().user("sec-" + town, "/towns/" + town + "/secretariat");
        var firm = join(town, FIRM, "上海大场物业管理有限公司");
        var secretary = as("sec-" + town);

        secretary.post().uri("/api/towns/{town}/governance-activities", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("topic", "GROUP_RENTAL", "title", "群租整治联合行动", "heldOn", "2025-03-15",
                        "participants", List.of(Map.of("organisationId", firm, "people", 6, "hours", 18))))
                .exchange().expectStatus().isCreated()
                .expectBody().jsonPath("$.participants[0].hours").isEqualTo(18);
        secretary.post().uri("/api/towns/{town}/governance-activities", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("topic", "SAFETY", "title", "x", "heldOn", "2025-03-15",
                        "participants", List.of(Map.of("organisationId", "00000000-0000-0000-0000-000000000001", "people", 1, "hours", 1))))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:invalid-activity");
        secretary.post().uri("/api/towns/{town}/governance-activities", town).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("topic", "NOT_A_TOPIC", "title", "x", "heldOn", "2025-03-15", "participants", List.of()))
                .exchange().expectStatus().isBadRequest();
        secretary.get().uri("/api/towns/{town}/governance-activities?from=2025-01-01", town).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.length()").isEqualTo(1);
    }

    @Test
    void aDuplicateIsMergedInEveryTownAtOnce() {
        var one = onboard("merge-1");
        var two = onboard("merge-2");
        TestStack.users().user("sec-" + one, "/towns/" + one + "/secretariat");
        TestStack.users().user("sec-" + two, "/towns/" + two + "/secretariat");
        var survivor = join(one, FIRM, "上海大场物业管理有限公司");
        var duplicate = join(two, DUPLICATE, "上海大场物业管理有限公司（重复）");

        admin().post().uri("/api/platform/organisations/{d}/merge-into/{s}", duplicate, survivor).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.movedByTown['" + two + "']").isEqualTo(1);
        as("sec-" + two).get().uri("/api/towns/{town}/members", two).exchange()
                .expectBody().jsonPath("$[0].uscc").isEqualTo(FIRM);
        admin().get().uri("/api/platform/organisations?q={q}", DUPLICATE).exchange()
                .expectBody().jsonPath("$.items.length()").isEqualTo(0);
        admin().post().uri("/api/platform/organisations/{d}/merge-into/{s}", duplicate, survivor).exchange()
                .expectStatus().isEqualTo(409);
        // The platform schema is still rendered as itself after a cross-town transaction.
        admin().get().uri("/api/platform/towns/{slug}", one).exchange().expectStatus().isOk();
        assertThat(count("select count(*) from platform.organisation where uscc = '" + DUPLICATE + "' and merged_into is not null")).isEqualTo(1);
    }

    @Test
    void mergingTwoCurrentMembersOfOneTownIsRefusedAndChangesNothing() {
        var town = onboard("merge-x");
        TestStack.users().user("sec-" + town, "/towns/" + town + "/secretariat");
        var a = join(town, "91310113UYQ0DEJ014", "上海大场物业管理有限公司");
        var b = join(town, "913101136QXDJNKATP", "上海场中物业管理有限公司");
        admin().post().uri("/api/platform/organisations/{d}/merge-into/{s}", b, a).exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:merge-conflict");
        as("sec-" + town).get().uri("/api/towns/{town}/members", town).exchange()
                .expectBody().jsonPath("$.length()").isEqualTo(2);
    }
}
