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

import java.util.Map;

/** The alliance's profile (name, founding date, charter, hotline number, operations centre): read by all, kept by the secretariat. */
@Controller
class AlliancePageController {

    private final ConsoleApi api;
    private final TownPages pages;

    AlliancePageController(ConsoleApi api, TownPages pages) {
        this.api = api;
        this.pages = pages;
    }

    @GetMapping("/console/towns/{town}/alliance")
    Mono<Rendering> alliance(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                             @PathVariable String town, @RequestParam(required = false) String saved) {
        return page(person, town, saved, null, null);
    }

    private Mono<Rendering> page(OAuth2AuthorizedClient person, String town, String saved, ApiProblem refusal, Map<String, String> form) {
        var profile = api.get(person, "/api/towns/{town}/alliance", town)
                .onErrorResume(ApiProblem.class, p -> "alliance-not-set-up".equals(p.code()) ? Mono.just(Map.of()) : Mono.error(p));
        return Mono.zip(pages.frame(person, town), profile)
                .map(found -> Rendering.view("console/alliance").modelAttribute("frame", found.getT1()).modelAttribute("fmt", found.getT1().fmt())
                        .modelAttribute("alliance", found.getT2()).modelAttribute("saved", saved)
                        .modelAttribute("refusal", refusal).modelAttribute("form", form).build());
    }

    @PostMapping(path = "/console/towns/{town}/alliance", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> save(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                         @PathVariable String town, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> api.send(HttpMethod.PUT, person,
                                ConsoleForms.fields(form, "name", "foundedOn", "charter", "hotlineNumber", "operationsCentreAddress"),
                                "/api/towns/{town}/alliance", town)
                        .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/alliance?saved=1").build())
                        .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, null, refusal, form.toSingleValueMap()))));
    }
}
