package org.townalliance.notifications;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.identity.Callers;
import org.townalliance.web.Page;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Map;
import java.util.Set;

/** The caller's own notifications and choices, across all their towns. */
@RestController
@Tag(name = "Me: notifications")
class MyNotificationsController {

    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    private static final Duration MAX_LIFETIME = Duration.ofHours(1);

    /** The badge's figure and what came last (absent when nothing did). */
    record Unread(int unread, Inbox.Message latest) {
    }

    record ReadAll(int marked) {
    }

    record PreferenceBody(@Pattern(regexp = "zh-CN|en") String locale, LocalTime quietFrom, LocalTime quietUntil,
                          @Size(max = 60) String timeZone, Map<NoticeKind, Set<Channel>> channels) {
    }

    private final Inbox inbox;
    private final Preferences preferences;
    private final InboxFeed feed;
    private final Clock clock;

    MyNotificationsController(Inbox inbox, Preferences preferences, InboxFeed feed, Clock clock) {
        this.inbox = inbox;
        this.preferences = preferences;
        this.feed = feed;
        this.clock = clock;
    }

    @GetMapping(path = "/api/me/notifications", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "My notifications, newest first (keyset: pass next as after); unread=true for the unread only")
    Mono<Page<Inbox.Message>> list(@RequestParam(defaultValue = "false") boolean unread, @RequestParam(required = false) Long after,
                                   @RequestParam(required = false) Integer limit) {
        var size = Page.limit(limit);
        return Callers.current().flatMap(caller -> inbox.list(caller.subject(), unread, after, size));
    }

    @GetMapping(path = "/api/me/notifications/unread", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "How many of my notifications are unread, and the newest")
    Mono<Unread> unread() {
        return Callers.current().flatMap(caller -> unread(caller.subject()));
    }

    @PostMapping(path = "/api/me/notifications/{id}/read", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Mark one of my notifications read")
    Mono<Inbox.Message> read(@PathVariable long id) {
        return Callers.current().flatMap(caller -> inbox.read(caller.subject(), id));
    }

    @PostMapping(path = "/api/me/notifications/read-all", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Mark all my notifications read, up to upTo (the newest I saw) if given")
    Mono<ReadAll> readAll(@RequestParam(required = false) Long upTo) {
        return Callers.current().flatMap(caller -> inbox.readAll(caller.subject(), upTo)).map(ReadAll::new);
    }

    @GetMapping(path = "/api/me/notifications/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @Operation(summary = "My unread count, live (SSE, event 'unread' at once and on every change); ends when the access token expires")
    Flux<ServerSentEvent<Unread>> stream() {
        return Callers.current().flatMapMany(caller -> {
            var lifetime = Callers.accessExpiry().map(expiry -> Duration.between(clock.instant(), expiry))
                    .map(left -> left.isNegative() ? Duration.ZERO : left.compareTo(MAX_LIFETIME) > 0 ? MAX_LIFETIME : left)
                    .defaultIfEmpty(MAX_LIFETIME);
            var person = caller.subject();
            // Subscribed before the first count is read, so that nothing falls in between.
            var changes = feed.inboxChanges().filter(person::equals).map(changed -> true);
            var counts = changes.publish(shared -> Flux.concat(Mono.just(true), shared))
                    .onBackpressureLatest()
                    .concatMap(tick -> unread(person), 1)
                    .map(count -> ServerSentEvent.builder(count).event("unread").build());
            var heartbeat = Flux.interval(HEARTBEAT).map(tick -> ServerSentEvent.<Unread>builder().comment("keep-alive").build());
            return lifetime.flatMapMany(left -> Flux.merge(counts, heartbeat).takeUntilOther(feed.closing()).take(left));
        });
    }

    @GetMapping(path = "/api/me/notification-preferences", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "My choices: language, quiet hours (no SMS then unless urgent), channels per kind")
    Mono<Preferences.Preference> preferences() {
        return Callers.current().flatMap(caller -> preferences.of(caller.subject()));
    }

    @PutMapping(path = "/api/me/notification-preferences", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Replace my choices; kinds left out keep their default channels")
    Mono<Preferences.Preference> setPreferences(@Valid @RequestBody PreferenceBody body) {
        return Callers.current().flatMap(caller -> preferences.set(caller.subject(), new Preferences.Preference(body.locale(),
                body.quietFrom(), body.quietUntil(), body.timeZone(), body.channels())));
    }

    private Mono<Unread> unread(String person) {
        return inbox.unread(person).zipWith(inbox.latest(person).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty()))
                .map(found -> new Unread(found.getT1(), found.getT2().orElse(null)));
    }
}
