package org.townalliance.console;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The alliance's offices: who holds each today, every office's history, the reminder of terms ending
 * without a successor, and for the secretariat the form that records a term (the API checks who is eligible).
 */
@Controller
class OfficesPageController {

    private final ConsoleApi api;
    private final TownPages pages;

    OfficesPageController(ConsoleApi api, TownPages pages) {
        this.api = api;
        this.pages = pages;
    }

    @GetMapping("/console/towns/{town}/offices")
    Mono<Rendering> offices(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                            @PathVariable String town, @RequestParam(required = false) String done) {
        return page(person, town, done, null, null);
    }

    private Mono<Rendering> page(OAuth2AuthorizedClient person, String town, String done, ApiProblem refusal, Map<String, String> form) {
        return pages.frame(person, town).flatMap(frame -> {
            Mono<List<Map<String, Object>>> people = frame.secretariat() ? api.list(person, "/api/towns/{town}/people", town) : Mono.just(List.of());
            Mono<List<Map<String, Object>>> reminders = frame.secretariat()
                    ? api.list(person, "/api/towns/{town}/offices/reminders", town) : Mono.just(List.of());
            return Mono.zip(api.list(person, "/api/towns/{town}/offices", town), people, reminders)
                    .flatMap(found -> reactor.core.publisher.Flux.fromIterable(found.getT1())
                            .concatMap(office -> api.list(person, "/api/towns/{town}/offices/{code}/terms", town, office.get("code"))
                                    .map(terms -> Map.entry((String) office.get("code"), terms)))
                            .collectMap(Map.Entry::getKey, Map.Entry::getValue, LinkedHashMap::new)
                            .map(history -> Rendering.view("console/offices").modelAttribute("frame", frame).modelAttribute("fmt", frame.fmt())
                                    .modelAttribute("offices", found.getT1()).modelAttribute("people", found.getT2())
                                    .modelAttribute("reminders", found.getT3()).modelAttribute("history", history)
                                    .modelAttribute("done", done).modelAttribute("refusal", refusal).modelAttribute("form", form).build()));
        });
    }

    @PostMapping(path = "/console/towns/{town}/offices", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> define(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                           @PathVariable String town, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            var body = ConsoleForms.numbers(ConsoleForms.fields(form, "code", "nameZh", "nameEn", "holderRule", "termMonths"), "termMonths");
            body.put("singleHolder", form.containsKey("singleHolder"));
            return api.apply(HttpMethod.POST, person, body, "/api/towns/{town}/offices", town)
                    .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/offices?done=defined").build())
                    .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, null, refusal, form.toSingleValueMap())));
        });
    }

    @PostMapping(path = "/console/towns/{town}/offices/terms", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> record(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                           @PathVariable String town, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> api.send(HttpMethod.POST, person,
                                ConsoleForms.fields(form, "personId", "organisationId", "startsOn", "endsOn", "note"),
                                "/api/towns/{town}/offices/{code}/terms", town, String.valueOf(form.getFirst("office")))
                        .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/offices?done=recorded").build())
                        .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, null, refusal, form.toSingleValueMap()))));
    }
}
