package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.townalliance.testkit.TestStack;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A whole election against real PostgreSQL and Keycloak, run by several people: the secretariat opens
 * it for the rotating chair at a general meeting; a member's manager recommends himself and another
 * member seconds; the convener proposes a second candidate; both accept; the quorum is checked on the
 * organisations checked in; round one ties, round two elects; the new term starts the day the previous
 * one ends. Every refusal the issue names is a 4xx problem that records nothing, and concurrent attempts
 * to vote twice leave exactly one vote.
 */
class GovernanceElectionsTest extends HotlineTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    @Test
    @SuppressWarnings("unchecked")
    void anElectionRunsFromNominationToTheNewTermAndRefusesEveryBadBallot() throws Exception {
        var town = town();
        var slug = town.slug();
        var sec = "sec-" + slug;
        var members = (List<Map<String, Object>>) as(sec).get().uri("/api/towns/{t}/members", slug).exchange()
                .expectBody(List.class).returnResult().getResponseBody();
        var others = members.stream().map(m -> (String) m.get("organisationId")).filter(id -> !id.equals(town.firmA()) && !id.equals(town.firmB())).toList();
        var firmC = others.get(0);
        var firmD = others.get(1);
        var usccC = (String) members.stream().filter(m -> firmC.equals(m.get("organisationId"))).findFirst().orElseThrow().get("uscc");
        var usccD = (String) members.stream().filter(m -> firmD.equals(m.get("organisationId"))).findFirst().orElseThrow().get("uscc");
        TestStack.users().user("mgr-b-" + slug, "/towns/" + slug + "/orgs/" + FIRM_B + "/managers");
        TestStack.users().user("staff-c-" + slug, "/towns/" + slug + "/orgs/" + usccC + "/staff");
        TestStack.users().user("mgr-d-" + slug, "/towns/" + slug + "/orgs/" + usccD + "/managers");
        var mgrA = personId(slug, "mgr-a-" + slug);
        var mgrB = personId(slug, "mgr-b-" + slug);
        var staffB = personId(slug, "staff-b-" + slug);
        var staffC = personId(slug, "staff-c-" + slug);

        // The chair's term ends within 60 days: a reminder, until an election is opened.
        var today = LocalDate.now(SHANGHAI);
        var previousEnd = today.plusDays(30);
        post(sec, "/api/towns/{t}/offices/rotating-chair/terms", slug, Map.of("personId", mgrA, "organisationId", town.firmA(),
                "startsOn", previousEnd.minusYears(1).toString(), "endsOn", previousEnd.toString())).expectStatus().isCreated();
        post(sec, "/api/towns/{t}/offices/convener/terms", slug, Map.of("personId", staffB, "startsOn", today.minusDays(10).toString()))
                .expectStatus().isCreated();
        assertThat(reminders(slug)).contains("rotating-chair");

        as(sec).put().uri("/api/towns/{t}/elections/rules", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("seconderRequired", true, "quorumPercent", 50, "majority", "ABSOLUTE", "tieBreak", "NEW_BALLOT", "ballot", "SECRET"))
                .exchange().expectStatus().isOk();
        as(sec).put().uri("/api/towns/{t}/elections/rules", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("seconderRequired", true, "quorumPercent", 100, "majority", "ABSOLUTE", "tieBreak", "COIN", "ballot", "SECRET"))
                .exchange().expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);

        var meeting = post(sec, "/api/towns/{t}/meetings", slug, Map.of("kind", "GENERAL", "title", "换届选举大会",
                        "startsAt", today.plusDays(1) + "T09:00:00+08:00", "endsAt", today.plusDays(1) + "T11:00:00+08:00",
                        "location", "大场镇社区服务中心", "agenda", List.of("选举轮值主席")))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        var meetingId = (String) meeting.get("id");
        var opening = Map.of("officeCode", "rotating-chair", "title", "第二届轮值主席选举", "nominationsCloseOn", today.toString(), "meetingId", meetingId);
        post(sec, "/api/towns/{t}/elections", slug, Map.of("officeCode", "rotating-chair", "title", "太晚", "nominationsCloseOn",
                today.plusDays(5).toString(), "meetingId", meetingId)).expectStatus().isBadRequest();
        post("op-" + slug, "/api/towns/{t}/elections", slug, opening).expectStatus().isForbidden();
        var election = post(sec, "/api/towns/{t}/elections", slug, opening).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody();
        var id = (String) election.get("id");
        assertThat(election).containsEntry("status", "NOMINATING");
        assertThat((Map<String, Object>) election.get("rules")).containsEntry("seconderRequired", true).containsEntry("ballot", "SECRET");
        post(sec, "/api/towns/{t}/elections", slug, opening).expectStatus().isEqualTo(409).expectBody().jsonPath("$.type")
                .value(t -> assertThat(t.toString()).endsWith(":election-open"));
        assertThat(reminders(slug)).doesNotContain("rotating-chair");

        // Nominations: a member's recommendation needs a seconder from another member; the convener proposes directly.
        var recommended = candidates(post("mgr-b-" + slug, "/api/towns/{t}/elections/{id}/candidates", slug, id,
                Map.of("personId", mgrB, "organisationId", town.firmB(), "byOrganisationId", town.firmB(), "statement", "服务为先")));
        var candidateB = (String) recommended.getFirst().get("id");
        answer("mgr-b-" + slug, slug, id, candidateB, "accept").expectStatus().isEqualTo(409).expectBody().jsonPath("$.type")
                .value(t -> assertThat(t.toString()).endsWith(":not-seconded"));
        post("mgr-b-" + slug, "/api/towns/{t}/elections/{id}/candidates/{c}/second", slug, id, candidateB, Map.of("byOrganisationId", town.firmB()))
                .expectStatus().isEqualTo(409);
        post("mgr-a-" + slug, "/api/towns/{t}/elections/{id}/candidates/{c}/second", slug, id, candidateB, Map.of("byOrganisationId", town.firmA()))
                .expectStatus().isOk();
        var proposed = candidates(post("staff-b-" + slug, "/api/towns/{t}/elections/{id}/candidates", slug, id,
                Map.of("personId", mgrA, "organisationId", town.firmA())));
        var candidateA = (String) proposed.stream().filter(c -> mgrA.equals(c.get("personId"))).findFirst().orElseThrow().get("id");
        assertThat(proposed).extracting(c -> c.get("proposedBy")).containsExactly("MEMBER", "CONVENER");
        post("mgr-a-" + slug, "/api/towns/{t}/elections/{id}/candidates", slug, id,
                Map.of("personId", staffB, "organisationId", town.firmB(), "byOrganisationId", town.firmA()))
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith(":not-eligible"));
        post("op-" + slug, "/api/towns/{t}/elections/{id}/candidates", slug, id, Map.of("personId", mgrA, "organisationId", town.firmA()))
                .expectStatus().isForbidden();
        post("mgr-a-" + slug, "/api/towns/{t}/elections/{id}/candidates", slug, id,
                Map.of("personId", mgrB, "organisationId", town.firmB(), "byOrganisationId", town.firmB())).expectStatus().isForbidden();
        answer("op-" + slug, slug, id, candidateA, "accept").expectStatus().isForbidden();
        answer("mgr-b-" + slug, slug, id, candidateB, "accept").expectStatus().isOk();
        answer("mgr-a-" + slug, slug, id, candidateA, "accept").expectStatus().isOk();

        // No ballot yet; then the quorum: 33 active members, more than half (17) must be checked in.
        vote("mgr-a-" + slug, slug, id, town.firmA(), candidateA).expectStatus().isEqualTo(409).expectBody().jsonPath("$.type")
                .value(t -> assertThat(t.toString()).endsWith(":ballot-closed"));
        var present = new ArrayList<>(List.of(town.firmA(), town.firmB(), firmC));
        present.addAll(others.subList(2, 15));
        for (var organisation : present) {
            post(sec, "/api/towns/{t}/meetings/{m}/check-in", slug, meetingId, Map.of("organisationId", organisation, "name", "代表"))
                    .expectStatus().isOk();
        }
        post(sec, "/api/towns/{t}/elections/{id}/ballot/open", slug, id, Map.of()).expectStatus().isEqualTo(409).expectBody()
                .jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith(":quorum-not-met"))
                .jsonPath("$.detail").value(d -> assertThat(d.toString()).contains("16 of 33").contains("17"));
        post(sec, "/api/towns/{t}/meetings/{m}/check-in", slug, meetingId, Map.of("organisationId", others.get(20), "name", "代表"))
                .expectStatus().isOk();
        post("mgr-a-" + slug, "/api/towns/{t}/elections/{id}/ballot/open", slug, id, Map.of()).expectStatus().isForbidden();
        var opened = post(sec, "/api/towns/{t}/elections/{id}/ballot/open", slug, id, Map.of()).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(opened).containsEntry("status", "VOTING").containsEntry("round", 1);
        post(sec, "/api/towns/{t}/elections/{id}/candidates", slug, id, Map.of("personId", mgrA, "organisationId", town.firmA()))
                .expectStatus().isEqualTo(409);

        // Round one: one vote each, a tie; refusals record nothing.
        vote("mgr-a-" + slug, slug, id, town.firmA(), candidateA).expectStatus().isOk().expectBody().jsonPath("$.asDelegate").isEqualTo(false);
        vote("mgr-a-" + slug, slug, id, town.firmA(), candidateB).expectStatus().isEqualTo(409).expectBody().jsonPath("$.type")
                .value(t -> assertThat(t.toString()).endsWith(":already-voted"));
        vote("mgr-a-" + slug, slug, id, town.firmB(), candidateA).expectStatus().isForbidden().expectBody().jsonPath("$.type")
                .value(t -> assertThat(t.toString()).endsWith(":not-entitled-to-vote"));
        vote("staff-c-" + slug, slug, id, firmC, candidateA).expectStatus().isForbidden();
        vote("mgr-d-" + slug, slug, id, firmD, candidateA).expectStatus().isEqualTo(409).expectBody().jsonPath("$.type")
                .value(t -> assertThat(t.toString()).endsWith(":not-present"));
        vote("mgr-b-" + slug, slug, id, town.firmB(), (String) election.get("id")).expectStatus().isEqualTo(409).expectBody().jsonPath("$.type")
                .value(t -> assertThat(t.toString()).endsWith(":candidate-not-standing"));
        vote("mgr-b-" + slug, slug, id, town.firmB(), candidateB).expectStatus().isOk();
        var tie = post(sec, "/api/towns/{t}/elections/{id}/ballot/close", slug, id, Map.of()).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(tie).containsEntry("status", "RUNOFF");
        var round1 = ((List<Map<String, Object>>) tie.get("rounds")).getFirst();
        assertThat(round1).containsEntry("outcome", "TIE").containsEntry("votesCast", 2).containsEntry("present", 17).containsEntry("activeMembers", 33);
        assertThat((List<?>) round1.get("voters")).hasSize(2);
        assertThat((List<?>) round1.get("choices")).as("a secret ballot records who voted, not for whom").isEmpty();
        vote("mgr-a-" + slug, slug, id, town.firmA(), candidateA).expectStatus().isEqualTo(409);

        // Round two: firm C votes through its named delegate; eight concurrent votes of firm B leave one.
        post("staff-c-" + slug, "/api/towns/{t}/elections/{id}/delegates", slug, id, Map.of("organisationId", firmC, "personId", staffC))
                .expectStatus().isForbidden();
        post(sec, "/api/towns/{t}/elections/{id}/delegates", slug, id, Map.of("organisationId", firmC, "personId", mgrA))
                .expectStatus().isEqualTo(409);
        post(sec, "/api/towns/{t}/elections/{id}/delegates", slug, id, Map.of("organisationId", firmC, "personId", staffC)).expectStatus().isOk();
        post(sec, "/api/towns/{t}/elections/{id}/ballot/open", slug, id, Map.of()).expectStatus().isOk().expectBody()
                .jsonPath("$.round").isEqualTo(2);
        vote("mgr-a-" + slug, slug, id, town.firmA(), candidateA).expectStatus().isOk();
        vote("staff-c-" + slug, slug, id, firmC, candidateB).expectStatus().isOk().expectBody().jsonPath("$.asDelegate").isEqualTo(true);
        var statuses = new ArrayList<Integer>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            var futures = new ArrayList<Future<Integer>>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> vote("mgr-b-" + slug, slug, id, town.firmB(), candidateB).returnResult(Map.class).getStatus().value()));
            }
            for (var future : futures) {
                statuses.add(future.get());
            }
        }
        assertThat(statuses).containsOnly(200, 409);
        assertThat(statuses.stream().filter(s -> s == 200)).hasSize(1);

        var decided = post(sec, "/api/towns/{t}/elections/{id}/ballot/close", slug, id, Map.of()).expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat(decided).containsEntry("status", "ELECTED").containsEntry("electedCandidateId", candidateB);
        var round2 = ((List<Map<String, Object>>) decided.get("rounds")).get(1);
        assertThat(round2).containsEntry("outcome", "ELECTED").containsEntry("votesCast", 3);
        assertThat((List<Map<String, Object>>) round2.get("tally")).extracting(c -> c.get("candidateId"), c -> c.get("votes"))
                .containsExactly(org.assertj.core.groups.Tuple.tuple(candidateB, 2), org.assertj.core.groups.Tuple.tuple(candidateA, 1));
        assertThat((List<Map<String, Object>>) round2.get("voters")).filteredOn(v -> firmC.equals(v.get("organisationId")))
                .singleElement().satisfies(v -> assertThat(v).containsEntry("asDelegate", true));

        // The new term starts the day the previous ends; no vote after the close; the result is final.
        var terms = (List<Map<String, Object>>) as(sec).get().uri("/api/towns/{t}/offices/rotating-chair/terms", slug).exchange()
                .expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
        assertThat(terms.getFirst()).containsEntry("personId", mgrB).containsEntry("organisationId", town.firmB())
                .containsEntry("startsOn", previousEnd.toString()).containsEntry("endsOn", previousEnd.plusYears(1).toString())
                .containsEntry("id", decided.get("termId"));
        vote("mgr-a-" + slug, slug, id, town.firmA(), candidateB).expectStatus().isEqualTo(409);
        post(sec, "/api/towns/{t}/elections/{id}/ballot/close", slug, id, Map.of()).expectStatus().isEqualTo(409);
        post(sec, "/api/towns/{t}/elections/{id}/cancel", slug, id, Map.of()).expectStatus().isEqualTo(409);

        // Everyone of the town reads the result; another town's secretariat does not.
        as("op-" + slug).get().uri("/api/towns/{t}/elections/{id}", slug, id).exchange().expectStatus().isOk();
        var other = town();
        as("sec-" + other.slug()).get().uri("/api/towns/{t}/elections/{id}", slug, id).exchange().expectStatus().isForbidden();
        as("sec-" + other.slug()).get().uri("/api/towns/{t}/elections/{id}", other.slug(), id).exchange().expectStatus().isNotFound();
        // Every step is in the audit trail (refusals included).
        var audit = admin().get().uri("/api/platform/audit?town={t}&limit=200", slug).exchange().expectStatus().isOk()
                .expectBody(String.class).returnResult().getResponseBody();
        assertThat(audit).contains("/elections/" + id + "/votes").contains("/ballot/close").contains("/candidates");
    }


    private WebTestClient.ResponseSpec vote(String user, String slug, String election, String organisation, String candidate) {
        return post(user, "/api/towns/{t}/elections/{id}/votes", slug, election, Map.of("organisationId", organisation, "candidateId", candidate));
    }

    private WebTestClient.ResponseSpec answer(String user, String slug, String election, String candidate, String answer) {
        return post(user, "/api/towns/{t}/elections/{id}/candidates/{c}/" + answer, slug, election, candidate, Map.of());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> candidates(WebTestClient.ResponseSpec response) {
        return (List<Map<String, Object>>) response.expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("candidates");
    }

    @SuppressWarnings("unchecked")
    private List<String> reminders(String slug) {
        return ((List<Map<String, Object>>) as("sec-" + slug).get().uri("/api/towns/{t}/offices/reminders", slug).exchange()
                .expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody()).stream().map(r -> (String) r.get("officeCode")).toList();
    }

    @SuppressWarnings("unchecked")
    private String personId(String slug, String username) {
        var people = (List<Map<String, Object>>) as("sec-" + slug).get().uri("/api/towns/{t}/people", slug).exchange()
                .expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
        return (String) people.stream().filter(p -> username.equals(p.get("username"))).findFirst().orElseThrow().get("id");
    }
}
