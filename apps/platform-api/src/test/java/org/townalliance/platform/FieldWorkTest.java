package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.townalliance.testkit.TestStack;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20, field work: the firm's manager gives a dispatched ticket to one of the firm's people, who finds it under
 * 我的任务 (assignee=me); a town may require an "after" photo to resolve a category; the firm sees its figures per person,
 * nobody else does; a transfer to another firm takes the assignee off.
 */
class FieldWorkTest extends HotlineTest {

    @Test
    void theManagerGivesTheTicketToAWorkerWhoResolvesItWithAnAfterPhoto() {
        var town = town();
        var slug = town.slug();
        TestStack.users().named("worker-a-" + slug, "李", "师傅", "/towns/" + slug + "/orgs/" + FIRM_A + "/staff");
        var workerA = personId(slug, "worker-a-" + slug);
        var staffB = personId(slug, "staff-b-" + slug);
        var id = intake(town, null, "13600000001").get("id");
        act("op-" + slug, town, id, "dispatch", Map.of("organisationId", town.firmA())).expectStatus().isOk();

        TestStack.users().user("mgr-b-" + slug, "/towns/" + slug + "/orgs/" + FIRM_B + "/managers");
        assign("mgr-b-" + slug, slug, id, workerA).expectStatus().isNotFound();               // another firm's: not even seen
        assign("staff-b-" + slug, slug, id, workerA).expectStatus().isForbidden();            // no manager at all
        assign("worker-a-" + slug, slug, id, workerA).expectStatus().isForbidden();           // staff do not hand out work
        assign("mgr-a-" + slug, slug, id, staffB).expectStatus().isBadRequest()                // a person of another firm
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:not-a-firm-person");
        assign("mgr-a-" + slug, slug, id, "no-such-person").expectStatus().isBadRequest();
        assign("mgr-a-" + slug, slug, id, workerA).expectStatus().isOk()
                .expectBody().jsonPath("$.assigneeId").isEqualTo(workerA).jsonPath("$.assigneeName").isEqualTo("李师傅")
                .jsonPath("$.timeline[-1].action").isEqualTo("ASSIGN");

        as("worker-a-" + slug).get().uri("/api/towns/{t}/tickets?assignee=me", slug).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(1).jsonPath("$.items[0].id").isEqualTo(id);
        as("mgr-a-" + slug).get().uri("/api/towns/{t}/tickets?assignee=me", slug).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(0);
        as("mgr-a-" + slug).get().uri("/api/towns/{t}/tickets?assignee=someone", slug).exchange().expectStatus().isBadRequest();

        // The town's policy: repairs are resolved with an "after" photo only.
        as("sec-" + slug).patch().uri("/api/towns/{t}/hotline/categories/{c}", slug, "repairs").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("afterPhotoRequired", true)).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.afterPhotoRequired").isEqualTo(true);
        act("worker-a-" + slug, town, id, "accept", Map.of()).expectStatus().isOk();
        act("worker-a-" + slug, town, id, "start", Map.of()).expectStatus().isOk();
        // A note on site: on the timeline, status unchanged, never on the resident's page (ResidentDesk's public actions).
        as("worker-a-" + slug).post().uri("/api/towns/{t}/tickets/{id}/notes", slug, id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("note", "阀门老化，已更换")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("IN_PROGRESS").jsonPath("$.timeline[-1].action").isEqualTo("NOTE")
                .jsonPath("$.timeline[-1].note").isEqualTo("阀门老化，已更换");
        as("staff-b-" + slug).post().uri("/api/towns/{t}/tickets/{id}/notes", slug, id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("note", "x")).exchange().expectStatus().isNotFound();
        as("worker-a-" + slug).post().uri("/api/towns/{t}/tickets/{id}/notes", slug, id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("note", " ")).exchange().expectStatus().isBadRequest();
        act("worker-a-" + slug, town, id, "resolve", Map.of()).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:after-photo-required");
        as("worker-a-" + slug).post().uri("/api/towns/{t}/tickets/{id}/photos?role=BEFORE", slug, id).contentType(MediaType.IMAGE_JPEG)
                .bodyValue(Residents.jpeg(400, 300)).exchange().expectStatus().isCreated();
        act("worker-a-" + slug, town, id, "resolve", Map.of()).expectStatus().isEqualTo(409);
        as("worker-a-" + slug).post().uri("/api/towns/{t}/tickets/{id}/photos?role=AFTER", slug, id).contentType(MediaType.IMAGE_JPEG)
                .bodyValue(Residents.jpeg(400, 300)).exchange().expectStatus().isCreated();
        act("worker-a-" + slug, town, id, "resolve", Map.of()).expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("RESOLVED");

        // Figures per person: the firm's managers only.
        var figures = as("mgr-a-" + slug).get().uri("/api/towns/{t}/tickets/statistics/people?organisationId={o}", slug, town.firmA())
                .exchange().expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
        assertThat(figures).singleElement().satisfies(row -> assertThat((Map<String, Object>) row)
                .containsEntry("name", "李师傅").containsEntry("assigned", 1).containsEntry("resolved", 1).containsEntry("open", 0)
                .containsEntry("onTimeRate", 1.0));
        as("worker-a-" + slug).get().uri("/api/towns/{t}/tickets/statistics/people?organisationId={o}", slug, town.firmA()).exchange()
                .expectStatus().isForbidden();
        as("sec-" + slug).get().uri("/api/towns/{t}/tickets/statistics/people?organisationId={o}", slug, town.firmA()).exchange()
                .expectStatus().isForbidden();
        as("mgr-a-" + slug).get().uri("/api/towns/{t}/tickets/statistics/people?organisationId={o}", slug, town.firmB()).exchange()
                .expectStatus().isForbidden();
    }

    @Test
    void aTransferToAnotherFirmTakesTheAssigneeOff() {
        var town = town();
        var slug = town.slug();
        TestStack.users().user("worker-t-" + slug, "/towns/" + slug + "/orgs/" + FIRM_A + "/staff");
        var id = intake(town, null, "13600000002").get("id");
        act("op-" + slug, town, id, "dispatch", Map.of("organisationId", town.firmA())).expectStatus().isOk();
        assign("mgr-a-" + slug, slug, id, personId(slug, "worker-t-" + slug)).expectStatus().isOk();
        act("op-" + slug, town, id, "transfer", Map.of("organisationId", town.firmB(), "note", "不是我们的小区")).expectStatus().isOk()
                .expectBody().jsonPath("$.assigneeId").doesNotExist();
        as("worker-t-" + slug).get().uri("/api/towns/{t}/tickets?assignee=me", slug).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(0);
        assertThat(count("select count(*) from platform.city_hotline_outbox where payload like '%ASSIGN%'")).isZero();
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec assign(String user, String slug, Object ticket, String person) {
        return as(user).put().uri("/api/towns/{t}/tickets/{id}/assignee", slug, ticket).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("personId", person)).exchange();
    }

    private String personId(String slug, String username) {
        var people = (List<Map<String, Object>>) as("sec-" + slug).get().uri("/api/towns/{t}/people", slug).exchange().expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody();
        return people.stream().filter(p -> username.equals(p.get("username"))).findFirst().orElseThrow().get("id").toString();
    }
}
