package org.townalliance.platform;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dispute mediation against real PostgreSQL: a case from opening through a session to an agreement and its
 * follow-up; confidential (the firm party reads it, another firm and the hotline do not even learn it exists, nor
 * does another town), every read in the audit trail; only the mediator records; bad outcomes refused.
 */
class MediationTest extends HotlineTest {

    @Test
    @SuppressWarnings("unchecked")
    void aCaseGoesToAnAgreementThatIsFollowedUpAndOnlyThePartiesReadIt() {
        var town = town();
        var slug = town.slug();
        var sec = "sec-" + slug;
        var ticket = intake(town, null, "13700137000");
        var opened = post(sec, "/api/towns/{t}/mediation/cases", slug, Map.of("title", "乾溪新村停车费争议", "estateId", town.estateId(),
                        "firmOrganisationId", town.firmA(), "residentParty", "乾溪新村业主委员会", "residentContact", "马娟",
                        "subject", "业主对停车费上调有异议", "mediatorName", "镇房管办 李明", "ticketNumbers", List.of(ticket.get("number"))))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        var id = opened.get("id");
        assertThat(opened).containsEntry("status", "OPEN");
        assertThat((List<Object>) opened.get("ticketIds")).containsExactly(ticket.get("id"));

        // The firm party reads it; another firm, the hotline and another town's secretariat do not even learn it exists.
        as("mgr-a-" + slug).get().uri("/api/towns/{t}/mediation/cases/{c}", slug, id).exchange().expectStatus().isOk();
        assertThat(as("mgr-a-" + slug).get().uri("/api/towns/{t}/mediation/cases", slug).exchange().expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody()).hasSize(1);
        as("staff-b-" + slug).get().uri("/api/towns/{t}/mediation/cases/{c}", slug, id).exchange().expectStatus().isNotFound();
        assertThat(as("staff-b-" + slug).get().uri("/api/towns/{t}/mediation/cases", slug).exchange().expectStatus().isOk()
                .expectBody(List.class).returnResult().getResponseBody()).isEmpty();
        as("op-" + slug).get().uri("/api/towns/{t}/mediation/cases/{c}", slug, id).exchange().expectStatus().isNotFound();
        var other = town();
        as("sec-" + other.slug()).get().uri("/api/towns/{t}/mediation/cases/{c}", slug, id).exchange().expectStatus().isForbidden();

        // Only the mediator (here the secretariat) records; the firm party cannot write its own outcome.
        post("mgr-a-" + slug, "/api/towns/{t}/mediation/cases/{c}/outcome", slug, id, Map.of("outcome", "WITHDRAWN")).expectStatus().isForbidden();
        post(sec, "/api/towns/{t}/mediation/cases/{c}/sessions", slug, id, Map.of("heldOn", "2026-11-20", "attendees", "业委会 3 人，物业 2 人",
                "notes", "双方陈述意见，物业同意公开成本。")).expectStatus().isOk();
        post(sec, "/api/towns/{t}/mediation/cases/{c}/outcome", slug, id, Map.of("outcome", "AGREED")).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith(":invalid-outcome"));
        post(sec, "/api/towns/{t}/mediation/cases/{c}/follow-up", slug, id, Map.of("result", "x", "kept", true)).expectStatus().isEqualTo(409);
        var agreed = post(sec, "/api/towns/{t}/mediation/cases/{c}/outcome", slug, id, Map.of("outcome", "AGREED",
                        "terms", "停车费上调推迟至明年，期间公开成本。", "followUpOn", "2027-02-01"))
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(agreed).containsEntry("status", "AGREED").containsEntry("followUpOn", "2027-02-01");
        assertThat((List<?>) agreed.get("sessions")).hasSize(1);
        post(sec, "/api/towns/{t}/mediation/cases/{c}/outcome", slug, id, Map.of("outcome", "FAILED")).expectStatus().isEqualTo(409);
        post(sec, "/api/towns/{t}/mediation/cases/{c}/follow-up", slug, id, Map.of("result", "已公开成本，未调价。", "kept", true))
                .expectStatus().isOk().expectBody().jsonPath("$.agreementKept").isEqualTo(true);

        // Every read of the case is in the audit trail as a privileged read, the firm manager's included.
        var audit = (Map<String, Object>) admin().get().uri("/api/platform/audit?town={t}&limit=200", slug).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        var reads = ((List<Map<String, Object>>) audit.get("items")).stream()
                .filter(e -> "GET".equals(e.get("method")) && String.valueOf(e.get("path")).contains("/mediation/cases/" + id)).toList();
        assertThat(reads).anySatisfy(e -> assertThat(e).containsEntry("actor", "mgr-a-" + slug)
                .satisfies(x -> assertThat(String.valueOf(x.get("privileged"))).contains("mediation case")));
    }
}
