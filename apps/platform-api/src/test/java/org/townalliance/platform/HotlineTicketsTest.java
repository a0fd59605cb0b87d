package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.townalliance.testkit.TestStack;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The hotline's first slice: intake, dispatch to the right firm, the lifecycle, and who sees what. */
class HotlineTicketsTest extends PlatformTest {

    private static final String FIRM_A = "91310113UYQ0DEJ014";
    private static final String FIRM_B = "913101136QXDJNKATP";

    private record Town(String slug, String estateId, String firmA, String firmB) {
    }

    private Town town() {
        var slug = onboard("hot");
        TestStack.users().user("sec-" + slug, "/towns/" + slug + "/secretariat");
        TestStack.users().user("op-" + slug, "/towns/" + slug + "/hotline");
        TestStack.users().user("mgr-a-" + slug, "/towns/" + slug + "/orgs/" + FIRM_A + "/managers");
        TestStack.users().user("staff-b-" + slug, "/towns/" + slug + "/orgs/" + FIRM_B + "/staff");
        try {
            as("sec-" + slug).post().uri("/api/towns/{t}/members/import", slug).contentType(MediaType.parseMediaType("text/csv"))
                    .bodyValue(Files.readAllBytes(Path.of("../../infra/examples/dachang-members.csv"))).exchange().expectStatus().isOk();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        var members = (List<Map<String, Object>>) as("sec-" + slug).get().uri("/api/towns/{t}/members", slug).exchange()
                .expectBody(List.class).returnResult().getResponseBody();
        var a = members.stream().filter(m -> FIRM_A.equals(m.get("uscc"))).findFirst().orElseThrow().get("organisationId").toString();
        var b = members.stream().filter(m -> FIRM_B.equals(m.get("uscc"))).findFirst().orElseThrow().get("organisationId").toString();
        var estate = as("sec-" + slug).post().uri("/api/towns/{t}/estates", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "乾溪新村", "address", "乾溪路100弄")).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
        as("sec-" + slug).put().uri("/api/towns/{t}/estates/{e}/managing-firm", slug, estate).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("firmUscc", FIRM_A, "from", "2020-01-01")).exchange().expectStatus().isOk();
        return new Town(slug, estate, a, b);
    }

    private Map<String, Object> intake(Town town, String key, String phone) {
        var request = as("op-" + town.slug()).post().uri("/api/towns/{t}/tickets", town.slug()).contentType(MediaType.APPLICATION_JSON);
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.bodyValue(Map.of("kind", "SERVICE_REQUEST", "channel", "PHONE", "categoryCode", "repairs",
                        "estateId", town.estateId(), "reporterName", "王阿姨", "reporterPhone", phone, "description", "3号楼电梯不动了"))
                .exchange().expectStatus().is2xxSuccessful()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    @Test
    void intakeIsIdempotentSuggestsTheManagingFirmAndFlagsDuplicates() {
        var town = town();
        var first = intake(town, "call-0001", "13812345678");
        assertThat(first.get("suggestedOrganisationId")).isEqualTo(town.firmA());
        assertThat(first.get("status")).isEqualTo("RECEIVED");
        var again = intake(town, "call-0001", "13812345678");
        assertThat(again.get("id")).isEqualTo(first.get("id"));

        var ids = Flux.range(0, 6).parallel(6).runOn(Schedulers.boundedElastic())
                .map(i -> intake(town, "call-0002", "13900000000").get("id"))
                .sequential().distinct().collectList().block();
        assertThat(ids).hasSize(1);
        assertThat(count("select count(*) from town_" + town.slug().replace('-', '_') + ".ticket")).isEqualTo(2);

        // Same phone, or same estate and category, within 24 h: flagged, pointing at the most recent such ticket.
        var duplicate = intake(town, null, "13812345678");
        assertThat(duplicate.get("possibleDuplicateOf")).isIn(first.get("id"), ids.getFirst());

        as("op-" + town.slug()).post().uri("/api/towns/{t}/tickets", town.slug()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "COMPLAINT", "channel", "PHONE", "categoryCode", "no-such", "description", "x"))
                .exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:unknown-category");
        as("op-" + town.slug()).post().uri("/api/towns/{t}/tickets", town.slug()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "COMPLAINT", "channel", "FAX", "categoryCode", "noise", "description", "x"))
                .exchange().expectStatus().isBadRequest();
        as("mgr-a-" + town.slug()).post().uri("/api/towns/{t}/tickets", town.slug()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "COMPLAINT", "channel", "PHONE", "categoryCode", "noise", "description", "x"))
                .exchange().expectStatus().isForbidden();
    }

    @Test
    void theAssignedFirmWorksTheTicketOthersNeitherSeeNorTouchIt() {
        var town = town();
        var slug = town.slug();
        var id = intake(town, "call-9", "13812345678").get("id");
        var operator = as("op-" + slug);
        var firmA = as("mgr-a-" + slug);
        var firmB = as("staff-b-" + slug);

        firmA.get().uri("/api/towns/{t}/tickets/{id}", slug, id).exchange().expectStatus().isNotFound();
        operator.post().uri("/api/towns/{t}/tickets/{id}/dispatch", slug, id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of()).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:organisation-required");
        operator.post().uri("/api/towns/{t}/tickets/{id}/dispatch", slug, id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("organisationId", town.firmA())).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("DISPATCHED");

        firmA.get().uri("/api/towns/{t}/tickets/{id}", slug, id).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.reporterPhone").isEqualTo("13812345678");
        firmB.get().uri("/api/towns/{t}/tickets/{id}", slug, id).exchange().expectStatus().isNotFound();
        firmB.get().uri("/api/towns/{t}/tickets", slug).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items.length()").isEqualTo(0);
        firmB.post().uri("/api/towns/{t}/tickets/{id}/accept", slug, id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of()).exchange().expectStatus().isNotFound();
        operator.post().uri("/api/towns/{t}/tickets/{id}/resolve", slug, id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("note", "x")).exchange().expectStatus().isForbidden();

        firmA.post().uri("/api/towns/{t}/tickets/{id}/reject", slug, id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of()).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:note-required");
        firmA.post().uri("/api/towns/{t}/tickets/{id}/accept", slug, id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of()).exchange().expectStatus().isOk().expectBody().jsonPath("$.status").isEqualTo("ACCEPTED");
        firmA.post().uri("/api/towns/{t}/tickets/{id}/accept", slug, id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of()).exchange().expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:illegal-ticket-transition");
        firmA.post().uri("/api/towns/{t}/tickets/{id}/start", slug, id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of()).exchange().expectStatus().isOk();
        firmA.post().uri("/api/towns/{t}/tickets/{id}/resolve", slug, id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("note", "更换了门机板")).exchange().expectStatus().isOk();
        operator.post().uri("/api/towns/{t}/tickets/{id}/close", slug, id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of()).exchange().expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("CLOSED")
                .jsonPath("$.timeline[*].action").value(actions -> assertThat(actions.toString())
                        .contains("RECEIVE", "DISPATCH", "ACCEPT", "START", "RESOLVE", "CLOSE"));
        operator.post().uri("/api/towns/{t}/tickets/{id}/fly", slug, id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of()).exchange().expectStatus().isNotFound();

        // Reads of unmasked reporter phones are audited.
        assertThat(count("select count(*) from platform.audit_event where town = '" + slug
                + "' and method = 'GET' and privileged like 'unmasked%'")).isPositive();
    }

    @Test
    void aRejectedTicketGoesBackToTheQueue() {
        var town = town();
        var slug = town.slug();
        var id = intake(town, null, "13700000000").get("id");
        as("op-" + slug).post().uri("/api/towns/{t}/tickets/{id}/dispatch", slug, id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("organisationId", town.firmA())).exchange().expectStatus().isOk();
        as("mgr-a-" + slug).post().uri("/api/towns/{t}/tickets/{id}/reject", slug, id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("note", "不在我司管理范围")).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("RECEIVED").jsonPath("$.assignedOrganisationId").doesNotExist();
        as("op-" + slug).post().uri("/api/towns/{t}/tickets/{id}/dispatch", slug, id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("organisationId", "00000000-0000-0000-0000-000000000009")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:not-a-member");
    }

    private reactor.core.publisher.Flux<org.springframework.http.codec.ServerSentEvent<Map>> board(String user, String slug, String lastEventId) {
        var request = org.springframework.web.reactive.function.client.WebClient.create("http://localhost:" + port)
                .get().uri("/api/towns/{t}/tickets/stream", slug)
                .header("Authorization", "Bearer " + TestStack.tokens().of(user))
                .accept(MediaType.TEXT_EVENT_STREAM);
        if (lastEventId != null) {
            request = request.header("Last-Event-ID", lastEventId);
        }
        return request.retrieve().bodyToFlux(new org.springframework.core.ParameterizedTypeReference<org.springframework.http.codec.ServerSentEvent<Map>>() { })
                .filter(event -> "ticket".equals(event.event()));
    }

    @Test
    void theLiveBoardShowsChangesToWhoMaySeeThemAndResumesFromLastEventId() throws Exception {
        var town = town();
        var slug = town.slug();
        var operatorBoard = board("op-" + slug, slug, null).take(2).collectList().toFuture();
        var firmABoard = board("mgr-a-" + slug, slug, null).next().toFuture();
        var firmBBoard = board("staff-b-" + slug, slug, null).next().toFuture();
        Thread.sleep(1_000); // let the three subscriptions reach the server

        var id = intake(town, null, "13600000000").get("id");
        as("op-" + slug).post().uri("/api/towns/{t}/tickets/{id}/dispatch", slug, id).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("organisationId", town.firmA())).exchange().expectStatus().isOk();

        var seenByOperator = operatorBoard.get(15, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(seenByOperator).extracting(e -> e.data().get("action")).containsExactly("RECEIVE", "DISPATCH");
        var seenByFirmA = firmABoard.get(15, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(seenByFirmA.data().get("action")).isEqualTo("DISPATCH");
        // Firm B saw nothing of a ticket dispatched to firm A.
        Thread.sleep(500);
        assertThat(firmBBoard.isDone()).isFalse();
        firmBBoard.cancel(true);

        // A client that saw the RECEIVE event reconnects and gets the DISPATCH it missed.
        var resumed = board("op-" + slug, slug, seenByOperator.getFirst().id()).next().block(java.time.Duration.ofSeconds(15));
        assertThat(resumed.data().get("action")).isEqualTo("DISPATCH");
        assertThat(resumed.id()).isEqualTo(seenByOperator.get(1).id());
    }
}
