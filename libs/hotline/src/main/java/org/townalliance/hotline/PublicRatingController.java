package org.townalliance.hotline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.TicketRatingLinkRecord;
import org.townalliance.tenancy.PublicTowns;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.OffsetDateTime;

import static org.townalliance.db.jooq.town.Tables.TICKET_CATEGORY;
import static org.townalliance.db.jooq.town.Tables.TICKET_RATING_LINK;

/**
 * The resident's rating page behind a one-time link, no account: it shows what was resolved (no personal
 * data) and takes one rating; the link then stops working. Unknown, used and expired links are told apart.
 */
@RestController
@Tag(name = "Public", description = "No login needed")
class PublicRatingController {

    record RatingPage(String town, long ticketNumber, String category, OffsetDateTime resolvedAt, OffsetDateTime expiresAt) {
    }

    record Rating(@NotNull Boolean satisfied, @NotNull @Min(1) @Max(5) Integer score, @Size(max = 1000) String comment) {
    }

    private final PublicTowns towns;
    private final TicketTransitions transitions;
    private final Clock clock;

    PublicRatingController(PublicTowns towns, TicketTransitions transitions, Clock clock) {
        this.towns = towns;
        this.transitions = transitions;
        this.clock = clock;
    }

    @GetMapping(path = "/public/towns/{town}/ratings/{token}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "What the rating link is about")
    Mono<RatingPage> page(@PathVariable String town, @PathVariable String token) {
        return towns.open(town).flatMap(t -> usable(t.dsl(), token)
                .flatMap(link -> Tickets.find(t.dsl(), link.getTicketId())
                        .flatMap(ticket -> Reactive.one(t.dsl().select(TICKET_CATEGORY.NAME_ZH).from(TICKET_CATEGORY)
                                        .where(TICKET_CATEGORY.CODE.eq(ticket.getCategoryCode())))
                                .map(c -> new RatingPage(t.town().nameZh(), ticket.getNumber(), c.value1(), ticket.getResolvedAt(), link.getExpiresAt())))));
    }

    @PostMapping(path = "/public/towns/{town}/ratings/{token}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Rate once; not satisfied reopens the ticket within the town's reopen window")
    Mono<RatingPage> rate(@PathVariable String town, @PathVariable String token, @Valid @RequestBody Rating rating) {
        return towns.open(town).flatMap(t -> page(town, token).flatMap(page -> Reactive.one(t.dsl().update(TICKET_RATING_LINK)
                                .set(TICKET_RATING_LINK.USED_AT, TicketWrites.at(clock.instant()))
                                .where(TICKET_RATING_LINK.TOKEN_HASH.eq(Secrets.sha256(token))).and(TICKET_RATING_LINK.USED_AT.isNull())
                                .returning())
                        // Two submissions at once: only one marks the link used.
                        .switchIfEmpty(Mono.error(PublicRatingController::used))
                        .flatMap(link -> Tickets.find(t.dsl(), link.getTicketId()))
                        .flatMap(ticket -> TicketFeedback.record(t.dsl(), t.town(), ticket,
                                        new TicketFeedback.Verdict("RATING_LINK", rating.satisfied(), rating.score(), rating.comment(), "resident"), transitions)
                                // The rating did not go through (e.g. the ticket changed meanwhile): the link works again.
                                .onErrorResume(failure -> Reactive.run(t.dsl().update(TICKET_RATING_LINK).setNull(TICKET_RATING_LINK.USED_AT)
                                        .where(TICKET_RATING_LINK.TOKEN_HASH.eq(Secrets.sha256(token)))).then(Mono.error(failure))))
                        .thenReturn(page)));
    }

    private Mono<TicketRatingLinkRecord> usable(org.jooq.DSLContext dsl, String token) {
        if (token.length() > 100) {
            return Mono.error(PublicRatingController::unknown);
        }
        return Reactive.one(dsl.selectFrom(TICKET_RATING_LINK).where(TICKET_RATING_LINK.TOKEN_HASH.eq(Secrets.sha256(token))))
                .switchIfEmpty(Mono.error(PublicRatingController::unknown))
                .flatMap(link -> link.getUsedAt() != null ? Mono.error(used())
                        : link.getExpiresAt().toInstant().isBefore(clock.instant())
                        ? Mono.error(new ProblemException(HttpStatus.GONE, "rating-link-expired", "Link expired", "This rating link has expired."))
                        : Mono.just(link));
    }

    private static ProblemException unknown() {
        return ProblemException.notFound("rating-link-not-found", "No such rating link.");
    }

    private static ProblemException used() {
        return ProblemException.conflict("rating-link-used", "This link has been used: thank you for your rating.");
    }
}
