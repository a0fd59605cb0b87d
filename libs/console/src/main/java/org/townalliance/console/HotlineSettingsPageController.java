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

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hotline's settings for a town, kept by the secretariat and read by operators: the policy (reopen,
 * duplicate and rating-link windows, deadline warning), deadline rules (entered in hours), the working
 * calendar's exceptional days (holidays, make-up working days), the ticket categories and dispatch rules.
 * Lists the API replaces whole (rules, calendar) are read, changed and written back in one step.
 */
@Controller
class HotlineSettingsPageController {

    private static final String BASE = "/api/towns/{town}/hotline";

    private final ConsoleApi api;
    private final TownPages pages;
    private final EstateSearch estates;

    HotlineSettingsPageController(ConsoleApi api, TownPages pages, EstateSearch estates) {
        this.api = api;
        this.pages = pages;
        this.estates = estates;
    }

    @GetMapping("/console/towns/{town}/hotline-settings")
    Mono<Rendering> settings(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                             @PathVariable String town, @RequestParam(required = false) String done) {
        return page(person, town, done, null, null);
    }

    private Mono<Rendering> page(OAuth2AuthorizedClient person, String town, String done, ApiProblem refusal, Map<String, String> form) {
        return Mono.zip(pages.frame(person, town), api.get(person, BASE + "/policy", town), api.list(person, BASE + "/deadline-rules", town),
                        api.get(person, BASE + "/working-calendar", town), api.list(person, BASE + "/categories", town),
                        api.list(person, BASE + "/dispatch-rules", town))
                .map(found -> Rendering.view("console/hotline-settings").modelAttribute("frame", found.getT1()).modelAttribute("fmt", found.getT1().fmt())
                        .modelAttribute("policy", found.getT2()).modelAttribute("rules", found.getT3()).modelAttribute("calendar", found.getT4())
                        .modelAttribute("categoryTree", found.getT5()).modelAttribute("dispatchRules", found.getT6())
                        .modelAttribute("done", done).modelAttribute("refusal", refusal).modelAttribute("form", form).build());
    }

    @PostMapping(path = "/console/towns/{town}/hotline-settings/{change}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> change(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                           @PathVariable String town, @PathVariable String change, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> apply(person, town, change, form)
                .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/hotline-settings?done=" + change).build())
                .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> {
                    var kept = new LinkedHashMap<>(form.toSingleValueMap());
                    kept.put("form", change);
                    return page(person, town, null, refusal, kept);
                })));
    }

    private Mono<?> apply(OAuth2AuthorizedClient person, String town, String change, MultiValueMap<String, String> form) {
        return switch (change) {
            case "policy" -> api.send(HttpMethod.PUT, person, ConsoleForms.numbers(ConsoleForms.fields(form, "reopenWindowDays",
                    "duplicateWindowHours", "ratingLinkDays", "resolveWarningPercent"), "reopenWindowDays", "duplicateWindowHours",
                    "ratingLinkDays", "resolveWarningPercent"), BASE + "/policy", town);
            case "deadline-rule-add" -> rules(person, town, rules -> {
                var rule = ConsoleForms.fields(form, "kind", "categoryCode", "priority");
                rule.put("acceptMinutes", minutes(ConsoleForms.value(form, "acceptHours")));
                rule.put("resolveMinutes", minutes(ConsoleForms.value(form, "resolveHours")));
                rule.put("workingTime", form.getFirst("workingTime") != null);
                // a rule for the same kind, category and priority replaces the old one
                rules.removeIf(r -> java.util.Objects.equals(r.get("kind"), rule.get("kind"))
                        && java.util.Objects.equals(r.get("categoryCode"), rule.get("categoryCode"))
                        && java.util.Objects.equals(r.get("priority"), rule.get("priority")));
                rules.add(rule);
            });
            case "deadline-rule-remove" -> rules(person, town, rules -> rules.remove(index(form, rules.size())));
            case "calendar-day-add" -> calendar(person, town, days -> {
                var day = ConsoleForms.fields(form, "day", "note");
                day.put("working", "true".equals(form.getFirst("working")));
                days.removeIf(d -> d.get("day").equals(day.get("day"))); // a day given again replaces the old entry
                days.add(day);
            });
            case "calendar-day-remove" -> calendar(person, town, days -> days.removeIf(d -> d.get("day").equals(form.getFirst("day"))));
            case "category-add" -> api.send(HttpMethod.POST, person, ConsoleForms.fields(form, "code", "nameZh", "nameEn", "parentCode"),
                    BASE + "/categories", town);
            case "category-active" -> api.send(HttpMethod.PATCH, person, Map.of("active", "true".equals(form.getFirst("active"))),
                    BASE + "/categories/{code}", town, form.getFirst("code"));
            case "dispatch-rule-add" -> estates.resolve(person, town, ConsoleForms.value(form, "estate"))
                    .map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                    .flatMap(estate -> {
                        var rule = ConsoleForms.fields(form, "categoryCode", "organisationId");
                        estate.ifPresent(id -> rule.put("estateId", id));
                        return api.send(HttpMethod.POST, person, rule, BASE + "/dispatch-rules", town);
                    });
            case "dispatch-rule-remove" -> api.send(HttpMethod.DELETE, person, null, BASE + "/dispatch-rules/{id}", town, form.getFirst("ruleId"));
            default -> Mono.error(ApiProblem.of(404, Map.of("type", "urn:town-alliance:problem:unknown-action", "detail", "No such setting.")));
        };
    }

    private Mono<?> rules(OAuth2AuthorizedClient person, String town, java.util.function.Consumer<List<Map<String, Object>>> edit) {
        return api.list(person, BASE + "/deadline-rules", town).flatMap(current -> {
            var rules = new ArrayList<>(current);
            edit.accept(rules);
            return api.apply(HttpMethod.PUT, person, rules, BASE + "/deadline-rules", town);
        });
    }

    @SuppressWarnings("unchecked")
    private Mono<?> calendar(OAuth2AuthorizedClient person, String town, java.util.function.Consumer<List<Map<String, Object>>> edit) {
        return api.get(person, BASE + "/working-calendar", town).flatMap(current -> {
            var days = new ArrayList<>((List<Map<String, Object>>) current.get("days"));
            edit.accept(days);
            return api.apply(HttpMethod.PUT, person, Map.of("weekly", current.get("weekly"), "days", days), BASE + "/working-calendar", town);
        });
    }

    /** Hours as typed (e.g. 0.5, 24) to whole minutes; text that is not a number goes on for the API to refuse. */
    private static Object minutes(String hours) {
        try {
            return hours == null ? null : new BigDecimal(hours).multiply(BigDecimal.valueOf(60)).setScale(0, java.math.RoundingMode.HALF_UP);
        } catch (NumberFormatException e) {
            return hours;
        }
    }

    private static int index(MultiValueMap<String, String> form, int size) {
        try {
            var index = Integer.parseInt(String.valueOf(form.getFirst("index")));
            if (index >= 0 && index < size) {
                return index;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw ApiProblem.of(400, Map.of("type", "urn:town-alliance:problem:rule-not-found", "detail", "That rule is gone; reload the page."));
    }
}
