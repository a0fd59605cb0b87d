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

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Dispute mediation: the cases I may read (confidential: the API decides and audits every read), the
 * secretariat's form to open one, and a case's page with its sessions and, for the mediator, the forms to
 * record a session, the outcome and the follow-up of an agreement.
 */
@Controller
class MediationPageController {

    private static final Set<String> STEPS = Set.of("sessions", "outcome", "follow-up");

    private final ConsoleApi api;
    private final TownPages pages;

    MediationPageController(ConsoleApi api, TownPages pages) {
        this.api = api;
        this.pages = pages;
    }

    @GetMapping("/console/towns/{town}/mediation")
    Mono<Rendering> cases(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                          @PathVariable String town) {
        return list(person, town, null, Map.of());
    }

    /** {@code form}: what was typed into a refused form, shown again beside the problem. */
    private Mono<Rendering> list(OAuth2AuthorizedClient person, String town, ApiProblem refusal, Map<String, String> form) {
        return pages.frame(person, town).flatMap(frame -> api.list(person, "/api/towns/{town}/mediation/cases", town)
                .map(cases -> Rendering.view("console/mediation").modelAttribute("frame", frame).modelAttribute("fmt", frame.fmt())
                        .modelAttribute("cases", cases).modelAttribute("refusal", refusal).modelAttribute("form", form).build()));
    }

    @PostMapping(path = "/console/towns/{town}/mediation", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> open(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                         @PathVariable String town, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            var body = ConsoleForms.fields(form, "title", "firmOrganisationId", "residentParty", "residentContact", "subject",
                    "mediatorOrganisationId", "mediatorName");
            var tickets = ConsoleForms.value(form, "ticketNumbers");
            if (tickets != null) {
                body.put("ticketNumbers", Arrays.stream(tickets.split("[,，\\s]+")).filter(t -> !t.isBlank()).map(t -> t.replace("#", "")).toList());
            }
            return api.send(HttpMethod.POST, person, body, "/api/towns/{town}/mediation/cases", town)
                    .map(opened -> Rendering.redirectTo("/console/towns/" + town + "/mediation/" + opened.get("id")).build())
                    .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> list(person, town, refusal, form.toSingleValueMap())));
        });
    }

    @GetMapping("/console/towns/{town}/mediation/{id}")
    Mono<Rendering> mediationCase(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                  @PathVariable String town, @PathVariable String id, @RequestParam(required = false) String done) {
        return page(person, town, id, done, null);
    }

    private Mono<Rendering> page(OAuth2AuthorizedClient person, String town, String id, String done, ApiProblem refusal) {
        return pages.frame(person, town).flatMap(frame -> api.get(person, "/api/towns/{town}/mediation/cases/{id}", town, id)
                .map(c -> Rendering.view("console/mediation-case").modelAttribute("frame", frame).modelAttribute("fmt", frame.fmt())
                        .modelAttribute("c", c).modelAttribute("mediator", frame.secretariat()
                                || frame.organisationIds().contains(String.valueOf(c.get("mediatorOrganisationId"))))
                        .modelAttribute("done", done).modelAttribute("refusal", refusal).build()));
    }

    @PostMapping(path = "/console/towns/{town}/mediation/{id}/{step}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> step(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                         @PathVariable String town, @PathVariable String id, @PathVariable String step, ServerWebExchange exchange) {
        if (!STEPS.contains(step) || !id.matches("^[0-9a-f-]{36}$")) {
            return Mono.error(ApiProblem.field(404, "not-found", "step", "No such step."));
        }
        return exchange.getFormData().flatMap(form -> api.apply(HttpMethod.POST, person, body(step, form),
                        "/api/towns/{town}/mediation/cases/{id}/" + step, town, id)
                .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/mediation/" + id + "?done=" + step).build())
                .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, id, null, refusal))));
    }

    private static Map<String, Object> body(String step, MultiValueMap<String, String> form) {
        return switch (step) {
            case "sessions" -> ConsoleForms.fields(form, "heldOn", "attendees", "notes");
            case "outcome" -> ConsoleForms.fields(form, "outcome", "terms", "referredTo", "note", "followUpOn");
            default -> {
                var body = ConsoleForms.fields(form, "result");
                body.put("kept", "true".equals(form.getFirst("kept")));
                yield body;
            }
        };
    }
}
