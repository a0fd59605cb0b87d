package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.townalliance.testkit.TestStack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alliance's offices against real PostgreSQL and Keycloak: the rotating chair must head a current
 * member firm, the secretary-general must be of the secretariat, terms of a single-holder office never
 * overlap (also under concurrent requests), one person chairs one town at a time, and "who held office
 * on date D" answers from the history.
 */
class GovernanceOfficesTest extends HotlineTest {

    @Test
    void theChairHeadsAMemberFirmAndTheHistoryAnswersWhoHeldOfficeOnADay() {
        var town = town();
        var slug = town.slug();
        var manager = personId(slug, "mgr-a-" + slug);
        var chair = record(slug, "rotating-chair", Map.of("personId", manager, "organisationId", town.firmA(), "startsOn", "2026-01-01"))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(chair).containsEntry("endsOn", "2027-01-01").containsEntry("organisationId", town.firmA());

        assertThat(holders(slug, "2026-06-01", "rotating-chair")).extracting(h -> h.get("personId")).containsExactly(manager);
        assertThat(holders(slug, "2025-12-31", "rotating-chair")).isEmpty();
        assertThat(holders(slug, "2027-01-01", "rotating-chair")).isEmpty();

        // Refusals, none of which records anything.
        record(slug, "rotating-chair", Map.of("personId", manager, "organisationId", town.firmA(), "startsOn", "2026-12-01"))
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith(":term-overlap"));
        var staff = personId(slug, "staff-b-" + slug);
        record(slug, "rotating-chair", Map.of("personId", staff, "organisationId", town.firmB(), "startsOn", "2027-01-01"))
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith(":not-eligible"));
        record(slug, "rotating-chair", Map.of("personId", manager, "organisationId", town.firmB(), "startsOn", "2027-01-01"))
                .expectStatus().isEqualTo(409);
        record(slug, "rotating-chair", Map.of("personId", manager, "startsOn", "2027-01-01"))
                .expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        record(slug, "rotating-chair", Map.of("personId", "not-a-person", "startsOn", "2027-01-01")).expectStatus().isBadRequest();
        record(slug, "no-such-office", Map.of("personId", manager, "startsOn", "2027-01-01")).expectStatus().isNotFound();
        record(slug, "rotating-chair", Map.of("personId", manager, "organisationId", town.firmA(), "startsOn", "2027-01-01",
                "endsOn", "2026-06-01")).expectStatus().isBadRequest();
        assertThat(terms(slug, "rotating-chair")).hasSize(1);

        // The secretary-general is a person of the secretariat.
        record(slug, "secretary-general", Map.of("personId", personId(slug, "op-" + slug), "startsOn", "2026-01-01"))
                .expectStatus().isEqualTo(409);
        record(slug, "secretary-general", Map.of("personId", personId(slug, "sec-" + slug), "startsOn", "2026-01-01"))
                .expectStatus().isCreated();

        // The chair's term ends within 60 days with no successor: the secretariat is reminded.
        var reminders = as("sec-" + slug).get().uri("/api/towns/{t}/offices/reminders", slug).exchange()
                .expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
        assertThat(reminders).extracting(r -> ((Map<?, ?>) r).get("officeCode")).contains("rotating-chair");
        // ... and told so in the console, once (issue 21: the reminders' loop runs every few seconds here, hourly in production).
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() -> assertThat((List<Map<String, Object>>)
                as("sec-" + slug).get().uri("/api/me/notifications").exchange().expectBody(Map.class).returnResult().getResponseBody().get("items"))
                .filteredOn(n -> "TERM_ENDING".equals(n.get("kind"))).singleElement()
                .satisfies(n -> assertThat((String) n.get("body")).contains("2027-01-01")));

        // Ended early: the history keeps the shortened term.
        as("sec-" + slug).post().uri("/api/towns/{t}/offices/rotating-chair/terms/{id}/end", slug, chair.get("id"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("endsOn", "2026-07-01", "note", "辞任")).exchange()
                .expectStatus().isOk();
        assertThat(holders(slug, "2026-08-01", "rotating-chair")).isEmpty();
        assertThat(terms(slug, "rotating-chair").getFirst()).containsEntry("endsOn", "2026-07-01");

        // Only the secretariat records terms; another town's secretariat is refused.
        record(slug, "convener", Map.of("personId", manager, "startsOn", "2026-01-01"), "op-" + slug).expectStatus().isForbidden();
        var other = town();
        record(slug, "convener", Map.of("personId", manager, "startsOn", "2026-01-01"), "sec-" + other.slug()).expectStatus().isForbidden();
    }

    @Test
    void onePersonChairsOneTownAtATimeAndConcurrentTermsCannotBothLand() throws Exception {
        var first = town();
        var second = town();
        var both = "chair-both-" + first.slug();
        TestStack.users().user(both, "/towns/" + first.slug() + "/orgs/" + FIRM_A + "/managers",
                "/towns/" + second.slug() + "/orgs/" + FIRM_A + "/managers");
        var person = personId(first.slug(), both);
        record(first.slug(), "rotating-chair", Map.of("personId", person, "organisationId", first.firmA(), "startsOn", "2026-01-01"))
                .expectStatus().isCreated();
        record(second.slug(), "rotating-chair", Map.of("personId", person, "organisationId", second.firmA(), "startsOn", "2026-06-01"))
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith(":chair-elsewhere"));
        record(second.slug(), "rotating-chair", Map.of("personId", person, "organisationId", second.firmA(), "startsOn", "2027-01-01"))
                .expectStatus().isCreated();

        // Eight concurrent attempts at the same period of one office: exactly one term is recorded.
        var manager = personId(second.slug(), "mgr-a-" + second.slug());
        var statuses = new ArrayList<Integer>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            var futures = new ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> record(second.slug(), "rotating-chair", Map.of("personId", manager,
                        "organisationId", second.firmA(), "startsOn", "2026-01-01")).returnResult(Map.class).getStatus().value()));
            }
            for (var future : futures) {
                statuses.add(future.get());
            }
        }
        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses.stream().filter(s -> s == 201)).hasSize(1);
        assertThat(terms(second.slug(), "rotating-chair")).hasSize(2);
    }

    @Test
    void theSecretariatKeepsTheTownsListOfOffices() {
        var town = town();
        var slug = town.slug();
        var deputy = Map.of("code", "deputy-secretary-general", "nameZh", "副秘书长", "nameEn", "Deputy secretary-general",
                "holderRule", "SECRETARIAT_PERSON", "singleHolder", true, "termMonths", 24, "sortOrder", 35);
        define(slug, deputy).expectStatus().isCreated().expectBody().jsonPath("$[?(@.code == 'deputy-secretary-general')].termMonths").isEqualTo(24);
        define(slug, deputy).expectStatus().isEqualTo(409).expectBody().jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith(":office-exists"));
        var bad = new HashMap<String, Object>(deputy);
        bad.put("code", "Deputy SG");
        define(slug, bad).expectStatus().isBadRequest().expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        bad.put("code", "x-office");
        bad.put("termMonths", 0);
        define(slug, bad).expectStatus().isBadRequest();
        as("op-" + slug).post().uri("/api/towns/{t}/offices", slug).contentType(MediaType.APPLICATION_JSON).bodyValue(deputy).exchange()
                .expectStatus().isForbidden();

        // The new office takes terms; renaming it is fine, changing who may hold it is not once it has terms.
        record(slug, "deputy-secretary-general", Map.of("personId", personId(slug, "sec-" + slug), "startsOn", "2026-01-01"))
                .expectStatus().isCreated().expectBody().jsonPath("$.endsOn").isEqualTo("2028-01-01");
        var renamed = new HashMap<String, Object>(deputy);
        renamed.put("nameZh", "常务副秘书长");
        redefine(slug, renamed).expectStatus().isOk();
        renamed.put("holderRule", "ANY_PERSON");
        redefine(slug, renamed).expectStatus().isEqualTo(409).expectBody().jsonPath("$.type").value(t -> assertThat(t.toString()).endsWith(":office-in-use"));
        var chair = new HashMap<String, Object>(deputy);
        chair.put("code", "rotating-chair");
        chair.put("holderRule", "ANY_PERSON");
        as("sec-" + slug).put().uri("/api/towns/{t}/offices/rotating-chair", slug).contentType(MediaType.APPLICATION_JSON).bodyValue(chair).exchange()
                .expectStatus().isBadRequest();
        assertThat(holders(slug, "2026-06-01", "deputy-secretary-general")).extracting(h -> h.get("personName")).hasSize(1);
    }

    private WebTestClient.ResponseSpec define(String slug, Map<String, ?> body) {
        return as("sec-" + slug).post().uri("/api/towns/{t}/offices", slug).contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec redefine(String slug, Map<String, ?> body) {
        return as("sec-" + slug).put().uri("/api/towns/{t}/offices/{c}", slug, body.get("code")).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body).exchange();
    }

    private WebTestClient.ResponseSpec record(String slug, String office, Map<String, ?> body) {
        return record(slug, office, body, "sec-" + slug);
    }

    private WebTestClient.ResponseSpec record(String slug, String office, Map<String, ?> body, String user) {
        return as(user).post().uri("/api/towns/{t}/offices/{o}/terms", slug, office).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new HashMap<>(body)).exchange();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> holders(String slug, String day, String office) {
        var offices = (List<Map<String, Object>>) as("sec-" + slug).get().uri("/api/towns/{t}/offices?on={d}", slug, day).exchange()
                .expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
        return (List<Map<String, Object>>) offices.stream().filter(o -> office.equals(o.get("code"))).findFirst().orElseThrow().get("holders");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> terms(String slug, String office) {
        return as("sec-" + slug).get().uri("/api/towns/{t}/offices/{o}/terms", slug, office).exchange()
                .expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private String personId(String slug, String username) {
        var people = (List<Map<String, Object>>) as("sec-" + slug).get().uri("/api/towns/{t}/people", slug).exchange()
                .expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
        return (String) people.stream().filter(p -> username.equals(p.get("username"))).findFirst().orElseThrow().get("id");
    }
}
