package org.townalliance.mediation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
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
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.audit.AuditTrail;
import org.townalliance.db.jooq.town.tables.records.MediationCaseRecord;
import org.townalliance.hotline.TicketDirectory;
import org.townalliance.identity.TownGrant;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Property-dispute mediation. The secretariat opens a case between residents and a member firm, names the
 * mediator (itself or a legal-service agency that is a member); sessions, the outcome and the follow-up of an
 * agreement are recorded by the mediator or the secretariat. Confidential: only the secretariat, the mediating
 * agency and the firm party read a case (anyone else: "no such case"), and **every read is audited**.
 */
@RestController
@RequestMapping(path = "/api/towns/{town}/mediation/cases", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town: dispute mediation", description = "Confidential mediation cases between residents and member firms")
class MediationController {

    enum Outcome { AGREED, FAILED, WITHDRAWN }

    record CaseRequest(@NotBlank @Size(max = 200) String title, UUID estateId, @NotNull UUID firmOrganisationId,
                       @NotBlank @Size(max = 200) String residentParty, @Size(max = 100) String residentContact,
                       @NotBlank @Size(max = 4000) String subject, UUID mediatorOrganisationId, @NotBlank @Size(max = 100) String mediatorName,
                       @Size(max = 20) List<@NotNull @Positive Long> ticketNumbers) {
    }

    record SessionRequest(@NotNull LocalDate heldOn, @NotBlank @Size(max = 1000) String attendees, @NotBlank @Size(max = 10000) String notes) {
    }

    record OutcomeRequest(@NotNull Outcome outcome, @Size(max = 4000) String terms, @Size(max = 200) String referredTo,
                          @Size(max = 2000) String note, LocalDate followUpOn) {
    }

    record FollowUpRequest(@NotBlank @Size(max = 2000) String result, @NotNull Boolean kept) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Open a case: the parties, the estate, the subject, linked tickets (by number) and the mediator")
    Mono<ResponseEntity<Cases.Case>> open(TownContext town, @Valid @RequestBody CaseRequest request, ServerWebExchange exchange) {
        var numbers = request.ticketNumbers() == null ? List.<Long>of() : request.ticketNumbers();
        Mono<Boolean> mediator = request.mediatorOrganisationId() == null ? Mono.just(true)
                : AllianceDirectory.isCurrentMember(town.dsl(), request.mediatorOrganisationId());
        return Mono.zip(AllianceDirectory.isCurrentMember(town.dsl(), request.firmOrganisationId()), mediator)
                .flatMap(t -> t.getT1() && t.getT2() ? Flux.fromIterable(numbers).concatMap(n -> TicketDirectory.byNumber(town.dsl(), n)
                                .switchIfEmpty(Mono.error(() -> ProblemException.badRequest("ticket-not-found", "No ticket numbered " + n + " in this town."))))
                        .map(TicketDirectory.TicketRef::id).collectList()
                        : Mono.error(ProblemException.badRequest("invalid-organisation", "The firm party and a mediating agency are current members.")))
                .flatMap(tickets -> {
                    var values = new MediationCaseRecord();
                    values.setTitle(request.title());
                    values.setEstateId(request.estateId());
                    values.setFirmOrganisationId(request.firmOrganisationId());
                    values.setResidentParty(request.residentParty());
                    values.setResidentContact(request.residentContact());
                    values.setSubject(request.subject());
                    values.setMediatorOrganisationId(request.mediatorOrganisationId());
                    values.setMediatorName(request.mediatorName());
                    values.setOpenedBy(town.caller().actor());
                    return Cases.open(town.dsl(), values, tickets);
                })
                .flatMap(id -> read(town, exchange, id))
                .map(c -> ResponseEntity.status(HttpStatus.CREATED).body(c));
    }

    @GetMapping
    @TownAccess(anyRole = true)
    @Operation(summary = "The cases I may read (audited)")
    Mono<List<Cases.Case>> cases(TownContext town, ServerWebExchange exchange) {
        return reader(town).flatMap(reader -> Cases.visible(town.dsl(), reader).collectList())
                .doOnNext(list -> audited(exchange, town, "mediation cases listed (" + list.size() + ")"));
    }

    @GetMapping("/{caseId}")
    @TownAccess(anyRole = true)
    @Operation(summary = "A case with its sessions (audited; parties other than the firm and the mediator get 404)")
    Mono<Cases.Case> find(TownContext town, @PathVariable UUID caseId, ServerWebExchange exchange) {
        return read(town, exchange, caseId);
    }

    @PostMapping(path = "/{caseId}/sessions", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(anyRole = true)
    @Operation(summary = "Record a session (the mediator or the secretariat)")
    Mono<Cases.Case> session(TownContext town, @PathVariable UUID caseId, @Valid @RequestBody SessionRequest request, ServerWebExchange exchange) {
        return reader(town).flatMap(reader -> Cases.mediated(town.dsl(), caseId, reader))
                .flatMap(c -> "OPEN".equals(c.getStatus()) ? Cases.session(town.dsl(), caseId, request.heldOn(), request.attendees(), request.notes(),
                        town.caller().actor()) : Mono.error(ProblemException.conflict("case-closed", "The case already has its outcome.")))
                .then(read(town, exchange, caseId));
    }

    @PostMapping(path = "/{caseId}/outcome", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(anyRole = true)
    @Operation(summary = "The outcome: an agreement (its terms and the day to check it is kept), failed (referred where), or withdrawn")
    Mono<Cases.Case> outcome(TownContext town, @PathVariable UUID caseId, @Valid @RequestBody OutcomeRequest request, ServerWebExchange exchange) {
        if (request.outcome() == Outcome.AGREED && (request.terms() == null || request.terms().isBlank() || request.followUpOn() == null)) {
            return Mono.error(ProblemException.badRequest("invalid-outcome", "An agreement states its terms and the day to check it is kept."));
        }
        return reader(town).flatMap(reader -> Cases.mediated(town.dsl(), caseId, reader))
                .then(Cases.close(town.dsl(), caseId, request.outcome().name(), request.terms(), request.referredTo(), request.note(),
                        request.outcome() == Outcome.AGREED ? request.followUpOn() : null))
                .then(read(town, exchange, caseId));
    }

    @PostMapping(path = "/{caseId}/follow-up", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(anyRole = true)
    @Operation(summary = "The follow-up check of an agreement: what was found and whether it is kept")
    Mono<Cases.Case> followUp(TownContext town, @PathVariable UUID caseId, @Valid @RequestBody FollowUpRequest request, ServerWebExchange exchange) {
        return reader(town).flatMap(reader -> Cases.mediated(town.dsl(), caseId, reader))
                .then(Cases.followUp(town.dsl(), caseId, request.result(), request.kept()))
                .then(read(town, exchange, caseId));
    }

    private Mono<Cases.Case> read(TownContext town, ServerWebExchange exchange, UUID caseId) {
        return reader(town).flatMap(reader -> Cases.find(town.dsl(), caseId, reader))
                .doOnNext(c -> audited(exchange, town, "mediation case #" + c.number() + " read"));
    }

    /** Confidential reads go into the audit trail with the platform's other privileged reads. */
    private static void audited(ServerWebExchange exchange, TownContext town, String what) {
        exchange.getAttributes().put(AuditTrail.PRIVILEGED_ACCESS, what + " in " + town.slug());
    }

    private static Mono<Cases.Reader> reader(TownContext town) {
        // Not even the platform admin: confidentiality is the parties' and the mediator's.
        var secretariat = town.caller().grants().stream().anyMatch(g -> g.town().equals(town.slug()) && g.role() == TownRole.SECRETARIAT);
        if (secretariat) {
            return Mono.just(new Cases.Reader(true, Set.of()));
        }
        var codes = town.caller().grants().stream().filter(g -> g.town().equals(town.slug()) && g.organisation() != null)
                .map(TownGrant::organisation).toList();
        return AllianceDirectory.organisationIds(town.dsl(), codes).map(ids -> new Cases.Reader(false, Set.copyOf(ids)));
    }
}
