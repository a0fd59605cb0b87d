package org.townalliance.console;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * My messages across all my towns: the inbox (newest first, unread first marked, open one to read it), the header's
 * unread badge kept live by a relayed event stream, and my choices (language, quiet hours, channels per kind).
 */
@Controller
class NotificationsPageController {

    private static final Duration HEARTBEAT = Duration.ofSeconds(15);
    /** The kinds a person chooses channels for, in the order the page lists them. */
    static final List<String> KINDS = List.of("TICKET_DISPATCHED", "TICKET_ASSIGNED", "TICKET_DEADLINE_WARNING", "TICKET_ESCALATED",
            "TICKET_REJECTED", "CITY_DELIVERY_DEAD", "MEETING_SCHEDULED", "MEETING_CHANGED", "MEETING_CANCELLED", "ELECTION_NOMINATED",
            "ELECTION_SECONDED", "ELECTION_BALLOT_OPEN", "ANNOUNCEMENT_POSTED", "CARE_FUND_DECIDED", "CARE_FUND_PAID", "TRAINING_ENROLLED",
            "TRAINING_SESSION_TOMORROW", "CERTIFICATE_ISSUED", "TERM_ENDING");
    static final List<String> CHANNELS = List.of("IN_APP", "EMAIL", "SMS");

    private final ConsoleApi api;
    private final PersonTokens tokens;
    private final ConsoleShutdown shutdown;

    NotificationsPageController(ConsoleApi api, PersonTokens tokens, ConsoleShutdown shutdown) {
        this.api = api;
        this.tokens = tokens;
        this.shutdown = shutdown;
    }

    @GetMapping("/console/notifications")
    Mono<Rendering> inbox(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                          @RequestParam(defaultValue = "false") boolean unread, @RequestParam(required = false) Long after) {
        var query = "/api/me/notifications?limit=30&unread=" + unread + (after == null ? "" : "&after=" + after);
        return Mono.zip(api.get(person, "/api/me"), api.get(person, query)).map(found -> Rendering.view("console/notifications")
                .modelAttribute("me", found.getT1()).modelAttribute("towns", found.getT1().get("towns"))
                .modelAttribute("page", found.getT2()).modelAttribute("unread", unread).build());
    }

    /** Marks it read and opens what it is about (a console page only), or comes back to the inbox. */
    @PostMapping(path = "/console/notifications/{id}/read", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> read(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                         @PathVariable long id, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> api.send(HttpMethod.POST, person, null, "/api/me/notifications/{id}/read", id)
                .map(message -> {
                    var target = consolePath((String) message.get("link"));
                    return Rendering.redirectTo(form.getFirst("open") != null && target != null ? target : "/console/notifications").build();
                }));
    }

    @PostMapping(path = "/console/notifications/read-all", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> readAll(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                            ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            var upTo = ConsoleForms.value(form, "upTo");
            var path = "/api/me/notifications/read-all" + (upTo != null && upTo.matches("\\d{1,19}") ? "?upTo=" + upTo : "");
            return api.send(HttpMethod.POST, person, null, path).thenReturn(Rendering.redirectTo("/console/notifications").build());
        });
    }

    /**
     * The header's badge, live: event {@code unread}, data = the count, then the newest message's title after a tab. Like
     * the board, it outlives the access tokens: each time the API's stream ends with its token it is reopened with the
     * person's current one; a refusal or the end of the login ends it.
     */
    @GetMapping(path = "/console/notifications/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    Flux<ServerSentEvent<String>> stream(Authentication login, ServerWebExchange exchange) {
        var counts = Flux.defer(() -> tokens.current(login, exchange).flatMapMany(client ->
                        api.events(client, null, "unread", "/api/me/notifications/stream")))
                .repeatWhen(ended -> ended.delayElements(Duration.ofMillis(100)))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30)).transientErrors(true)
                        .filter(failure -> !(failure instanceof ApiProblem) && !(failure instanceof OAuth2AuthorizationException)))
                .filter(event -> event.data() != null)
                .map(event -> {
                    var latest = (Map<?, ?>) event.data().get("latest");
                    var text = event.data().get("unread") + (latest == null ? "" : "\t" + latest.get("title"));
                    return ServerSentEvent.builder(text).event("unread").build();
                })
                .onErrorResume(failure -> Mono.empty()).takeUntilOther(shutdown.closing());
        var heartbeat = Flux.interval(HEARTBEAT).map(tick -> ServerSentEvent.<String>builder().comment("keep-alive").build());
        return counts.publish(shared -> Flux.merge(shared, heartbeat.takeUntilOther(shared.then(Mono.just(true)))));
    }

    @GetMapping("/console/notifications/preferences")
    Mono<Rendering> preferences(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                @RequestParam(required = false) String saved) {
        return page(person, null, saved != null);
    }

    @PostMapping(path = "/console/notifications/preferences", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> savePreferences(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                    ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            var body = new LinkedHashMap<String, Object>();
            body.put("locale", ConsoleForms.value(form, "locale"));
            var quiet = form.getFirst("quiet") != null;
            body.put("quietFrom", quiet ? ConsoleForms.value(form, "quietFrom") : null);
            body.put("quietUntil", quiet ? ConsoleForms.value(form, "quietUntil") : null);
            body.put("timeZone", "Asia/Shanghai");
            var channels = new LinkedHashMap<String, List<String>>();
            for (var kind : KINDS) {
                var chosen = new ArrayList<String>();
                for (var channel : CHANNELS) {
                    if (form.getFirst(kind + "." + channel) != null) {
                        chosen.add(channel);
                    }
                }
                channels.put(kind, chosen);
            }
            body.put("channels", channels);
            return api.send(HttpMethod.PUT, person, body, "/api/me/notification-preferences")
                    .thenReturn(Rendering.redirectTo("/console/notifications/preferences?saved=1").build())
                    .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, refusal, false)));
        });
    }

    private Mono<Rendering> page(OAuth2AuthorizedClient person, ApiProblem refusal, boolean saved) {
        return Mono.zip(api.get(person, "/api/me"), api.get(person, "/api/me/notification-preferences")).map(found ->
                Rendering.view("console/notification-preferences").modelAttribute("me", found.getT1())
                        .modelAttribute("towns", found.getT1().get("towns")).modelAttribute("preferences", found.getT2())
                        .modelAttribute("kinds", KINDS).modelAttribute("channels", CHANNELS)
                        .modelAttribute("refusal", refusal).modelAttribute("saved", saved).build());
    }

    /** The console path of a message's link; anything else (another site) is not followed. */
    static String consolePath(String link) {
        if (link == null) {
            return null;
        }
        var at = link.indexOf("/console/");
        if (at < 0) {
            return null;
        }
        var path = link.substring(at);
        return path.matches("/console/[A-Za-z0-9/_.-]*") ? path : null;
    }
}
