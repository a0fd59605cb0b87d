package org.townalliance.console;

import org.springframework.http.ResponseCookie;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The way in: after login, straight to the town used last (remembered in a cookie) if it is still
 * one of mine, else my towns to choose from; the platform admin also gets the platform pages.
 */
@Controller
class ConsoleHomeController {

    static final String LAST_TOWN = "console_town";

    private final ConsoleApi api;

    ConsoleHomeController(ConsoleApi api) {
        this.api = api;
    }

    /** The site's root leads to the console (people type the bare address). */
    @GetMapping("/")
    Mono<Rendering> root() {
        return Mono.just(Rendering.redirectTo("/console").build());
    }

    @GetMapping({"/console", "/console/"})
    Mono<Rendering> home(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                         ServerWebExchange exchange) {
        var last = exchange.getRequest().getCookies().getFirst(LAST_TOWN);
        return api.get(person, "/api/me").map(me -> {
            @SuppressWarnings("unchecked") var towns = (List<Map<String, Object>>) me.get("towns");
            if (last != null && towns.stream().anyMatch(t -> last.getValue().equals(t.get("slug")))) {
                return Rendering.redirectTo("/console/towns/" + last.getValue()).build();
            }
            if (towns.size() == 1 && !Boolean.TRUE.equals(me.get("platformAdmin"))) {
                return Rendering.redirectTo("/console/towns/" + towns.getFirst().get("slug")).build();
            }
            return Rendering.view("console/home").modelAttribute("me", me).modelAttribute("towns", towns).build();
        });
    }

    /** Remembers the town the person works in now, for their next visit. */
    static void remember(ServerWebExchange exchange, String town) {
        exchange.getResponse().addCookie(ResponseCookie.from(LAST_TOWN, town).path("/console").maxAge(Duration.ofDays(365))
                .httpOnly(true).sameSite("Lax").build());
    }
}
