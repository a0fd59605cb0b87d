package org.townalliance.console;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.stereotype.Controller;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The people of a town and their roles: the secretariat manages everyone, a member's managers their own
 * organisation's people (the API enforces which). Inviting someone who already has an account in another
 * town adds this town to the same login; removing a person leaves their other towns untouched.
 */
@Controller
class PeoplePageController {

    private final ConsoleApi api;
    private final TownPages pages;

    PeoplePageController(ConsoleApi api, TownPages pages) {
        this.api = api;
        this.pages = pages;
    }

    @GetMapping("/console/towns/{town}/people")
    Mono<Rendering> people(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                           @PathVariable String town, @RequestParam(required = false) String done) {
        return page(person, town, done, null, null);
    }

    private Mono<Rendering> page(OAuth2AuthorizedClient person, String town, String done, ApiProblem refusal, Map<String, String> form) {
        return pages.frame(person, town).zipWith(api.list(person, "/api/towns/{town}/people", town))
                .map(found -> Rendering.view("console/people").modelAttribute("frame", found.getT1()).modelAttribute("fmt", found.getT1().fmt())
                        .modelAttribute("people", found.getT2()).modelAttribute("done", done)
                        .modelAttribute("refusal", refusal).modelAttribute("form", form).build());
    }

    @PostMapping(path = "/console/towns/{town}/people", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> invite(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                           @PathVariable String town, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> api.send(HttpMethod.POST, person,
                                ConsoleForms.fields(form, "familyName", "givenName", "email", "phone", "role", "organisation"),
                                "/api/towns/{town}/people", town)
                        .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/people?done=invited").build())
                        .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, null, refusal, form.toSingleValueMap()))));
    }

    /** The complete set of roles: the ticked ones ("ROLE" or "ROLE@organisation") plus an organisation role added on the form. */
    @PostMapping(path = "/console/towns/{town}/people/{personId}/roles", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> roles(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                          @PathVariable String town, @PathVariable String personId, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> api.send(HttpMethod.PUT, person, Map.of("roles", roles(form)),
                                "/api/towns/{town}/people/{id}/roles", town, personId)
                        .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/people?done=roles").build())
                        .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, null, refusal, Map.of("person", personId)))));
    }

    @PostMapping(path = "/console/towns/{town}/people/{personId}/remove", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> remove(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                           @PathVariable String town, @PathVariable String personId, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> form.getFirst("confirm") == null
                        ? Mono.<Map<String, Object>>error(ApiProblem.of(400, Map.of("type", "urn:town-alliance:problem:confirmation-required",
                                "detail", "Tick the confirmation box first.")))
                        : api.send(HttpMethod.DELETE, person, null, "/api/towns/{town}/people/{id}", town, personId))
                .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/people?done=removed").build())
                .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, null, refusal, Map.of("person", personId))));
    }

    private static List<Map<String, Object>> roles(MultiValueMap<String, String> form) {
        var roles = new ArrayList<Map<String, Object>>();
        for (var ticked : form.getOrDefault("role", List.of())) {
            var at = ticked.indexOf('@');
            roles.add(role(at < 0 ? ticked : ticked.substring(0, at), at < 0 ? null : ticked.substring(at + 1)));
        }
        var added = ConsoleForms.value(form, "addRole");
        if (added != null) {
            roles.add(role(added, ConsoleForms.value(form, "addOrganisation")));
        }
        return roles;
    }

    private static Map<String, Object> role(String role, String organisation) {
        var value = new LinkedHashMap<String, Object>();
        value.put("role", role);
        if (organisation != null) {
            value.put("organisation", organisation);
        }
        return value;
    }
}
