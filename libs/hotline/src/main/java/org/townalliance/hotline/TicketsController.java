package org.townalliance.hotline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.audit.AuditTrail;
import org.townalliance.db.jooq.town.tables.records.TicketRecord;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.Page;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.TICKET;

/**
 * Hotline tickets: intake (idempotent with {@code Idempotency-Key}), the board list, detail with timeline,
 * and lifecycle actions. Firm and agency people see only tickets dispatched to their organisation; the
 * reporter's phone is shown unmasked only to the operations centre and the assigned organisation, and
 * every such read is audited.
 */
@RestController
@RequestMapping(path = "/api/towns/{town}/tickets", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town: hotline tickets", description = "服务需求 / 投诉 / 建议 from the 24-hour hotline")
class TicketsController {

    enum Kind { SERVICE_REQUEST, COMPLAINT, SUGGESTION }

    enum Channel { PHONE, CITY_HOTLINE, WECHAT, WEB, WALK_IN, OPEN311 }

    enum Priority { LOW, NORMAL, HIGH, URGENT }

    record IntakeRequest(@NotNull Kind kind, @NotNull Channel channel, @NotBlank @Size(max = 40) String categoryCode,
                         UUID estateId, @Size(max = 200) String address, @Size(max = 50) String reporterName,
                         @Pattern(regexp = "^\\+?[0-9-]{5,20}$", message = "is not a phone number") String reporterPhone,
                         @NotBlank @Size(max = 4000) String description, Priority priority, Boolean emergency) {
    }

    record ActionRequest(UUID organisationId, @Size(max = 1000) String note) {
    }

    record Ticket(UUID id, long number, String kind, String channel, String categoryCode, UUID estateId, String address,
                  String reporterName, String reporterPhone, String description, String priority, boolean emergency,
                  String status, UUID assignedOrganisationId, UUID suggestedOrganisationId, UUID possibleDuplicateOf,
                  OffsetDateTime createdAt, OffsetDateTime updatedAt, List<Tickets.Event> timeline) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess({TownRole.HOTLINE, TownRole.SECRETARIAT, TownRole.CITY_HOTLINE})
    @Operation(summary = "Take in a request, complaint or suggestion; the same Idempotency-Key again answers the same ticket")
    Mono<ResponseEntity<Ticket>> intake(TownContext town, @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                        @Valid @RequestBody IntakeRequest request) {
        if (key != null && (key.isBlank() || key.length() > 100)) {
            return Mono.error(ProblemException.badRequest("invalid-idempotency-key", "An Idempotency-Key is 1 to 100 characters."));
        }
        var dsl = town.dsl();
        var suggested = request.estateId() == null ? Mono.<UUID>empty()
                : AllianceDirectory.managingOrganisationOn(dsl, request.estateId(), LocalDate.now(town.town().timezone()));
        return Tickets.categoryExists(dsl, request.categoryCode())
                .flatMap(exists -> exists ? Mono.just(true) : Mono.error(ProblemException.badRequest("unknown-category",
                        "There is no active category '" + request.categoryCode() + "' in this town.")))
                .then(Mono.zip(suggested.map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty()),
                        Tickets.possibleDuplicate(dsl, request.reporterPhone(), request.estateId(), request.categoryCode())
                                .map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())))
                .flatMap(found -> {
                    var record = dsl.newRecord(TICKET);
                    record.setKind(request.kind().name());
                    record.setChannel(request.channel().name());
                    record.setCategoryCode(request.categoryCode());
                    record.setEstateId(request.estateId());
                    record.setAddress(request.address());
                    record.setReporterName(request.reporterName());
                    record.setReporterPhone(request.reporterPhone());
                    record.setDescription(request.description());
                    record.setPriority((request.priority() == null ? Priority.NORMAL : request.priority()).name());
                    record.setEmergency(Boolean.TRUE.equals(request.emergency()));
                    record.setStatus(TicketRules.Status.RECEIVED.name());
                    record.setSuggestedOrganisationId(found.getT1().orElse(null));
                    record.setPossibleDuplicateOf(found.getT2().orElse(null));
                    record.setIdempotencyKey(key);
                    record.setCreatedBy(town.caller().username());
                    return Tickets.insert(dsl, town.slug(), record, town.caller().username());
                })
                .flatMap(intake -> TicketScope.of(town).flatMap(scope -> view(town, scope, intake.ticket(), true))
                        .map(ticket -> ResponseEntity.status(intake.created() ? HttpStatus.CREATED : HttpStatus.OK).body(ticket)));
    }

    @GetMapping
    @TownAccess(anyRole = true)
    @Operation(summary = "Tickets newest first (keyset: pass 'next' as 'before'); firm people see their organisation's only")
    Mono<Page<Ticket>> list(TownContext town, ServerWebExchange exchange, @RequestParam(required = false) TicketRules.Status status,
                            @RequestParam(required = false) Long before, @RequestParam(required = false) Integer limit) {
        var size = Page.limit(limit);
        return TicketScope.of(town).flatMap(scope -> Tickets.list(town.dsl(), status == null ? null : status.name(),
                        scope.operationsCentre() ? null : scope.ownOrganisations(), before, size + 1)
                .concatMap(ticket -> view(town, scope, ticket, false))
                .collectList()
                .map(tickets -> {
                    auditUnmasked(town, exchange, tickets);
                    return tickets.size() <= size ? new Page<>(tickets, null)
                            : new Page<>(tickets.subList(0, size), Long.toString(tickets.get(size - 1).number()));
                }));
    }

    @GetMapping("/{ticketId}")
    @TownAccess(anyRole = true)
    Mono<Ticket> get(TownContext town, ServerWebExchange exchange, @PathVariable UUID ticketId) {
        return Mono.zip(Tickets.find(town.dsl(), ticketId), TicketScope.of(town))
                .flatMap(found -> found.getT2().sees(found.getT1().getAssignedOrganisationId())
                        ? view(town, found.getT2(), found.getT1(), true)
                        : Mono.error(ProblemException.notFound("ticket-not-found", "No such ticket in this town.")))
                .doOnNext(ticket -> auditUnmasked(town, exchange, List.of(ticket)));
    }

    @PostMapping(path = "/{ticketId}/{action}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess({TownRole.HOTLINE, TownRole.SECRETARIAT, TownRole.ORG_MANAGER, TownRole.ORG_STAFF})
    @Operation(summary = "dispatch, transfer, accept, reject, start, resolve, close, reopen, cancel (illegal from the current status: 409)")
    Mono<Ticket> act(TownContext town, @PathVariable UUID ticketId, @PathVariable String action, @Valid @RequestBody ActionRequest request) {
        TicketRules.Action act;
        try {
            act = TicketRules.Action.valueOf(action.toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Mono.error(ProblemException.notFound("unknown-action", "No ticket action '" + action + "'."));
        }
        if (TicketRules.needsOrganisation(act) && request.organisationId() == null) {
            return Mono.error(ProblemException.badRequest("organisation-required", act + " needs the organisation to dispatch to."));
        }
        if (TicketRules.needsNote(act) && (request.note() == null || request.note().isBlank())) {
            return Mono.error(ProblemException.badRequest("note-required", act + " needs a note saying why."));
        }
        var dsl = town.dsl();
        return Mono.zip(Tickets.find(dsl, ticketId), TicketScope.of(town)).flatMap(found -> {
            var ticket = found.getT1();
            var scope = found.getT2();
            var ofAssigned = scope.assignedToMine(ticket.getAssignedOrganisationId());
            if (!scope.sees(ticket.getAssignedOrganisationId())) {
                return Mono.error(ProblemException.notFound("ticket-not-found", "No such ticket in this town."));
            }
            if (!TicketRules.mayTake(act, scope.roles(), ofAssigned)) {
                return Mono.error(ProblemException.forbidden("ticket-action-not-allowed", "Your role cannot " + action + " this ticket."));
            }
            var current = TicketRules.Status.valueOf(ticket.getStatus());
            var next = TicketRules.next(current, act);
            if (next.isEmpty()) {
                return Mono.error(new ProblemException(HttpStatus.CONFLICT, "illegal-ticket-transition", "Illegal transition",
                        "A " + current + " ticket cannot be " + action + "ed.", Map.of("status", current.name(), "action", act.name())));
            }
            var assignTo = switch (act) {
                case DISPATCH, TRANSFER -> request.organisationId();
                case REJECT, CANCEL -> null;
                default -> ticket.getAssignedOrganisationId();
            };
            var memberCheck = TicketRules.needsOrganisation(act)
                    ? AllianceDirectory.isCurrentMember(dsl, assignTo).flatMap(member -> member ? Mono.<Void>empty()
                            : Mono.error(ProblemException.badRequest("not-a-member", "Tickets go to current members of this alliance.")))
                    : Mono.<Void>empty();
            return memberCheck.then(Tickets.transition(dsl, town.slug(), ticket, act, next.get(), assignTo, request.note(), town.caller().username()))
                    .flatMap(updated -> view(town, scope, updated, true));
        });
    }

    private Mono<Ticket> view(TownContext town, TicketScope scope, TicketRecord t, boolean withTimeline) {
        var timeline = withTimeline ? Tickets.timeline(town.dsl(), t.getId()).collectList() : Mono.just(List.<Tickets.Event>of());
        var phone = scope.seesPhone(t.getAssignedOrganisationId()) ? t.getReporterPhone() : PhoneMask.mask(t.getReporterPhone());
        return timeline.map(events -> new Ticket(t.getId(), t.getNumber(), t.getKind(), t.getChannel(), t.getCategoryCode(),
                t.getEstateId(), t.getAddress(), t.getReporterName(), phone, t.getDescription(), t.getPriority(),
                Boolean.TRUE.equals(t.getEmergency()), t.getStatus(), t.getAssignedOrganisationId(), t.getSuggestedOrganisationId(),
                t.getPossibleDuplicateOf(), t.getCreatedAt(), t.getUpdatedAt(), events));
    }

    /** Reporters' phone numbers are personal data: a read that returned one unmasked is audited. */
    private static void auditUnmasked(TownContext town, ServerWebExchange exchange, List<Ticket> tickets) {
        if (tickets.stream().anyMatch(t -> t.reporterPhone() != null && !t.reporterPhone().contains("*"))) {
            exchange.getAttributes().put(AuditTrail.PRIVILEGED_ACCESS, "unmasked reporter phone numbers in " + town.slug());
        }
    }
}
