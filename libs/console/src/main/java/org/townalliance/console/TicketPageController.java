package org.townalliance.console;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.Set;
import java.util.UUID;

/**
 * One ticket: its facts, deadlines and timeline, and the actions the person's role allows (the API
 * decides; a refused action comes back on the page as the problem, in the person's language).
 */
@Controller
class TicketPageController {

    private static final Set<String> ACTIONS = Set.of("dispatch", "transfer", "accept", "reject", "start", "resolve", "close",
            "reopen", "cancel", "escalate", "callback");

    private final ConsoleApi api;
    private final TownPages pages;

    TicketPageController(ConsoleApi api, TownPages pages) {
        this.api = api;
        this.pages = pages;
    }

    @GetMapping("/console/towns/{town}/tickets/{ticketId}")
    Mono<Rendering> ticket(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                           @PathVariable String town, @PathVariable UUID ticketId, ServerWebExchange exchange) {
        // The people a manager may give the ticket to (the API answers a firm's managers with their own organisation's people).
        var people = api.list(person, "/api/towns/{town}/people", town).onErrorResume(ApiProblem.class, notAManager -> Mono.just(java.util.List.of()));
        return Mono.zip(pages.frame(person, town), api.get(person, "/api/towns/{town}/tickets/{id}", town, ticketId), people)
                .map(found -> Rendering.view("console/ticket").modelAttribute("frame", found.getT1()).modelAttribute("fmt", found.getT1().fmt())
                        .modelAttribute("t", found.getT2()).modelAttribute("people", found.getT1().operationsCentre() ? java.util.List.of() : found.getT3())
                        .modelAttribute("done", exchange.getRequest().getQueryParams().getFirst("done")).build());
    }

    @PostMapping(path = "/console/towns/{town}/tickets/{ticketId}/{action}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> act(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                        @PathVariable String town, @PathVariable UUID ticketId, @PathVariable String action, ServerWebExchange exchange) {
        if (!ACTIONS.contains(action)) {
            return Mono.error(ApiProblem.of(404, java.util.Map.of("type", "urn:town-alliance:problem:unknown-action",
                    "detail", "No ticket action '" + action + "'.")));
        }
        return exchange.getFormData().flatMap(form -> {
            var body = new LinkedHashMap<String, Object>();
            for (var field : new String[]{"organisationId", "note", "reason", "duplicateOf", "comment"}) {
                var value = form.getFirst(field);
                if (value != null && !value.isBlank()) {
                    body.put(field, value.trim());
                }
            }
            if (action.equals("callback")) {
                body.put("satisfied", "true".equals(form.getFirst("satisfied")));
                body.put("score", parseScore(form.getFirst("score")));
            }
            return api.send(HttpMethod.POST, person, body, "/api/towns/{town}/tickets/{id}/{action}", town, ticketId, action);
        }).thenReturn(Rendering.redirectTo("/console/towns/" + town + "/tickets/" + ticketId + "?done=" + action).build());
    }

    /** A note on site (or from the office) on the timeline, status unchanged. */
    @PostMapping(path = "/console/towns/{town}/tickets/{ticketId}/notes", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> note(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                         @PathVariable String town, @PathVariable UUID ticketId, ServerWebExchange exchange) {
        return oneField(person, exchange, HttpMethod.POST, "note", town, ticketId, "notes");
    }

    /** The firm's manager gives the ticket to one of the firm's people. */
    @PostMapping(path = "/console/towns/{town}/tickets/{ticketId}/assignee", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> assign(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                           @PathVariable String town, @PathVariable UUID ticketId, ServerWebExchange exchange) {
        return oneField(person, exchange, HttpMethod.PUT, "personId", town, ticketId, "assignee");
    }

    /** A form of one field sent to the ticket's {@code path} as {@code {field: value}}; back to the ticket, done. */
    private Mono<Rendering> oneField(OAuth2AuthorizedClient person, ServerWebExchange exchange, HttpMethod method, String field, String town,
                                     UUID ticketId, String path) {
        return exchange.getFormData().flatMap(form -> api.send(method, person,
                        java.util.Map.of(field, java.util.Objects.requireNonNullElse(form.getFirst(field), "")),
                        "/api/towns/{town}/tickets/{id}/{path}", town, ticketId, path))
                .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/tickets/" + ticketId + "?done=" + path).build());
    }

    /** A photo of the ticket from the office or the field (the role decides who may: the API checks). */
    @PostMapping(path = "/console/towns/{town}/tickets/{ticketId}/photos", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<Rendering> photo(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                          @PathVariable String town, @PathVariable UUID ticketId, ServerWebExchange exchange) {
        return exchange.getMultipartData().flatMap(parts -> {
            var role = parts.getFirst("role") instanceof org.springframework.http.codec.multipart.FormFieldPart field ? field.value() : "AFTER";
            var file = Uploads.chosen(parts.getFirst("photo"));
            if (file == null) {
                return Mono.error(ApiProblem.field(400, "photo-required", "photo", "Choose a photo."));
            }
            return Uploads.bytes(file, 10 * 1024 * 1024, "photo").flatMap(bytes -> api.upload(person, MediaType.APPLICATION_OCTET_STREAM, bytes,
                    "/api/towns/{town}/tickets/{id}/photos?role={role}", town, ticketId, role));
        }).thenReturn(Rendering.redirectTo("/console/towns/" + town + "/tickets/" + ticketId + "?done=photo").build());
    }

    /** A photo's JPEG for the page, with the person's token (the browser cannot send it to the API itself). */
    @GetMapping("/console/towns/{town}/tickets/{ticketId}/photos/{photoId}")
    Mono<org.springframework.http.ResponseEntity<byte[]>> photoContent(
            @RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person, @PathVariable String town,
            @PathVariable UUID ticketId, @PathVariable UUID photoId, @org.springframework.web.bind.annotation.RequestParam(required = false) String size) {
        return api.download(person, "/api/towns/{town}/tickets/{id}/photos/{p}?size={size}", town, ticketId, photoId,
                "thumbnail".equals(size) ? "thumbnail" : "full");
    }

    private static Integer parseScore(String score) {
        try {
            return score == null ? null : Integer.valueOf(score);
        } catch (NumberFormatException e) {
            return null; // the API answers with its own problem
        }
    }
}
