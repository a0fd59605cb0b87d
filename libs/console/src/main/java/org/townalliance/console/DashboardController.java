package org.townalliance.console;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.reactive.result.view.Rendering;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * A town's dashboard: tickets per day, by status, kind and category, and the on-time rate per member
 * organisation, for a period (default: the last 30 days), charted with ECharts from the statistics API.
 */
@Controller
class DashboardController {

    private final ConsoleApi api;
    private final TownPages pages;

    DashboardController(ConsoleApi api, TownPages pages) {
        this.api = api;
        this.pages = pages;
    }

    @GetMapping("/console/towns/{town}/dashboard")
    Mono<Rendering> dashboard(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                              @PathVariable String town, @RequestParam(required = false) String from, @RequestParam(required = false) String to) {
        return pages.frame(person, town).flatMap(frame -> {
            var today = LocalDate.now(java.time.ZoneId.of(frame.fmt().zone()));
            var end = date(to, today);
            var start = date(from, end.minusDays(29));
            return api.get(person, "/api/towns/{town}/tickets/statistics?from={from}&to={to}", town, start, end)
                    .map(statistics -> Rendering.view("console/dashboard").modelAttribute("frame", frame).modelAttribute("fmt", frame.fmt())
                            .modelAttribute("stats", statistics).modelAttribute("from", start).modelAttribute("to", end).build());
        });
    }

    private static LocalDate date(String value, LocalDate otherwise) {
        try {
            return value == null || value.isBlank() ? otherwise : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            return otherwise;
        }
    }
}
