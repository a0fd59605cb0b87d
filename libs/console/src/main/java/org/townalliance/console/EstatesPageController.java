package org.townalliance.console;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A town's estates (小区): searched rather than listed whole (a town may have thousands), created by the
 * secretariat, each with its managing firm and the history of who managed it when; Excel in and out.
 */
@Controller
class EstatesPageController {

    private static final int PAGE = 200;

    private final ConsoleApi api;
    private final TownPages pages;
    private final EstateSearch search;
    private final Spreadsheets spreadsheets;

    EstatesPageController(ConsoleApi api, TownPages pages, EstateSearch search, Spreadsheets spreadsheets) {
        this.api = api;
        this.pages = pages;
        this.search = search;
        this.spreadsheets = spreadsheets;
    }

    @GetMapping("/console/towns/{town}/estates")
    Mono<Rendering> estates(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                            @PathVariable String town, @RequestParam(required = false) String q) {
        return list(person, town, q, null, null, null);
    }

    private Mono<Rendering> list(OAuth2AuthorizedClient person, String town, String q, ApiProblem refusal, Map<String, String> form,
                                 Map<String, Object> report) {
        var text = q == null ? "" : q.strip();
        return pages.frame(person, town).zipWith(api.list(person, "/api/towns/{town}/estates?q={q}&limit={limit}", town, text, PAGE + 1))
                .map(found -> Rendering.view("console/estates").modelAttribute("frame", found.getT1()).modelAttribute("fmt", found.getT1().fmt())
                        .modelAttribute("estates", found.getT2().stream().limit(PAGE).toList())
                        .modelAttribute("more", found.getT2().size() > PAGE).modelAttribute("q", text)
                        .modelAttribute("refusal", refusal).modelAttribute("form", form).modelAttribute("report", report).build());
    }

    /** The intake form's search-as-you-type list. */
    @GetMapping(path = "/console/towns/{town}/estates/search", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    Mono<List<Map<String, Object>>> searchEstates(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                                  @PathVariable String town, @RequestParam(defaultValue = "") String q) {
        return search.search(person, town, q.strip()).map(found -> found.stream().map(e -> Map.<String, Object>of(
                "id", e.get("id"), "name", e.get("name"), "address", e.get("address"),
                "managedBy", e.get("managedBy") instanceof Map<?, ?> m ? m.get("nameZh") : "")).toList());
    }

    @PostMapping(path = "/console/towns/{town}/estates", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> create(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                           @PathVariable String town, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> api.send(HttpMethod.POST, person,
                                ConsoleForms.numbers(ConsoleForms.fields(form, "name", "address", "households", "buildings", "committeeContact",
                                        "committeePhone"), "households", "buildings"),
                                "/api/towns/{town}/estates", town)
                        .map(estate -> Rendering.redirectTo("/console/towns/" + town + "/estates/" + estate.get("id") + "?saved=created").build())
                        .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal ->
                                list(person, town, null, refusal, form.toSingleValueMap(), null))));
    }

    @GetMapping("/console/towns/{town}/estates/{estateId}")
    Mono<Rendering> estate(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                           @PathVariable String town, @PathVariable UUID estateId, @RequestParam(required = false) String saved) {
        return estatePage(person, town, estateId, saved, null, null);
    }

    private Mono<Rendering> estatePage(OAuth2AuthorizedClient person, String town, UUID estateId, String saved, ApiProblem refusal,
                                       Map<String, String> form) {
        return Mono.zip(pages.frame(person, town), api.get(person, "/api/towns/{town}/estates/{id}", town, estateId),
                        api.list(person, "/api/towns/{town}/estates/{id}/management", town, estateId))
                .map(found -> Rendering.view("console/estate").modelAttribute("frame", found.getT1()).modelAttribute("fmt", found.getT1().fmt())
                        .modelAttribute("estate", found.getT2()).modelAttribute("history", found.getT3())
                        .modelAttribute("saved", saved).modelAttribute("refusal", refusal).modelAttribute("form", form)
                        .modelAttribute("today", java.time.LocalDate.now(java.time.ZoneId.of(found.getT1().fmt().zone()))).build());
    }

    @PostMapping(path = "/console/towns/{town}/estates/{estateId}/managing-firm", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> assign(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                           @PathVariable String town, @PathVariable UUID estateId, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> api.send(HttpMethod.PUT, person, ConsoleForms.fields(form, "firmUscc", "from"),
                                "/api/towns/{town}/estates/{id}/managing-firm", town, estateId)
                        .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/estates/" + estateId + "?saved=assigned").build())
                        .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal ->
                                estatePage(person, town, estateId, null, refusal, form.toSingleValueMap()))));
    }

    @GetMapping("/console/towns/{town}/estates/export")
    @ResponseBody
    Mono<ResponseEntity<byte[]>> export(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                        @PathVariable String town) {
        return spreadsheets.export(person, "/api/towns/{town}/estates/export", town);
    }

    /** Every estate's QR poster (扫码报修), a page each, for the secretariat to print. */
    @GetMapping("/console/towns/{town}/estates/posters.pdf")
    @ResponseBody
    Mono<ResponseEntity<byte[]>> posters(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                         @PathVariable String town) {
        return api.download(person, "/api/towns/{town}/estates/posters.pdf", town);
    }

    @GetMapping("/console/towns/{town}/estates/{estateId}/poster.pdf")
    @ResponseBody
    Mono<ResponseEntity<byte[]>> poster(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                        @PathVariable String town, @PathVariable java.util.UUID estateId) {
        return api.download(person, "/api/towns/{town}/estates/{id}/poster.pdf", town, estateId);
    }

    @PostMapping(path = "/console/towns/{town}/estates/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<Rendering> importEstates(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                  @PathVariable String town, ServerWebExchange exchange) {
        return spreadsheets.importFile(person, exchange, "/api/towns/{town}/estates/import", town)
                .flatMap(report -> list(person, town, null, null, null, report))
                .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> list(person, town, null, refusal, null, null)));
    }
}
