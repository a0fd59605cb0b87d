package org.townalliance.hotline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.DispatchRuleRecord;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.DISPATCH_RULE;

/** The town's automatic dispatch rules (see {@link DispatchRules} for which one applies). */
@RestController
@RequestMapping(path = "/api/towns/{town}/hotline/dispatch-rules", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town: hotline settings")
class DispatchRulesController {

    record Rule(UUID id, String categoryCode, UUID estateId, UUID organisationId, String createdBy, OffsetDateTime createdAt) {
    }

    record NewRule(@Size(max = 40) String categoryCode, UUID estateId, UUID organisationId) {
    }

    @GetMapping
    @TownAccess(anyRole = true)
    Mono<List<Rule>> list(TownContext town) {
        return Flux.from(town.dsl().selectFrom(DISPATCH_RULE).orderBy(DISPATCH_RULE.CREATED_AT)).map(DispatchRulesController::view).collectList();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Dispatch at intake by category and/or estate; without organisation, to the estate's managing firm of the day")
    Mono<Rule> create(TownContext town, @Valid @RequestBody NewRule rule) {
        if (rule.categoryCode() == null && rule.estateId() == null) {
            return Mono.error(ProblemException.badRequest("dispatch-rule-scope", "A rule names a category, an estate or both."));
        }
        if (rule.organisationId() == null && rule.estateId() == null) {
            return Mono.error(ProblemException.badRequest("dispatch-rule-target",
                    "A rule for a category in every estate names the organisation to dispatch to."));
        }
        var category = rule.categoryCode() == null ? Mono.<Void>empty() : Tickets.activeCategory(town.dsl(), rule.categoryCode())
                .switchIfEmpty(Mono.error(() -> ProblemException.badRequest("unknown-category", "No active category " + rule.categoryCode() + ".")))
                .then();
        var member = rule.organisationId() == null ? Mono.<Void>empty() : AllianceDirectory.isCurrentMember(town.dsl(), rule.organisationId())
                .flatMap(ok -> ok ? Mono.<Void>empty() : Mono.error(ProblemException.badRequest("not-a-member", "Rules dispatch to current members only.")));
        return category.then(member).then(Reactive.one(town.dsl().insertInto(DISPATCH_RULE)
                        .set(DISPATCH_RULE.CATEGORY_CODE, rule.categoryCode())
                        .set(DISPATCH_RULE.ESTATE_ID, rule.estateId())
                        .set(DISPATCH_RULE.ORGANISATION_ID, rule.organisationId())
                        .set(DISPATCH_RULE.CREATED_BY, town.caller().actor())
                        .onConflictDoNothing().returning()))
                .switchIfEmpty(Mono.error(() -> ProblemException.conflict("dispatch-rule-exists", "A rule for this category and estate exists.")))
                .map(DispatchRulesController::view);
    }

    @DeleteMapping("/{ruleId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @TownAccess(TownRole.SECRETARIAT)
    Mono<Void> delete(TownContext town, @PathVariable UUID ruleId) {
        return Reactive.one(town.dsl().deleteFrom(DISPATCH_RULE).where(DISPATCH_RULE.ID.eq(ruleId)))
                .flatMap(deleted -> deleted == 0 ? Mono.error(ProblemException.notFound("dispatch-rule-not-found", "No such rule.")) : Mono.empty());
    }

    private static Rule view(DispatchRuleRecord r) {
        return new Rule(r.getId(), r.getCategoryCode(), r.getEstateId(), r.getOrganisationId(), r.getCreatedBy(), r.getCreatedAt());
    }
}
