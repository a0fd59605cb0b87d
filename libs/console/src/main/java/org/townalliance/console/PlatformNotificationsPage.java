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
import reactor.core.publisher.Mono;

/** The platform admin's view of notifications: deliveries of the last day by channel, SMS used per town this month, dead letters. */
@Controller
class PlatformNotificationsPage {

    private final ConsoleApi api;

    PlatformNotificationsPage(ConsoleApi api) {
        this.api = api;
    }

    @GetMapping("/console/platform/notifications")
    Mono<Rendering> notifications(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                  @RequestParam(required = false) Long after, @RequestParam(required = false) String retried) {
        var dead = "/api/platform/notifications/dead?limit=50" + (after == null ? "" : "&after=" + after);
        return Mono.zip(api.get(person, "/api/me"), api.get(person, "/api/platform/notifications/figures"), api.get(person, dead))
                .map(found -> Rendering.view("console/platform-notifications").modelAttribute("me", found.getT1())
                        .modelAttribute("figures", found.getT2()).modelAttribute("dead", found.getT3())
                        .modelAttribute("retried", retried).build());
    }

    @PostMapping(path = "/console/platform/notifications/dead/{id}/retry", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> retry(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person, @PathVariable long id) {
        return api.send(HttpMethod.POST, person, null, "/api/platform/notifications/dead/{id}/retry", id)
                .then(Mono.just(Rendering.redirectTo("/console/platform/notifications?retried=" + id).build()));
    }
}
