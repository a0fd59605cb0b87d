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
 * Announcements: the list (for members, those addressed to them, marked read or not), the secretariat's form
 * (to all or to ticked members), an announcement's page (opening it as an addressed person leaves the receipt;
 * the secretariat sees the receipts and who has not read it).
 */
@Controller
class AnnouncementsPageController {

    private final ConsoleApi api;
    private final TownPages pages;

    AnnouncementsPageController(ConsoleApi api, TownPages pages) {
        this.api = api;
        this.pages = pages;
    }

    @GetMapping("/console/towns/{town}/announcements")
    Mono<Rendering> list(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                         @PathVariable String town, @RequestParam(required = false) String done) {
        return page(person, town, done, null);
    }

    private Mono<Rendering> page(OAuth2AuthorizedClient person, String town, String done, ApiProblem refusal) {
        return pages.frame(person, town).flatMap(frame -> api.list(person, "/api/towns/{town}/announcements", town)
                .map(announcements -> Rendering.view("console/announcements").modelAttribute("frame", frame).modelAttribute("fmt", frame.fmt())
                        .modelAttribute("announcements", announcements).modelAttribute("done", done).modelAttribute("refusal", refusal).build()));
    }

    @PostMapping(path = "/console/towns/{town}/announcements", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> post(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                         @PathVariable String town, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            var body = new LinkedHashMap<String, Object>(ConsoleForms.fields(form, "title", "body"));
            body.put("organisationIds", "SOME".equals(form.getFirst("audience")) ? form.getOrDefault("organisationId", List.of()) : List.of());
            return api.send(HttpMethod.POST, person, body, "/api/towns/{town}/announcements", town)
                    .map(posted -> Rendering.redirectTo("/console/towns/" + town + "/announcements/" + posted.get("id")).build())
                    .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, null, refusal)));
        });
    }

    @GetMapping("/console/towns/{town}/announcements/{id}")
    Mono<Rendering> announcement(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                 @PathVariable String town, @PathVariable String id) {
        return pages.frame(person, town).flatMap(frame -> {
            // Opening it is reading it: an addressed person's receipt; the secretariat sees the receipts instead.
            Mono<Map<String, Object>> shown = frame.secretariat()
                    ? api.get(person, "/api/towns/{town}/announcements/{id}/receipts", town, id)
                    : api.send(HttpMethod.POST, person, Map.of(), "/api/towns/{town}/announcements/{id}/read", town, id)
                            .map(a -> Map.<String, Object>of("announcement", a, "receipts", List.of(), "unreadOrganisations", List.of()));
            return shown.map(view -> Rendering.view("console/announcement").modelAttribute("frame", frame).modelAttribute("fmt", frame.fmt())
                    .modelAttribute("view", view).build());
        });
    }

    @GetMapping("/console/towns/{town}/announcements/{id}/attachment")
    Mono<org.springframework.http.ResponseEntity<byte[]>> attachment(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                                                     @PathVariable String town, @PathVariable String id) {
        return api.download(person, "/api/towns/{town}/announcements/{id}/attachment", town, id)
                .map(file -> org.springframework.http.ResponseEntity.ok().headers(h -> {
                    h.setContentType(file.getHeaders().getContentType());
                    h.set(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION, file.getHeaders().getFirst(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION));
                }).body(file.getBody()));
    }
}
