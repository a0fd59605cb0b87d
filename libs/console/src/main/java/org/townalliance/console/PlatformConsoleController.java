package org.townalliance.console;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The platform admin's pages: the towns with their status, and onboarding a town with its steps shown as they completed. */
@Controller
class PlatformConsoleController {

    private final ConsoleApi api;

    PlatformConsoleController(ConsoleApi api) {
        this.api = api;
    }

    @GetMapping("/console/platform/towns")
    Mono<Rendering> towns(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                          ServerWebExchange exchange) {
        var onboarded = exchange.getRequest().getQueryParams().getFirst("onboarded");
        var steps = onboarded == null || !onboarded.matches("[a-z][a-z0-9-]{1,30}") ? Mono.just(List.<Map<String, Object>>of())
                : api.list(person, "/api/platform/towns/{slug}/events", onboarded);
        // Towns that neither held nor scheduled their two general member meetings this year are flagged.
        var missingMeetings = api.list(person, "/api/platform/governance/compliance")
                .map(towns -> towns.stream().filter(t -> !Boolean.TRUE.equals(t.get("compliant"))).map(t -> (String) t.get("slug"))
                        .collect(java.util.stream.Collectors.toSet()));
        return Mono.zip(api.get(person, "/api/me"), api.get(person, "/api/platform/towns?limit=200"), steps, missingMeetings)
                .map(found -> Rendering.view("console/platform-towns").modelAttribute("me", found.getT1())
                        .modelAttribute("towns", found.getT2().get("items")).modelAttribute("onboarded", onboarded)
                        .modelAttribute("steps", found.getT3()).modelAttribute("missingMeetings", found.getT4()).build());
    }

    @PostMapping(path = "/console/platform/towns", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> onboard(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                            ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            var body = new LinkedHashMap<String, Object>();
            for (var field : new String[]{"slug", "nameZh", "nameEn", "district", "city", "timezone"}) {
                var value = form.getFirst(field);
                if (value != null && !value.isBlank()) {
                    body.put(field, value.trim());
                }
            }
            return api.send(HttpMethod.POST, person, body, "/api/platform/towns");
        }).map(town -> Rendering.redirectTo("/console/platform/towns?onboarded=" + town.get("slug")).build());
    }

    /** Suspend, resume or archive a town; the page asks for a reason and an explicit confirmation first. */
    @PostMapping(path = "/console/platform/towns/{slug}/{change}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> change(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                           @org.springframework.web.bind.annotation.PathVariable String slug,
                           @org.springframework.web.bind.annotation.PathVariable String change, ServerWebExchange exchange) {
        if (!List.of("suspend", "resume", "archive").contains(change)) {
            return Mono.error(ApiProblem.of(404, Map.of("type", "urn:town-alliance:problem:unknown-action", "detail", "No such town change.")));
        }
        return exchange.getFormData().flatMap(form -> {
            if (!"resume".equals(change) && form.getFirst("confirm") == null) {
                return Mono.error(ApiProblem.of(400, Map.of("type", "urn:town-alliance:problem:confirmation-required",
                        "detail", "Tick the confirmation box first.")));
            }
            var reason = form.getFirst("reason");
            Object body = "resume".equals(change) ? null : Map.of("reason", reason == null ? "" : reason.trim());
            return api.send(HttpMethod.POST, person, body, "/api/platform/towns/{slug}/{change}", slug, change);
        }).thenReturn(Rendering.redirectTo("/console/platform/towns").build());
    }
}
