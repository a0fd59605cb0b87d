package org.townalliance.hotline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Field work: who in the firm does a ticket, and the firm's figures per person. */
@RestController
@Tag(name = "Town: hotline tickets")
class FieldWorkController {

    record Assignment(@NotBlank @Size(max = 64) String personId) {
    }

    record Note(@NotBlank @Size(max = 1000) String note) {
    }

    private final FieldWork work;

    FieldWorkController(FieldWork work) {
        this.work = work;
    }

    @PutMapping(path = "/api/towns/{town}/tickets/{ticketId}/assignee", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.ORG_MANAGER)
    @Operation(summary = "Give the ticket to one of the organisation's people in this town (its managers; again to give it to another)")
    Mono<TicketView> assign(TownContext town, @PathVariable UUID ticketId, @Valid @RequestBody Assignment assignment) {
        return work.assign(town, ticketId, assignment.personId())
                .flatMap(ticket -> TicketScope.of(town).flatMap(scope -> TicketView.of(town, scope, ticket, true)));
    }

    @org.springframework.web.bind.annotation.PostMapping(path = "/api/towns/{town}/tickets/{ticketId}/notes",
            consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess({TownRole.HOTLINE, TownRole.SECRETARIAT, TownRole.ORG_MANAGER, TownRole.ORG_STAFF})
    @Operation(summary = "A note on the timeline (on site: what was found, what was done), status unchanged; never shown to the resident")
    Mono<TicketView> note(TownContext town, @PathVariable UUID ticketId, @Valid @RequestBody Note note) {
        return work.note(town, ticketId, note.note().strip())
                .flatMap(ticket -> TicketScope.of(town).flatMap(scope -> TicketView.of(town, scope, ticket, true)));
    }

    @GetMapping(path = "/api/towns/{town}/tickets/statistics/people", produces = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.ORG_MANAGER)
    @Operation(summary = "The organisation's figures per person for tickets dispatched from..to (its managers only; default: this month)")
    Mono<List<FieldWork.PersonFigures>> people(TownContext town, @RequestParam UUID organisationId,
                                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
        return ReportingPeriod.of(town.town().timezone(), from, to)
                .flatMap(days -> work.figures(town, organisationId, days.start(), days.end()).collectList());
    }
}
