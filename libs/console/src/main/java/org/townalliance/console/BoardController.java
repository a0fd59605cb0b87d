package org.townalliance.console;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.ISpringWebFluxTemplateEngine;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import reactor.util.retry.Retry;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.Map;
import java.util.Set;

/**
 * A town's ticket board: the operations centre's dispatch board with the intake form, and for firm
 * people the inbox of their organisation's tickets (the API decides which tickets a person sees). New
 * and changed tickets arrive live: the page listens to a server-sent event stream of rendered rows.
 */
@Controller
class BoardController {

    private static final Duration HEARTBEAT = Duration.ofSeconds(15);

    private final ConsoleApi api;
    private final TownPages pages;
    private final ISpringWebFluxTemplateEngine templates;
    private final EstateSearch estates;
    private final PersonTokens tokens;
    private final ConsoleShutdown shutdown;

    BoardController(ConsoleApi api, TownPages pages, ISpringWebFluxTemplateEngine templates, EstateSearch estates, PersonTokens tokens,
                    ConsoleShutdown shutdown) {
        this.tokens = tokens;
        this.shutdown = shutdown;
        this.api = api;
        this.pages = pages;
        this.templates = templates;
        this.estates = estates;
    }

    @GetMapping("/console/towns/{town}")
    Mono<Rendering> board(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                          @PathVariable String town, @RequestParam(required = false) String status,
                          @RequestParam(required = false) Boolean overdue, @RequestParam(required = false) String created,
                          @RequestParam(required = false) String duplicate, ServerWebExchange exchange) {
        ConsoleHomeController.remember(exchange, town);
        return page(person, town, status, overdue, created, duplicate, null, null);
    }

    private Mono<Rendering> page(OAuth2AuthorizedClient person, String town, String status, Boolean overdue, String created,
                                 String duplicate, ApiProblem refusal, Map<String, String> form) {
        var query = new StringBuilder("/api/towns/{town}/tickets?limit=50");
        if (status != null && status.matches("[A-Z_]{1,20}")) {
            query.append("&status=").append(status);
        }
        if (Boolean.TRUE.equals(overdue)) {
            query.append("&overdue=true");
        }
        return pages.frame(person, town).zipWith(api.get(person, query.toString(), town)).map(found ->
                Rendering.view("console/board").modelAttribute("frame", found.getT1()).modelAttribute("fmt", found.getT1().fmt())
                        .modelAttribute("tickets", found.getT2().get("items")).modelAttribute("status", status)
                        .modelAttribute("overdue", Boolean.TRUE.equals(overdue)).modelAttribute("created", created)
                        .modelAttribute("duplicate", duplicate).modelAttribute("refusal", refusal).modelAttribute("form", form).build());
    }

    /** The board's tickets with its filters as Excel (the API decides which tickets and whether phones show). */
    @GetMapping("/console/towns/{town}/tickets.xlsx")
    Mono<org.springframework.http.ResponseEntity<byte[]>> export(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                                                 @PathVariable String town, @RequestParam(required = false) String status,
                                                                 @RequestParam(required = false) Boolean overdue) {
        var query = new StringBuilder("/api/towns/{town}/tickets/export?");
        if (status != null && status.matches("[A-Z_]{1,20}")) {
            query.append("status=").append(status).append('&');
        }
        if (Boolean.TRUE.equals(overdue)) {
            query.append("overdue=true");
        }
        return api.download(person, query.toString(), town)
                .map(file -> org.springframework.http.ResponseEntity.ok().contentType(Spreadsheets.XLSX)
                        .header(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION,
                                file.getHeaders().getFirst(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION))
                        .body(file.getBody()));
    }

    @PostMapping(path = "/console/towns/{town}/tickets", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> intake(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                           @PathVariable String town, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> estates.resolve(person, town, ConsoleForms.value(form, "estate"))
                .map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                .flatMap(estateId -> {
                    var body = ConsoleForms.fields(form, "kind", "channel", "categoryCode", "address", "reporterName",
                            "reporterPhone", "description", "priority");
                    estateId.ifPresent(id -> body.put("estateId", id));
                    body.put("emergency", form.getFirst("emergency") != null);
                    return api.send(HttpMethod.POST, person, body, "/api/towns/{town}/tickets", town);
                })
                .map(ticket -> Rendering.redirectTo("/console/towns/" + town + "?created=" + ticket.get("number")
                        + (ticket.get("possibleDuplicateOf") != null ? "&duplicate=" + ticket.get("possibleDuplicateOf") : "")).build())
                .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal ->
                        page(person, town, null, null, null, null, refusal, form.toSingleValueMap()))));
    }

    /**
     * Rendered board rows as they change: event {@code ticket}, data = one {@code <tr>}, id = the API's event id (a
     * browser reconnecting, e.g. to another replica, sends it back as Last-Event-ID and gets what it missed). The board
     * stays open all day while access tokens live minutes: every call takes the person's current token (refreshed when
     * due), and when the API's stream ends with its token, it is reopened with a fresh one after the last event seen.
     * A refusal (the person lost their role in the town, or their login ended) ends the stream. A first comment
     * follows the API's own once its stream is subscribed (the page then shows the board live); comments every 15 s
     * keep proxies from closing a quiet stream.
     */
    @GetMapping(path = "/console/towns/{town}/board/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ResponseBody
    Flux<ServerSentEvent<String>> stream(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                         @PathVariable String town, Locale locale, Authentication login, ServerWebExchange exchange,
                                         @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        var lastSeen = new AtomicReference<String>(lastEventId != null && lastEventId.matches("\\d{1,19}") ? lastEventId : null);
        Supplier<Mono<OAuth2AuthorizedClient>> current = () -> tokens.current(login, exchange);
        var changes = Flux.defer(() -> current.get().flatMapMany(client ->
                        api.stream(client, lastSeen.get(), "/api/towns/{town}/tickets/stream", town)))
                // The API's stream ends when the token it was opened with expires: open it again.
                .repeatWhen(ended -> ended.delayElements(Duration.ofMillis(100)))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofSeconds(1)).maxBackoff(Duration.ofSeconds(30)).transientErrors(true)
                        .filter(failure -> !(failure instanceof ApiProblem) && !(failure instanceof OAuth2AuthorizationException)));
        var rows = pages.frame(person, town).flatMapMany(frame -> changes.concatMap(change -> {
            if (change.data() == null) { // the API's stream is subscribed: say so, which also opens the browser's stream
                return Mono.just(ServerSentEvent.<String>builder().comment(ConsoleApi.CONNECTED).build());
            }
            lastSeen.set(change.id());
            return current.get().flatMap(client -> api.get(client, "/api/towns/{town}/tickets/{id}", town, change.data().get("ticketId")))
                    .map(ticket -> ServerSentEvent.builder(row(frame, ticket, locale)).event("ticket").id(change.id()).build())
                    .onErrorResume(ApiProblem.class, refused -> Mono.empty());
        })).onErrorResume(failure -> Mono.empty()).takeUntilOther(shutdown.closing());
        var heartbeat = Flux.interval(HEARTBEAT).map(tick -> ServerSentEvent.<String>builder().comment("keep-alive").build());
        // Heartbeats only while the rows flow: when the rows end, so does the stream.
        return rows.publish(shared -> Flux.merge(shared, heartbeat.takeUntilOther(shared.then(Mono.just(true)))));
    }

    private String row(TownPages.Frame frame, Map<String, Object> ticket, Locale locale) {
        var context = new Context(locale, Map.of("frame", frame, "fmt", frame.fmt(), "t", ticket));
        return templates.process("console/rows", Set.of("row"), context).replace("\n", " ");
    }

}
