package org.townalliance.evaluation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.governance.GovernanceFacts;
import org.townalliance.hotline.TicketDirectory;
import org.townalliance.training.TrainingDirectory;
import org.townalliance.identity.TownGrant;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.UUID;

/**
 * The Star Plan: nominations (the secretariat for any member, a member's manager for their own
 * organisation) with evidence resolved and summarised when nominated, the secretariat's review (an award
 * may cite an adopted meeting resolution), and publishing the year's stars for residents.
 */
@RestController
@RequestMapping(path = "/api/towns/{town}/stars", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town: Star Plan", description = "Star firms, teams, managers, employees and cases: nominations, review, publication")
class StarsController {

    record EvidenceRequest(@NotNull Stars.EvidenceKind kind, @Size(max = 100) String reference, @Size(max = 500) String note) {
    }

    record NominationRequest(@NotNull @Min(2000) @Max(2100) Integer year, @NotNull Stars.Category category, @NotNull UUID organisationId,
                             @Size(max = 200) String nomineeName, @Size(max = 64) String personId, @Positive Long ticketNumber,
                             @NotBlank @Size(max = 2000) String citation, @Size(max = 20) List<@Valid @NotNull EvidenceRequest> evidence) {
    }

    record ReviewRequest(@NotNull Stars.Decision decision, @Size(max = 1000) String note, UUID resolutionId) {
    }

    record PublishRequest(@NotBlank @Size(max = 200) String title) {
    }

    record Year(int year, Stars.Publication publication, List<Stars.Nomination> nominations) {
    }

    @GetMapping
    @TownAccess(anyRole = true, platformAdmin = true)
    @Operation(summary = "A year's nominations with their evidence and review, and whether the year is published")
    Mono<Year> year(TownContext town, @RequestParam int year) {
        return Mono.zip(Stars.publication(town.dsl(), year).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty()),
                        Stars.list(town.dsl(), year).collectList())
                .map(t -> new Year(year, t.getT1().orElse(null), t.getT2()));
    }

    @PostMapping(path = "/nominations", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(anyRole = true)
    @Operation(summary = "Nominate for a year and category; evidence (an evaluation period, a ticket, a rating, training, a document) is checked and summarised")
    Mono<ResponseEntity<Stars.Nomination>> nominate(TownContext town, @Valid @RequestBody NominationRequest request) {
        var secretariat = town.caller().grants().stream().anyMatch(g -> g.town().equals(town.slug()) && g.role() == TownRole.SECRETARIAT);
        Mono<Void> entitled = secretariat ? Mono.empty() : AllianceDirectory.organisationIds(town.dsl(), town.caller().grants().stream()
                        .filter(g -> g.town().equals(town.slug()) && g.role() == TownRole.ORG_MANAGER && g.organisation() != null)
                        .map(TownGrant::organisation).toList())
                .flatMap(ids -> ids.contains(request.organisationId()) ? Mono.<Void>empty()
                        : Mono.error(ProblemException.forbidden("not-organisation-manager",
                                "A member's manager nominates for their own organisation; the secretariat for any member.")));
        // A cited ticket is one the nominated organisation handled (the nominator, its manager or the secretariat, reads it).
        var ticket = request.ticketNumber() == null ? Mono.<TicketDirectory.TicketRef>empty()
                : TicketDirectory.byNumber(town.dsl(), request.ticketNumber())
                        .filter(t -> request.organisationId().equals(t.assignedOrganisationId()))
                        .switchIfEmpty(Mono.error(() -> ProblemException.badRequest("ticket-not-found",
                                "No ticket numbered " + request.ticketNumber() + " handled by the nominated organisation.")));
        return entitled.then(Stars.notPublished(town.dsl(), request.year()))
                .then(nominee(town, request))
                .flatMap(name -> Flux.fromIterable(request.evidence() == null ? List.<EvidenceRequest>of() : request.evidence())
                        .concatMap(e -> evidence(town, request.organisationId(), e)).collectList()
                        .flatMap(evidence -> ticket.map(t -> java.util.Optional.of(t.id())).defaultIfEmpty(java.util.Optional.empty())
                                .flatMap(ticketId -> Stars.nominate(town.dsl(), new Stars.Nomination(null, request.year(), request.category(),
                                        request.organisationId(), name, request.personId(), ticketId.orElse(null), request.citation(), "NOMINATED",
                                        town.caller().actor(), secretariat ? null : request.organisationId(), null, null, null, null, null, evidence)))))
                .flatMap(id -> Stars.find(town.dsl(), id))
                .map(nomination -> ResponseEntity.status(HttpStatus.CREATED).body(nomination));
    }

    /** A star firm is a current member of kind FIRM named as itself; the other categories name their nominee within a current member. */
    private static Mono<String> nominee(TownContext town, NominationRequest request) {
        var organisation = request.organisationId();
        if (request.category() == Stars.Category.FIRM) {
            return AllianceDirectory.currentFirmCode(town.dsl(), organisation)
                    .switchIfEmpty(Mono.error(() -> ProblemException.badRequest("invalid-nominee", "A star firm is a current member of kind FIRM.")))
                    .then(AllianceDirectory.organisationNames(town.dsl(), List.of(organisation))).map(names -> names.get(organisation));
        }
        if (request.nomineeName() == null || request.nomineeName().isBlank()) {
            return Mono.error(ProblemException.badRequest("invalid-nominee", "Name the team, person or case nominated."));
        }
        return AllianceDirectory.isCurrentMember(town.dsl(), organisation).flatMap(member -> member ? Mono.just(request.nomineeName().trim())
                : Mono.error(ProblemException.badRequest("invalid-nominee", "The nominee belongs to a current member organisation.")));
    }

    private static Mono<Stars.Evidence> evidence(TownContext town, UUID organisation, EvidenceRequest e) {
        var refused = ProblemException.badRequest("invalid-evidence", "Evidence " + e.kind() + " '" + e.reference() + "' was not found for the nominated organisation.");
        return switch (e.kind()) {
            case EVALUATION -> Mono.fromCallable(() -> Period.parse(e.reference()).label())
                    .flatMap(period -> Runs.list(town.dsl(), period, false).next())
                    .flatMap(run -> Runs.find(town.dsl(), run.id()).flatMap(found -> Mono.justOrEmpty(found.totals().stream()
                            .filter(t -> t.organisationId().equals(organisation) && t.score() != null).findFirst()
                            .map(t -> new Stars.Evidence(e.kind(), run.period(), "%s 年度服务质量评价：总分 %s%s（方案 v%d）".formatted(run.period(),
                                    t.score().stripTrailingZeros().toPlainString(), t.rank() == null ? "，未排名" : "，第 " + t.rank() + " 名", run.schemeVersion()))))))
                    .switchIfEmpty(Mono.error(refused));
            // Tickets and ratings: only those of the nominated organisation, summarised without the resident's words.
            case TICKET -> handledBy(town, organisation, e)
                    .map(t -> new Stars.Evidence(e.kind(), String.valueOf(t.number()), "工单 #" + t.number() + " " + t.summary() + "（" + t.status() + "）"))
                    .switchIfEmpty(Mono.error(refused));
            case RATING -> handledBy(town, organisation, e).flatMap(t -> TicketDirectory.latestRating(town.dsl(), t.number()))
                    .map(r -> new Stars.Evidence(e.kind(), String.valueOf(r.number()), "工单 #" + r.number() + " 居民评价：" + (r.satisfied() ? "满意" : "不满意")
                            + " " + r.score() + " 分"))
                    .switchIfEmpty(Mono.error(refused));
            case TRAINING -> e.reference() != null && !e.reference().isBlank() ? TrainingDirectory.certificate(town.dsl(), e.reference())
                    .switchIfEmpty(Mono.error(refused))
                    .flatMap(c -> !c.valid() ? Mono.error(ProblemException.badRequest("invalid-evidence", "Certificate " + c.code() + " was revoked."))
                            : !c.organisationId().equals(organisation) ? Mono.error(ProblemException.badRequest("invalid-evidence",
                                    "Certificate " + c.code() + " was earned for another organisation."))
                            : Mono.just(new Stars.Evidence(e.kind(), c.code(), "培训证书 %s：%s，「%s」%s，%s 学时（%s 颁发）".formatted(c.code(), c.holderName(),
                                    c.programmeTitle(), c.sessionName(), c.hours().stripTrailingZeros().toPlainString(), c.issuedOn()))))
                    : describedOnly(e);
            case DOCUMENT -> describedOnly(e);
        };
    }

    private static Mono<TicketDirectory.TicketRef> handledBy(TownContext town, UUID organisation, EvidenceRequest e) {
        return number(e).flatMap(n -> TicketDirectory.byNumber(town.dsl(), n)).filter(t -> organisation.equals(t.assignedOrganisationId()));
    }

    /** Evidence the platform cannot check (a document, training elsewhere): the nominator's description, as given. */
    private static Mono<Stars.Evidence> describedOnly(EvidenceRequest e) {
        return e.note() == null || e.note().isBlank()
                ? Mono.error(ProblemException.badRequest("invalid-evidence", "Describe the " + e.kind().name().toLowerCase() + " evidence."))
                : Mono.just(new Stars.Evidence(e.kind(), e.reference(), e.note().trim()));
    }

    private static Mono<Long> number(EvidenceRequest e) {
        try {
            return Mono.just(Long.parseLong(String.valueOf(e.reference()).replace("#", "").trim()));
        } catch (NumberFormatException notANumber) {
            return Mono.empty();
        }
    }

    @PostMapping(path = "/nominations/{nominationId}/review", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Shortlist, reject or award; an award may cite the adopted meeting resolution that voted it")
    Mono<Stars.Nomination> review(TownContext town, @PathVariable UUID nominationId, @Valid @RequestBody ReviewRequest request) {
        Mono<String> resolution = request.resolutionId() == null ? Mono.just("")
                : GovernanceFacts.resolution(town.dsl(), request.resolutionId())
                        .switchIfEmpty(Mono.error(() -> ProblemException.badRequest("resolution-not-found", "No such meeting resolution in this town.")))
                        .flatMap(r -> r.adopted() ? Mono.just("%s：%s（赞成 %d，反对 %d，弃权 %d）".formatted(r.meetingTitle(), r.text(), r.votesFor(),
                                r.votesAgainst(), r.abstentions()))
                                : Mono.error(ProblemException.conflict("resolution-not-adopted", "That resolution was not adopted.")));
        return Stars.find(town.dsl(), nominationId).flatMap(nomination -> resolution.flatMap(summary -> Stars.review(town.dsl(), nominationId,
                        nomination.year(), request.decision(), request.note(), request.resolutionId(), summary.isEmpty() ? null : summary,
                        town.caller().actor())))
                .then(Stars.find(town.dsl(), nominationId));
    }

    @PostMapping(path = "/years/{year}/publish", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Publish the year's awarded stars for residents; the year takes no changes after")
    Mono<Year> publish(TownContext town, @PathVariable int year, @Valid @RequestBody PublishRequest request) {
        if (year < 2000 || year > 2100) {
            return Mono.error(ProblemException.badRequest("invalid-year", "A year between 2000 and 2100."));
        }
        return Stars.publish(town.dsl(), year, request.title(), town.caller().actor()).then(year(town, year));
    }
}
