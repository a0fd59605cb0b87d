package org.townalliance.hotline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.TICKET_FEEDBACK;

/** The operator's callback after resolution, the resident's one-time rating link, and a ticket's feedback. */
@RestController
@Tag(name = "Town: hotline tickets")
class TicketFeedbackController {

    record Callback(@NotNull Boolean satisfied, @NotNull @Min(1) @Max(5) Integer score, @Size(max = 1000) String comment) {
    }

    record Feedback(long id, String source, boolean satisfied, int score, String comment, String recordedBy, OffsetDateTime recordedAt) {
    }

    /** The link to send the resident (by SMS or WeChat); the token is answered this once, only its hash is kept. */
    record RatingLink(String url, String token, OffsetDateTime expiresAt) {
    }

    private final TicketTransitions transitions;
    private final RatingLinks ratingLinks;

    TicketFeedbackController(TicketTransitions transitions, RatingLinks ratingLinks) {
        this.transitions = transitions;
        this.ratingLinks = ratingLinks;
    }

    @PostMapping(path = "/api/towns/{town}/tickets/{ticketId}/callback", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess({TownRole.HOTLINE, TownRole.SECRETARIAT})
    @Operation(summary = "Record the callback: satisfied closes a resolved ticket, not satisfied reopens it (within the reopen window)")
    Mono<TicketView> callback(TownContext town, @PathVariable UUID ticketId, @Valid @RequestBody Callback callback) {
        return Mono.zip(Tickets.find(town.dsl(), ticketId), TicketScope.of(town)).flatMap(found -> {
            var ticket = found.getT1();
            if (!TicketFeedback.RATEABLE.contains(ticket.getStatus())) {
                return Mono.error(ProblemException.conflict("ticket-not-resolved", "Callbacks follow resolution; this ticket is " + ticket.getStatus() + "."));
            }
            var verdict = new TicketFeedback.Verdict("CALLBACK", callback.satisfied(), callback.score(), callback.comment(), town.caller().actor());
            return TicketFeedback.record(town.dsl(), town.town(), ticket, verdict, transitions)
                    .flatMap(updated -> TicketView.of(town, found.getT2(), updated, true));
        });
    }

    @PostMapping(path = "/api/towns/{town}/tickets/{ticketId}/rating-link", produces = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess({TownRole.HOTLINE, TownRole.SECRETARIAT})
    @Operation(summary = "A one-time rating link for the resident (no account needed); earlier unused links of the ticket stop working")
    Mono<RatingLink> ratingLink(TownContext town, ServerWebExchange exchange, @PathVariable UUID ticketId) {
        return ratingLinks.issue(town, ticketId)
                .map(issued -> new RatingLink(exchange.getRequest().getURI().resolve("/rate/" + town.slug() + "/" + issued.token()).toString(),
                        issued.token(), issued.expiresAt()));
    }
    @GetMapping(path = "/api/towns/{town}/tickets/{ticketId}/feedback", produces = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(anyRole = true)
    Mono<List<Feedback>> feedback(TownContext town, @PathVariable UUID ticketId) {
        return Mono.zip(Tickets.find(town.dsl(), ticketId), TicketScope.of(town))
                .filter(found -> found.getT2().sees(found.getT1().getAssignedOrganisationId()))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("ticket-not-found", "No such ticket in this town.")))
                .flatMap(found -> Flux.from(town.dsl().selectFrom(TICKET_FEEDBACK).where(TICKET_FEEDBACK.TICKET_ID.eq(ticketId)).orderBy(TICKET_FEEDBACK.ID))
                        .map(f -> new Feedback(f.getId(), f.getSource(), f.getSatisfied(), f.getScore(), f.getComment(), f.getRecordedBy(), f.getRecordedAt()))
                        .collectList());
    }
}
