package org.townalliance.console;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.Map;

/**
 * The secretariat's member organisations: the current list, an Excel export, and an import from Excel
 * or CSV (all or nothing, as the API does it; its report or its row problems are shown).
 */
@Controller
class MembersPageController {

    private final TownPages pages;
    private final Spreadsheets spreadsheets;

    MembersPageController(TownPages pages, Spreadsheets spreadsheets) {
        this.pages = pages;
        this.spreadsheets = spreadsheets;
    }

    @GetMapping("/console/towns/{town}/members")
    Mono<Rendering> members(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                            @PathVariable String town) {
        return pages.frame(person, town).map(frame -> page(frame, null, null));
    }

    @GetMapping("/console/towns/{town}/members/export")
    @ResponseBody
    Mono<ResponseEntity<byte[]>> export(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                        @PathVariable String town) {
        return spreadsheets.export(person, "/api/towns/{town}/members/export", town);
    }

    @PostMapping(path = "/console/towns/{town}/members/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<Rendering> importMembers(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                  @PathVariable String town, ServerWebExchange exchange) {
        return spreadsheets.importFile(person, exchange, "/api/towns/{town}/members/import", town)
                .flatMap(report -> pages.frame(person, town).map(frame -> page(frame, report, null)))
                .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> pages.frame(person, town).map(frame -> page(frame, null, refusal))));
    }

    private Rendering page(TownPages.Frame frame, Map<String, Object> report, ApiProblem refusal) {
        return Rendering.view("console/members").modelAttribute("frame", frame).modelAttribute("fmt", frame.fmt())
                .modelAttribute("report", report).modelAttribute("refusal", refusal).build();
    }
}
