package org.townalliance.hotline;

import org.springframework.stereotype.Service;
import org.townalliance.db.Reactive;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.TICKET_RATING_LINK;

/**
 * One-time rating links for residents: only for a resolved ticket, valid for the town's rating-link days; a new link
 * replaces the ticket's unused ones in the same transaction. Only the token's hash is kept.
 */
@Service
class RatingLinks {

    /** The new link's token (shown once) and until when it works. */
    record Issued(String token, OffsetDateTime expiresAt) {
    }

    private final Clock clock;

    RatingLinks(Clock clock) {
        this.clock = clock;
    }

    Mono<Issued> issue(TownContext town, UUID ticketId) {
        var token = Secrets.token("");
        return Tickets.find(town.dsl(), ticketId)
                .filter(ticket -> TicketFeedback.RATEABLE.contains(ticket.getStatus()))
                .switchIfEmpty(Mono.error(() -> ProblemException.conflict("ticket-not-resolved", "Residents rate resolved tickets.")))
                .zipWith(HotlinePolicies.load(town.dsl(), town.town().timezone()))
                .flatMap(found -> {
                    var expires = TicketWrites.at(clock.instant().plus(Duration.ofDays(found.getT2().settings().getRatingLinkDays())));
                    return Reactive.one(town.dsl().transactionPublisher(trx -> Reactive.run(trx.dsl().deleteFrom(TICKET_RATING_LINK)
                                    .where(TICKET_RATING_LINK.TICKET_ID.eq(ticketId)).and(TICKET_RATING_LINK.USED_AT.isNull()))
                            .then(Reactive.run(trx.dsl().insertInto(TICKET_RATING_LINK)
                                    .set(TICKET_RATING_LINK.TOKEN_HASH, Secrets.sha256(token))
                                    .set(TICKET_RATING_LINK.TICKET_ID, ticketId)
                                    .set(TICKET_RATING_LINK.EXPIRES_AT, expires)))
                            .thenReturn(expires)));
                })
                .map(expires -> new Issued(token, expires));
    }
}
