package org.townalliance.console;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * Member meetings: the year's meetings with the "two general meetings" indicator, scheduling one; a
 * meeting's page with its invitation (calendar file, e-mail text), check-in, resolutions, action items,
 * tickets discussed, minutes; a printable record and its Excel export.
 */
@Controller
class MeetingsPageController {

    private static final Set<String> RECORDS = Set.of("check-in", "resolutions", "action-items", "tickets", "minutes", "cancel");

    private final ConsoleApi api;
    private final TownPages pages;

    MeetingsPageController(ConsoleApi api, TownPages pages) {
        this.api = api;
        this.pages = pages;
    }

    @GetMapping("/console/towns/{town}/meetings")
    Mono<Rendering> meetings(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                             @PathVariable String town, @RequestParam(required = false) Integer year) {
        return list(person, town, year, null, null);
    }

    private Mono<Rendering> list(OAuth2AuthorizedClient person, String town, Integer year, ApiProblem refusal, Map<String, String> form) {
        return pages.frame(person, town).flatMap(frame -> {
            var y = year != null ? year : LocalDate.now(ZoneId.of(frame.fmt().zone())).getYear();
            Mono<Map<String, Object>> compliance = frame.secretariat() ? api.get(person, "/api/towns/{town}/meetings/compliance?year={y}", town, y)
                    : Mono.just(Map.of());
            return Mono.zip(api.list(person, "/api/towns/{town}/meetings?year={y}", town, y), compliance)
                    .map(found -> Rendering.view("console/meetings").modelAttribute("frame", frame).modelAttribute("fmt", frame.fmt())
                            .modelAttribute("year", y).modelAttribute("meetings", found.getT1()).modelAttribute("compliance", found.getT2())
                            .modelAttribute("refusal", refusal).modelAttribute("form", form).build());
        });
    }

    @PostMapping(path = "/console/towns/{town}/meetings", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> schedule(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                             @PathVariable String town, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> pages.frame(person, town).flatMap(frame -> {
            var zone = ZoneId.of(frame.fmt().zone());
            var body = ConsoleForms.fields(form, "kind", "title", "location");
            body.put("startsAt", at(form, "startsAt", zone));
            body.put("endsAt", at(form, "endsAt", zone));
            body.put("agenda", Arrays.stream(String.valueOf(ConsoleForms.value(form, "agenda")).split("\\R")).map(String::trim)
                    .filter(line -> !line.isEmpty() && !"null".equals(line)).toList());
            return api.send(HttpMethod.POST, person, body, "/api/towns/{town}/meetings", town)
                    .map(meeting -> Rendering.redirectTo("/console/towns/" + town + "/meetings/" + meeting.get("id")).build())
                    .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> list(person, town, null, refusal, form.toSingleValueMap())));
        }));
    }

    @GetMapping("/console/towns/{town}/meetings/{id}")
    Mono<Rendering> meeting(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                            @PathVariable String town, @PathVariable String id, @RequestParam(required = false) String done) {
        return page(person, town, id, done, null, null, "console/meeting");
    }

    @GetMapping("/console/towns/{town}/meetings/{id}/print")
    Mono<Rendering> print(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                          @PathVariable String town, @PathVariable String id) {
        return page(person, town, id, null, null, null, "console/meeting-print");
    }

    private Mono<Rendering> page(OAuth2AuthorizedClient person, String town, String id, String done, ApiProblem refusal, Map<String, String> form,
                                 String view) {
        return pages.frame(person, town).flatMap(frame -> Mono.zip(api.get(person, "/api/towns/{town}/meetings/{id}", town, id),
                        text(person, "/api/towns/{town}/meetings/{id}/invitation.txt", town, id))
                .map(found -> Rendering.view(view).modelAttribute("frame", frame).modelAttribute("fmt", frame.fmt())
                        .modelAttribute("meeting", found.getT1()).modelAttribute("invitation", found.getT2()).modelAttribute("done", done)
                        .modelAttribute("refusal", refusal).modelAttribute("form", form).build()));
    }

    /** The secretariat's records of a meeting: each form posts here with the API path it fills. */
    @PostMapping(path = "/console/towns/{town}/meetings/{id}/{record}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> record(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                           @PathVariable String town, @PathVariable String id, @PathVariable String record, ServerWebExchange exchange) {
        if (!RECORDS.contains(record)) {
            return Mono.error(ApiProblem.field(404, "not-found", "record", "No such form."));
        }
        return exchange.getFormData().flatMap(form -> {
            var item = ConsoleForms.value(form, "item");
            if (item != null && !item.matches("^[0-9a-f-]{36}$")) {
                return Mono.error(ApiProblem.field(404, "action-item-not-found", "item", "No such action item."));
            }
            var path = item != null ? "/api/towns/{town}/meetings/{id}/action-items/" + item + "/done" : "/api/towns/{town}/meetings/{id}/" + record;
            return api.apply(HttpMethod.POST, person, body(record, form), path, town, id)
                    .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/meetings/" + id + "?done=" + record).build())
                    .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, id, null, refusal,
                            Map.of("form", record), "console/meeting")));
        });
    }

    private static Map<String, Object> body(String record, MultiValueMap<String, String> form) {
        return switch (record) {
            case "check-in" -> ConsoleForms.fields(form, "organisationId", "name");
            case "resolutions" -> ConsoleForms.numbers(ConsoleForms.fields(form, "text", "votesFor", "votesAgainst", "abstentions"),
                    "votesFor", "votesAgainst", "abstentions");
            case "action-items" -> ConsoleForms.value(form, "item") != null ? ConsoleForms.fields(form, "doneOn")
                    : ConsoleForms.fields(form, "text", "ownerOrganisationId", "ownerName", "dueOn");
            case "tickets" -> ConsoleForms.numbers(ConsoleForms.fields(form, "ticketNumber", "note"), "ticketNumber");
            case "minutes" -> ConsoleForms.fields(form, "minutes");
            default -> Map.of();
        };
    }

    @GetMapping("/console/towns/{town}/meetings/{id}/invitation.ics")
    Mono<ResponseEntity<byte[]>> calendar(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                          @PathVariable String town, @PathVariable String id) {
        return api.download(person, "/api/towns/{town}/meetings/{id}/invitation.ics", town, id)
                .map(file -> ResponseEntity.ok().contentType(new MediaType("text", "calendar", StandardCharsets.UTF_8))
                        .header(HttpHeaders.CONTENT_DISPOSITION, file.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION)).body(file.getBody()));
    }

    @GetMapping("/console/towns/{town}/meetings/{id}/minutes.xlsx")
    Mono<ResponseEntity<byte[]>> workbook(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                          @PathVariable String town, @PathVariable String id) {
        return api.download(person, "/api/towns/{town}/meetings/{id}/minutes.xlsx", town, id)
                .map(file -> ResponseEntity.ok().contentType(Spreadsheets.XLSX)
                        .header(HttpHeaders.CONTENT_DISPOSITION, file.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION)).body(file.getBody()));
    }

    private Mono<String> text(OAuth2AuthorizedClient person, String path, Object... variables) {
        return api.download(person, path, variables).map(file -> new String(file.getBody(), StandardCharsets.UTF_8));
    }

    /** A datetime-local field in the town's zone as the API's ISO offset date-time; text that is not one goes as typed, for the API to refuse. */
    private static String at(MultiValueMap<String, String> form, String name, ZoneId zone) {
        var value = ConsoleForms.value(form, name);
        try {
            return value == null ? null : LocalDateTime.parse(value).atZone(zone).toOffsetDateTime().toString();
        } catch (DateTimeParseException notADateTime) {
            return value;
        }
    }
}
