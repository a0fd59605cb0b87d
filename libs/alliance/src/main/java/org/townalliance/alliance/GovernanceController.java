package org.townalliance.alliance;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.jooq.DSLContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.townalliance.db.jooq.platform.Tables.ORGANISATION;
import static org.townalliance.db.jooq.town.Tables.GOVERNANCE_ACTIVITY;
import static org.townalliance.db.jooq.town.Tables.GOVERNANCE_PARTICIPATION;

/**
 * Community governance (参与社区治理): activities such as garbage sorting or group-rental remediation,
 * with the member organisations that took part, how many people and how many hours: the quality
 * evaluation's "governance participation" indicator reads these.
 */
@RestController
@RequestMapping(path = "/api/towns/{town}/governance-activities", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town: community governance")
class GovernanceController {

    private final GovernanceActivities governance;

    GovernanceController(GovernanceActivities activities) {
        this.governance = activities;
    }

    enum Topic { GARBAGE_SORTING, SAFETY, GROUP_RENTAL, ILLEGAL_CONSTRUCTION, OTHER }

    record Participation(@NotNull UUID organisationId, @Min(1) @Max(10000) int people,
                         @NotNull @DecimalMin("0.5") @DecimalMax("100000") BigDecimal hours) {
    }

    record ActivityRequest(@NotNull Topic topic, @NotBlank @Size(max = 200) String title, @NotNull LocalDate heldOn,
                           UUID estateId, @Size(max = 2000) String description,
                           @NotEmpty @Size(max = 200) List<@Valid @NotNull Participation> participants) {
    }

    record ParticipantView(UUID organisationId, String nameZh, int people, BigDecimal hours) {
    }

    record Activity(UUID id, Topic topic, String title, LocalDate heldOn, UUID estateId, String description,
                    List<ParticipantView> participants) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Record a governance activity and its participating members (current members only)")
    Mono<ResponseEntity<Activity>> record(TownContext town, @Valid @RequestBody ActivityRequest request) {
        return governance.record(town, request)
                .flatMap(id -> list(town.dsl(), null, null).filter(a -> a.id().equals(id)).next())
                .map(activity -> ResponseEntity.status(HttpStatus.CREATED).body(activity));
    }

    @GetMapping
    @TownAccess(anyRole = true, platformAdmin = true)
    Flux<Activity> activities(TownContext town, @RequestParam(required = false) LocalDate from,
                              @RequestParam(required = false) LocalDate to) {
        return list(town.dsl(), from, to);
    }

    private static Flux<Activity> list(DSLContext town, LocalDate from, LocalDate to) {
        var condition = org.jooq.impl.DSL.noCondition();
        if (from != null) {
            condition = condition.and(GOVERNANCE_ACTIVITY.HELD_ON.ge(from));
        }
        if (to != null) {
            condition = condition.and(GOVERNANCE_ACTIVITY.HELD_ON.le(to));
        }
        return Flux.from(town.select(GOVERNANCE_ACTIVITY.fields())
                        .select(GOVERNANCE_PARTICIPATION.ORGANISATION_ID, GOVERNANCE_PARTICIPATION.PEOPLE, GOVERNANCE_PARTICIPATION.HOURS,
                                ORGANISATION.NAME_ZH)
                        .from(GOVERNANCE_ACTIVITY)
                        .join(GOVERNANCE_PARTICIPATION).on(GOVERNANCE_PARTICIPATION.ACTIVITY_ID.eq(GOVERNANCE_ACTIVITY.ID))
                        .join(ORGANISATION).on(ORGANISATION.ID.eq(GOVERNANCE_PARTICIPATION.ORGANISATION_ID))
                        .where(condition)
                        .orderBy(GOVERNANCE_ACTIVITY.HELD_ON.desc(), GOVERNANCE_ACTIVITY.ID, ORGANISATION.NAME_ZH))
                .bufferUntilChanged(r -> r.get(GOVERNANCE_ACTIVITY.ID))
                .map(rows -> {
                    var first = rows.getFirst();
                    return new Activity(first.get(GOVERNANCE_ACTIVITY.ID), Topic.valueOf(first.get(GOVERNANCE_ACTIVITY.TOPIC)),
                            first.get(GOVERNANCE_ACTIVITY.TITLE), first.get(GOVERNANCE_ACTIVITY.HELD_ON),
                            first.get(GOVERNANCE_ACTIVITY.ESTATE_ID), first.get(GOVERNANCE_ACTIVITY.DESCRIPTION),
                            rows.stream().map(r -> new ParticipantView(r.get(GOVERNANCE_PARTICIPATION.ORGANISATION_ID),
                                    r.get(ORGANISATION.NAME_ZH), r.get(GOVERNANCE_PARTICIPATION.PEOPLE),
                                    r.get(GOVERNANCE_PARTICIPATION.HOURS))).toList());
                });
    }
}
