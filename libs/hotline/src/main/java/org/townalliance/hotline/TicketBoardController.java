package org.townalliance.hotline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.identity.TownGrant;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

/**
 * The live dispatch board: Server-Sent Events of ticket changes in one town, filtered by what the
 * subscriber may see (a firm only its own tickets). A reconnecting client sends {@code Last-Event-ID} and
 * first receives what it missed, from the events table.
 */
@RestController
@Tag(name = "Town: hotline tickets")
class TicketBoardController {

    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final TicketNotifications notifications;

    TicketBoardController(TicketNotifications notifications) {
        this.notifications = notifications;
    }

    @GetMapping(path = "/api/towns/{town}/tickets/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @TownAccess(anyRole = true)
    @Operation(summary = "Live ticket changes (SSE, event 'ticket'); resume with Last-Event-ID")
    Flux<ServerSentEvent<TicketChange>> stream(TownContext town,
                                               @RequestHeader(name = "Last-Event-ID", required = false) Long lastEventId) {
        return scope(town).flatMapMany(scope -> {
            var seen = new AtomicLong(lastEventId == null ? Long.MIN_VALUE : lastEventId);
            var live = notifications.changes()
                    .filter(change -> change.town().equals(town.slug()) && visible(scope, change));
            // Subscribe to live changes first and replay what was missed, so that nothing falls in between.
            Flux<TicketChange> changes = live.publish(shared -> Flux.concat(
                            lastEventId == null ? Flux.empty()
                                    : Tickets.changesSince(town.dsl(), town.slug(), lastEventId).filter(change -> visible(scope, change)),
                            shared))
                    .filter(change -> change.eventId() > seen.get())
                    .doOnNext(change -> seen.set(change.eventId()));
            var events = changes.map(change -> ServerSentEvent.builder(change)
                    .id(Long.toString(change.eventId())).event("ticket").build());
            var heartbeat = Flux.interval(HEARTBEAT).map(tick -> ServerSentEvent.<TicketChange>builder().comment("keep-alive").build());
            // A first comment at once commits the response, so clients and proxies see the stream open.
            var opened = Flux.just(ServerSentEvent.<TicketChange>builder().comment("connected").build());
            return Flux.concat(opened, Flux.merge(events, heartbeat));
        });
    }

    private static boolean visible(Optional<Set<UUID>> scope, TicketChange change) {
        return scope.isEmpty() || (change.assignedOrganisationId() != null && scope.get().contains(change.assignedOrganisationId()));
    }

    /** Empty: sees every ticket of the town (operations centre); otherwise the caller's organisations. */
    private static Mono<Optional<Set<UUID>>> scope(TownContext town) {
        var grants = town.caller().grantsIn(town.slug());
        var roles = grants.stream().map(TownGrant::role).collect(Collectors.toSet());
        if (roles.contains(TownRole.HOTLINE) || roles.contains(TownRole.SECRETARIAT)) {
            return Mono.just(Optional.empty());
        }
        var codes = grants.stream().map(TownGrant::organisation).filter(java.util.Objects::nonNull).collect(Collectors.toSet());
        return AllianceDirectory.organisationIds(town.dsl(), codes).map(Optional::of);
    }
}
