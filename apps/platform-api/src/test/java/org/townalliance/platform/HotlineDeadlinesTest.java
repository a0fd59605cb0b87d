package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.townalliance.hotline.DeadlineTimers;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Deadlines from the town's rules, timers fired with a controlled clock (the test passes the instant to
 * {@link DeadlineTimers#fireDue}), once however many pollers race, and without effect once the deadline
 * has moved on; the overdue list; automatic dispatch by town rule.
 */
class HotlineDeadlinesTest extends HotlineTest {

    @Autowired
    DeadlineTimers timers;

    private Map<String, Object> urgentLiftFailure(Town town) {
        return as("op-" + town.slug()).post().uri("/api/towns/{t}/tickets", town.slug()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "SERVICE_REQUEST", "channel", "PHONE", "categoryCode", "repairs-elevator", "estateId", town.estateId(),
                        "priority", "URGENT", "description", "电梯困人"))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
    }

    private long events(Town town, Object ticketId, String action) {
        return count("select count(*) from " + schema(town) + ".ticket_event where ticket_id = '" + ticketId + "' and action = '" + action + "'");
    }

    @Test
    void deadlinesComeFromTheMostSpecificRuleAndABreachEscalatesOnceHoweverManyPollersRace() {
        var town = town();
        var before = Instant.now();
        var ticket = urgentLiftFailure(town);
        var id = ticket.get("id");
        // Seeded rules: URGENT resolves in 120 min (more specific than the lift's 240 min rule).
        var resolveBy = OffsetDateTime.parse((String) ticket.get("resolveDueAt")).toInstant();
        assertThat(Duration.between(before, resolveBy).toMinutes()).isBetween(119L, 120L);
        act("op-" + town.slug(), town, id, "dispatch", Map.of("organisationId", town.firmA())).expectStatus().isOk()
                .expectBody().jsonPath("$.acceptDueAt").exists().jsonPath("$.overdue").isEqualTo(false);

        // Nothing is due yet.
        timers.fireDue(Instant.now()).block();
        assertThat(events(town, id, "ESCALATE")).isZero();

        // 11 minutes later the URGENT accept deadline (10 min) has passed: four pollers race, one escalation.
        var later = Instant.now().plus(Duration.ofMinutes(11));
        Flux.range(0, 4).parallel(4).runOn(Schedulers.boundedElastic()).flatMap(i -> timers.fireDue(later)).sequential().blockLast();
        assertThat(events(town, id, "ESCALATE")).isEqualTo(1);
        var escalated = as("op-" + town.slug()).get().uri("/api/towns/{t}/tickets/{id}", town.slug(), id).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat(escalated.get("overdue")).isEqualTo(false); // the wall clock has not reached the deadline yet
        assertThat(escalated.get("timeline").toString()).contains("超时未接单");

        // The firm accepts and resolves in time: the resolve timers later fire without effect.
        act("mgr-a-" + town.slug(), town, id, "accept", Map.of()).expectStatus().isOk();
        act("mgr-a-" + town.slug(), town, id, "resolve", Map.of("note", "已解救")).expectStatus().isOk();
        timers.fireDue(Instant.now().plus(Duration.ofHours(3))).block();
        assertThat(events(town, id, "ESCALATE")).isEqualTo(1);
        assertThat(events(town, id, "DEADLINE_WARNING")).isZero();
        assertThat(count("select count(*) from platform.hotline_timer where ticket_id = '" + id + "' and fired_at is null")).isZero();
    }

    @Test
    void aWarningComesBeforeTheResolveDeadlineAndTheBreachShowsInTheOverdueList() {
        var town = town();
        var id = urgentLiftFailure(town).get("id");
        // 80 % of 120 minutes: the warning at 96 minutes, the breach at 120.
        assertThat(timers.fireDue(Instant.now().plus(Duration.ofMinutes(100))).block()).isPositive();
        assertThat(events(town, id, "DEADLINE_WARNING")).isEqualTo(1);
        assertThat(events(town, id, "ESCALATE")).isZero();
        timers.fireDue(Instant.now().plus(Duration.ofMinutes(121))).block();
        assertThat(events(town, id, "ESCALATE")).isEqualTo(1);

        // The overdue list is the wall clock's: move this ticket's deadline into the past as time would.
        sql("update " + schema(town) + ".ticket set resolve_due_at = now() - interval '1 minute' where id = '" + id + "'");
        var overdue = as("op-" + town.slug()).get().uri("/api/towns/{t}/tickets?overdue=true", town.slug()).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        assertThat((List<?>) overdue.get("items")).hasSize(1);
        assertThat(((Map<?, ?>) ((List<?>) overdue.get("items")).getFirst()).get("overdue")).isEqualTo(true);
        as("op-" + town.slug()).get().uri("/api/towns/{t}/tickets?overdue=false", town.slug()).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.items.length()").isEqualTo(0);
    }

    @Test
    void townRulesDispatchAtIntakeAndSecretariatSetsTheRules() {
        var town = town();
        var secretariat = as("sec-" + town.slug());
        // Lift failures go to the estate's managing firm of the day.
        secretariat.post().uri("/api/towns/{t}/hotline/dispatch-rules", town.slug()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("categoryCode", "repairs-elevator")).exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:dispatch-rule-target");
        secretariat.post().uri("/api/towns/{t}/hotline/dispatch-rules", town.slug()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("categoryCode", "repairs", "estateId", town.estateId())).exchange().expectStatus().isCreated();
        as("op-" + town.slug()).post().uri("/api/towns/{t}/hotline/dispatch-rules", town.slug()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("categoryCode", "repairs", "estateId", town.estateId())).exchange().expectStatus().isForbidden();
        var ticket = urgentLiftFailure(town);
        assertThat(ticket.get("status")).isEqualTo("DISPATCHED");
        assertThat(ticket.get("assignedOrganisationId")).isEqualTo(town.firmA());
        assertThat(ticket.get("acceptDueAt")).isNotNull();
        assertThat(ticket.get("timeline").toString()).contains("dispatch-rule");

        // Deadline rules are replaced whole and need a default rule.
        secretariat.put().uri("/api/towns/{t}/hotline/deadline-rules", town.slug()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("priority", "URGENT", "acceptMinutes", 5, "resolveMinutes", 60))).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:default-deadline-rule-required");
        secretariat.put().uri("/api/towns/{t}/hotline/deadline-rules", town.slug()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("acceptMinutes", 0, "resolveMinutes", 60))).exchange().expectStatus().isBadRequest();
        secretariat.put().uri("/api/towns/{t}/hotline/deadline-rules", town.slug()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("acceptMinutes", 60, "resolveMinutes", 600),
                        Map.of("categoryCode", "no-such", "acceptMinutes", 5, "resolveMinutes", 60))).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:unknown-category");
        secretariat.put().uri("/api/towns/{t}/hotline/deadline-rules", town.slug()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(List.of(Map.of("acceptMinutes", 60, "resolveMinutes", 600))).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(1);
        var before = Instant.now();
        var next = urgentLiftFailure(town);
        assertThat(Duration.between(before, OffsetDateTime.parse((String) next.get("resolveDueAt")).toInstant()).toMinutes()).isBetween(599L, 600L);

        // The working calendar: Monday to Friday by default; replaced whole, validated.
        secretariat.get().uri("/api/towns/{t}/hotline/working-calendar", town.slug()).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.weekly.length()").isEqualTo(5);
        secretariat.put().uri("/api/towns/{t}/hotline/working-calendar", town.slug()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("weekly", List.of(Map.of("dayOfWeek", 1, "startsAt", "18:00", "endsAt", "09:00")), "days", List.of()))
                .exchange().expectStatus().isBadRequest();
        secretariat.put().uri("/api/towns/{t}/hotline/working-calendar", town.slug()).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("weekly", List.of(Map.of("dayOfWeek", 1, "startsAt", "09:00", "endsAt", "17:00")),
                        "days", List.of(Map.of("day", "2027-01-01", "working", false, "note", "元旦"))))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.days[0].note").isEqualTo("元旦");
    }
}
