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
class HotlineTicketsTest extends HotlineTest {

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
