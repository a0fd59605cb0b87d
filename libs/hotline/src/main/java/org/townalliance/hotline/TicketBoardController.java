package org.townalliance.hotline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import reactor.core.publisher.Flux;

import org.townalliance.identity.Callers;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The live dispatch board: Server-Sent Events of ticket changes in one town, filtered by what the
 * subscriber may see (a firm only its own tickets). A reconnecting client sends {@code Last-Event-ID} and
 * first receives what it missed, from the events table.
 */
@RestController
@Tag(name = "Town: hotline tickets")
class TicketBoardController {

    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** Even a token without an expiry (never issued by our realm) does not hold a stream open longer than this. */
    private static final Duration MAX_LIFETIME = Duration.ofHours(1);

    private final TicketNotifications notifications;
    private final Clock clock;

    TicketBoardController(TicketNotifications notifications, Clock clock) {
        this.notifications = notifications;
        this.clock = clock;
    }

    @GetMapping(path = "/api/towns/{town}/tickets/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @TownAccess(anyRole = true)
    @Operation(summary = "Live ticket changes (SSE, event 'ticket'); ends when the access token expires: resume with "
            + "Last-Event-ID and a fresh token")
    Flux<ServerSentEvent<TicketChange>> stream(TownContext town,
                                               @RequestHeader(name = "Last-Event-ID", required = false) Long lastEventId) {
        // The stream lives as long as the token it was opened with: a person whose grant was removed (or who left)
        // receives nothing after that, since reconnecting needs a fresh token, which says what they may see now.
        var lifetime = Callers.accessExpiry().map(expiry -> Duration.between(clock.instant(), expiry))
                .map(left -> left.isNegative() ? Duration.ZERO : left.compareTo(MAX_LIFETIME) > 0 ? MAX_LIFETIME : left)
                .defaultIfEmpty(MAX_LIFETIME);
        return lifetime.zipWith(TicketScope.of(town)).flatMapMany(found -> {
            var left = found.getT1();
            var scope = found.getT2();
            var seen = new AtomicLong(lastEventId == null ? Long.MIN_VALUE : lastEventId);
            var live = notifications.changes()
                    .filter(change -> change.town().equals(town.slug()) && scope.sees(change.assignedOrganisationId()));
            // Subscribe to live changes first and replay what was missed, so that nothing falls in between.
            Flux<TicketChange> changes = live.publish(shared -> Flux.concat(
                            lastEventId == null ? Flux.empty()
                                    : Tickets.changesSince(town.dsl(), town.slug(), lastEventId).filter(change -> scope.sees(change.assignedOrganisationId())),
                            shared))
                    .filter(change -> change.eventId() > seen.get())
                    .doOnNext(change -> seen.set(change.eventId()));
            var events = changes.map(change -> ServerSentEvent.builder(change)
                    .id(Long.toString(change.eventId())).event("ticket").build());
            var heartbeat = Flux.interval(HEARTBEAT).map(tick -> ServerSentEvent.<TicketChange>builder().comment("keep-alive").build());
            // A first comment at once commits the response, so clients and proxies see the stream open.
            var opened = Flux.just(ServerSentEvent.<TicketChange>builder().comment("connected").build());
            return Flux.concat(opened, Flux.merge(events, heartbeat)).takeUntilOther(notifications.closing())
                    .take(left);
        });
    }

}
