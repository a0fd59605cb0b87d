package org.townalliance.console;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * My profile: who I am (from my login), my towns with my roles in each, my language, the town I open
 * first, my training record across towns. Password and two-factor settings live in Keycloak's account console (one login for all towns).
 */
@Controller
class ProfilePageController {

    private final ConsoleApi api;

    ProfilePageController(ConsoleApi api) {
        this.api = api;
    }

    @GetMapping("/console/me")
    Mono<Rendering> profile(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                            @AuthenticationPrincipal OidcUser user, ServerWebExchange exchange) {
        var last = exchange.getRequest().getCookies().getFirst(ConsoleHomeController.LAST_TOWN);
        return Mono.zip(api.get(person, "/api/me"), api.get(person, "/api/me/training")).map(t -> Rendering.view("console/profile")
                .modelAttribute("me", t.getT1()).modelAttribute("training", t.getT2())
                .modelAttribute("towns", t.getT1().get("towns"))
                .modelAttribute("name", user.getFullName() != null ? user.getFullName()
                        : (nullToEmpty(user.getFamilyName()) + nullToEmpty(user.getGivenName())))
                .modelAttribute("email", user.getEmail()).modelAttribute("phone", user.getPhoneNumber())
                .modelAttribute("lastTown", last == null ? null : last.getValue())
                .modelAttribute("accountUrl", person.getClientRegistration().getProviderDetails().getIssuerUri() + "/account")
                .build());
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
