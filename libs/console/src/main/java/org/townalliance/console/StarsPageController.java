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

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Star Plan: a year's nominations with their evidence, the nomination form (the secretariat for any
 * member, a manager for their own), the secretariat's review and the year's publication; and the public
 * page of a town's stars (no login).
 */
@Controller
class StarsPageController {

    private final ConsoleApi api;
    private final TownPages pages;

    StarsPageController(ConsoleApi api, TownPages pages) {
        this.api = api;
        this.pages = pages;
    }

    @GetMapping("/console/towns/{town}/stars")
    Mono<Rendering> stars(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                          @PathVariable String town, @RequestParam(required = false) Integer year, @RequestParam(required = false) String done) {
        return page(person, town, year, done, null);
    }

    private Mono<Rendering> page(OAuth2AuthorizedClient person, String town, Integer year, String done, ApiProblem refusal) {
        return pages.frame(person, town).flatMap(frame -> {
            var y = year != null ? year : LocalDate.now(ZoneId.of(frame.fmt().zone())).getYear();
            return api.get(person, "/api/towns/{town}/stars?year={y}", town, y)
                    .map(stars -> Rendering.view("console/stars").modelAttribute("frame", frame).modelAttribute("fmt", frame.fmt())
                            .modelAttribute("year", y).modelAttribute("stars", stars).modelAttribute("done", done)
                            .modelAttribute("refusal", refusal).build());
        });
    }

    @PostMapping(path = "/console/towns/{town}/stars/nominations", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> nominate(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                             @PathVariable String town, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            var body = ConsoleForms.numbers(ConsoleForms.fields(form, "year", "category", "organisationId", "nomineeName", "ticketNumber", "citation"),
                    "year", "ticketNumber");
            var evidence = new ArrayList<Map<String, Object>>();
            var kinds = form.getOrDefault("evidenceKind", java.util.List.of());
            var references = form.getOrDefault("evidenceReference", java.util.List.of());
            var notes = form.getOrDefault("evidenceNote", java.util.List.of());
            for (int i = 0; i < kinds.size(); i++) {
                var reference = i < references.size() ? references.get(i).trim() : "";
                var note = i < notes.size() ? notes.get(i).trim() : "";
                if (!kinds.get(i).isBlank() && (!reference.isEmpty() || !note.isEmpty())) {
                    var item = new LinkedHashMap<String, Object>();
                    item.put("kind", kinds.get(i));
                    item.put("reference", reference.isEmpty() ? null : reference);
                    item.put("note", note.isEmpty() ? null : note);
                    evidence.add(item);
                }
            }
            body.put("evidence", evidence);
            var year = ConsoleForms.value(form, "year");
            return api.apply(HttpMethod.POST, person, body, "/api/towns/{town}/stars/nominations", town)
                    .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/stars?year=" + year + "&done=nominated").build())
                    .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, year(year), null, refusal)));
        });
    }

    @PostMapping(path = "/console/towns/{town}/stars/nominations/{id}/review", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> review(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                           @PathVariable String town, @PathVariable String id, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> api.apply(HttpMethod.POST, person, ConsoleForms.fields(form, "decision", "note", "resolutionId"),
                        "/api/towns/{town}/stars/nominations/{id}/review", town, id)
                .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/stars?year=" + ConsoleForms.value(form, "year") + "&done=reviewed").build())
                .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, year(ConsoleForms.value(form, "year")), null, refusal))));
    }

    @PostMapping(path = "/console/towns/{town}/stars/publish", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> publish(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                            @PathVariable String town, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            var year = year(ConsoleForms.value(form, "year"));
            return api.apply(HttpMethod.POST, person, ConsoleForms.fields(form, "title"), "/api/towns/{town}/stars/years/{y}/publish", town, year)
                    .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/stars?year=" + year + "&done=published").build())
                    .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, year, null, refusal)));
        });
    }

    /** The town's stars of the year for residents: no login, only what was published. */
    @GetMapping("/stars/{town}/{year}")
    Mono<Rendering> publicPage(@PathVariable String town, @PathVariable int year) {
        return api.get(null, "/public/towns/{town}/stars/{year}", town, year)
                .map(stars -> Rendering.view("public/stars").modelAttribute("stars", stars).modelAttribute("code", null).build())
                .onErrorResume(ApiProblem.class, problem -> Mono.just(Rendering.view("public/stars").modelAttribute("stars", Map.of())
                        .modelAttribute("code", problem.code()).status(org.springframework.http.HttpStatus.OK).build()));
    }

    private static Integer year(String text) {
        try {
            return text == null ? null : Integer.valueOf(text);
        } catch (NumberFormatException notAYear) {
            return null;
        }
    }
}
