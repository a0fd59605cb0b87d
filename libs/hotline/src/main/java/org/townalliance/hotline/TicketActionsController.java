package org.townalliance.hotline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.util.Locale;
import java.util.UUID;

/** Lifecycle actions on a ticket, role-checked: the operations centre steers, the assigned organisation works. */
@RestController
@Tag(name = "Town: hotline tickets")
class TicketActionsController {

    record ActionRequest(UUID organisationId, @Size(max = 1000) String note, TicketRules.CancelReason reason, UUID duplicateOf) {
    }

    private final TicketTransitions transitions;

    TicketActionsController(TicketTransitions transitions) {
        this.transitions = transitions;
    }

    @PostMapping(path = "/api/towns/{town}/tickets/{ticketId}/{action}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess({TownRole.HOTLINE, TownRole.SECRETARIAT, TownRole.ORG_MANAGER, TownRole.ORG_STAFF})
    @Operation(summary = "dispatch, transfer, accept, reject, start, resolve, close, reopen, cancel, escalate (illegal from the current status: 409)")
    Mono<TicketView> act(TownContext town, @PathVariable UUID ticketId, @PathVariable String action, @Valid @RequestBody ActionRequest request) {
        TicketRules.Action act;
        try {
            act = TicketRules.Action.valueOf(action.toUpperCase(Locale.ROOT));
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
            if (!scope.sees(ticket.getAssignedOrganisationId())) {
                return Mono.error(ProblemException.notFound("ticket-not-found", "No such ticket in this town."));
            }
            if (!TicketRules.mayTake(act, scope.roles(), scope.assignedToMine(ticket.getAssignedOrganisationId()))) {
                return Mono.error(ProblemException.forbidden("ticket-action-not-allowed", "Your role cannot " + action + " this ticket."));
            }
            var command = new TicketTransitions.Command(act, request.organisationId(), request.note(), request.reason(),
                    request.duplicateOf(), town.caller().actor());
            return transitions.apply(dsl, town.town(), ticket, command).flatMap(updated -> TicketView.of(town, scope, updated, true));
        });
    }
}
