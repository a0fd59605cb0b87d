package org.townalliance.console;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import reactor.core.publisher.Mono;

/** The platform admin's organisation registry: one record per firm or agency (by credit code) across all towns, searchable, paged by code. */
@Controller
class PlatformOrganisationsPage {

    private final ConsoleApi api;

    PlatformOrganisationsPage(ConsoleApi api) {
        this.api = api;
    }

    @GetMapping("/console/platform/organisations")
    Mono<Rendering> organisations(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                  @RequestParam(defaultValue = "") String q, @RequestParam(required = false) String kind,
                                  @RequestParam(required = false) String after) {
        var query = new StringBuilder("/api/platform/organisations?limit=50&q={q}");
        if (kind != null && kind.matches("FIRM|AGENCY")) {
            query.append("&kind=").append(kind);
        }
        if (after != null && after.matches("[0-9A-Z]{18}")) {
            query.append("&after=").append(after);
        }
        return Mono.zip(api.get(person, "/api/me"), api.get(person, query.toString(), q.strip()))
                .map(found -> Rendering.view("console/platform-organisations").modelAttribute("me", found.getT1())
                        .modelAttribute("page", found.getT2()).modelAttribute("q", q.strip()).modelAttribute("kind", kind)
                        .modelAttribute("after", after).build());
    }
}
