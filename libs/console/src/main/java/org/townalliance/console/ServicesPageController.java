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

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The alliance's service catalogue (basic, value-added, public-welfare, community-governance services)
 * and the public-welfare list: the secretariat sees the draft (what publishing would publish) next to
 * the version residents see now, and publishes the next version.
 */
@Controller
class ServicesPageController {

    private static final List<String> FIELDS = List.of("kind", "nameZh", "description", "providerId", "estateId", "listPrice",
            "discountPrice", "unit", "whereOffered", "schedule", "eligibility");

    private final ConsoleApi api;
    private final TownPages pages;

    ServicesPageController(ConsoleApi api, TownPages pages) {
        this.api = api;
        this.pages = pages;
    }

    @GetMapping("/console/towns/{town}/services")
    Mono<Rendering> services(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                             @PathVariable String town, @RequestParam(required = false) String done) {
        return page(person, town, done, null, null);
    }

    private Mono<Rendering> page(OAuth2AuthorizedClient person, String town, String done, ApiProblem refusal, Map<String, String> form) {
        return pages.frame(person, town).flatMap(frame -> {
            Mono<List<Map<String, Object>>> draft = frame.secretariat()
                    ? api.list(person, "/api/towns/{town}/public-welfare-list/draft", town) : Mono.just(List.of());
            Mono<Map<String, Object>> published = api.get(null, "/public/towns/{town}/public-welfare-list", town)
                    .onErrorResume(ApiProblem.class, none -> Mono.just(Map.of()));
            return Mono.zip(api.list(person, "/api/towns/{town}/services?activeOnly={all}", town, !frame.secretariat()), draft, published)
                    .map(found -> Rendering.view("console/services").modelAttribute("frame", frame).modelAttribute("fmt", frame.fmt())
                            .modelAttribute("services", found.getT1()).modelAttribute("draft", found.getT2())
                            .modelAttribute("published", found.getT3()).modelAttribute("done", done)
                            .modelAttribute("refusal", refusal).modelAttribute("form", form).build());
        });
    }

    @PostMapping(path = "/console/towns/{town}/services", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> create(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                           @PathVariable String town, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> api.send(HttpMethod.POST, person,
                                ConsoleForms.numbers(ConsoleForms.fields(form, FIELDS.toArray(String[]::new)), "listPrice", "discountPrice"),
                                "/api/towns/{town}/services", town)
                        .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/services?done=created").build())
                        .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, null, refusal, form.toSingleValueMap()))));
    }

    /** Takes a service off the catalogue (and so off the next public-welfare list) or puts it back; it is never deleted. */
    @PostMapping(path = "/console/towns/{town}/services/{serviceId}/active", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> activate(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                             @PathVariable String town, @PathVariable UUID serviceId, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> api.list(person, "/api/towns/{town}/services?activeOnly=false", town)
                .flatMap(all -> all.stream().filter(s -> serviceId.toString().equals(s.get("id"))).findFirst()
                        .map(Mono::just).orElseGet(() -> Mono.error(ApiProblem.of(404, Map.of("type", "urn:town-alliance:problem:service-not-found",
                                "detail", "No such service in this town.")))))
                .flatMap(service -> {
                    var body = new HashMap<String, Object>();
                    FIELDS.forEach(field -> body.put(field, service.get(field)));
                    body.put("active", "true".equals(form.getFirst("active")));
                    return api.send(HttpMethod.PUT, person, body, "/api/towns/{town}/services/{id}", town, serviceId);
                })
                .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/services?done=changed").build()));
    }

    @PostMapping(path = "/console/towns/{town}/public-welfare-list/publish", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> publish(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                            @PathVariable String town, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> api.send(HttpMethod.POST, person, ConsoleForms.fields(form, "title"),
                                "/api/towns/{town}/public-welfare-list/publish", town)
                        .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/services?done=published").build())
                        .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, null, refusal, form.toSingleValueMap()))));
    }
}
