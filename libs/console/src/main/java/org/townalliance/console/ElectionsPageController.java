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

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * Elections: the list with the form that opens one and the town's election rules (secretariat); an
 * election's page where each person sees what they may do: recommend, second, accept or decline, name a
 * delegate, vote for the organisations they manage or represent, and (secretariat) open and close rounds.
 * The API decides; a refusal comes back on the same page.
 */
@Controller
class ElectionsPageController {

    private final ConsoleApi api;
    private final TownPages pages;

    ElectionsPageController(ConsoleApi api, TownPages pages) {
        this.api = api;
        this.pages = pages;
    }

    @GetMapping("/console/towns/{town}/elections")
    Mono<Rendering> elections(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                              @PathVariable String town, @RequestParam(required = false) String done) {
        return list(person, town, done, null, null);
    }

    private Mono<Rendering> list(OAuth2AuthorizedClient person, String town, String done, ApiProblem refusal, Map<String, String> form) {
        return pages.frame(person, town).flatMap(frame -> {
            var year = LocalDate.now(ZoneId.of(frame.fmt().zone())).getYear();
            Mono<List<Map<String, Object>>> meetings = frame.secretariat()
                    ? Mono.zip(api.list(person, "/api/towns/{town}/meetings?year={y}", town, year), api.list(person, "/api/towns/{town}/meetings?year={y}", town, year + 1))
                            .map(both -> java.util.stream.Stream.concat(both.getT1().stream(), both.getT2().stream())
                                    .filter(m -> "SCHEDULED".equals(m.get("status"))).toList())
                    : Mono.just(List.of());
            return Mono.zip(api.list(person, "/api/towns/{town}/elections", town), api.get(person, "/api/towns/{town}/elections/rules", town),
                            api.list(person, "/api/towns/{town}/offices", town), meetings)
                    .map(found -> Rendering.view("console/elections").modelAttribute("frame", frame).modelAttribute("fmt", frame.fmt())
                            .modelAttribute("elections", found.getT1()).modelAttribute("rules", found.getT2()).modelAttribute("offices", found.getT3())
                            .modelAttribute("officeNames", officeNames(found.getT3())).modelAttribute("meetings", found.getT4()).modelAttribute("done", done).modelAttribute("refusal", refusal)
                            .modelAttribute("form", form).build());
        });
    }

    @PostMapping(path = "/console/towns/{town}/elections", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> open(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                         @PathVariable String town, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> api.send(HttpMethod.POST, person,
                        ConsoleForms.fields(form, "officeCode", "title", "nominationsCloseOn", "meetingId", "termStartsOn"), "/api/towns/{town}/elections", town)
                .map(election -> Rendering.redirectTo("/console/towns/" + town + "/elections/" + election.get("id")).build())
                .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> list(person, town, null, refusal, form.toSingleValueMap()))));
    }

    @PostMapping(path = "/console/towns/{town}/elections/rules", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> rules(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                          @PathVariable String town, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            var body = ConsoleForms.numbers(ConsoleForms.fields(form, "quorumPercent", "majority", "tieBreak", "ballot"), "quorumPercent");
            body.put("seconderRequired", form.containsKey("seconderRequired"));
            return api.apply(HttpMethod.PUT, person, body, "/api/towns/{town}/elections/rules", town)
                    .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/elections?done=rules").build())
                    .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> list(person, town, null, refusal, form.toSingleValueMap())));
        });
    }

    @GetMapping("/console/towns/{town}/elections/{id}")
    Mono<Rendering> election(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                             @PathVariable String town, @PathVariable String id, @RequestParam(required = false) String done) {
        return page(person, town, id, done, null);
    }

    private Mono<Rendering> page(OAuth2AuthorizedClient person, String town, String id, String done, ApiProblem refusal) {
        return pages.frame(person, town).flatMap(frame -> api.get(person, "/api/towns/{town}/elections/{id}", town, id)
                .flatMap(election -> {
                    // Managers see their organisation's people, the secretariat everyone: whom they may propose or delegate.
                    Mono<List<Map<String, Object>>> people = frame.managesPeople() ? api.list(person, "/api/towns/{town}/people", town)
                            : Mono.just(List.of());
                    return Mono.zip(api.get(person, "/api/towns/{town}/meetings/{m}", town, election.get("meetingId")), people,
                                    api.list(person, "/api/towns/{town}/offices", town))
                            .map(found -> Rendering.view("console/election").modelAttribute("frame", frame).modelAttribute("fmt", frame.fmt())
                                    .modelAttribute("election", election).modelAttribute("meeting", found.getT1()).modelAttribute("people", found.getT2())
                                    .modelAttribute("officeNames", officeNames(found.getT3())).modelAttribute("candidateNames", candidateNames(election))
                                    .modelAttribute("ballot", Ballot.of(election, frame))
                                    .modelAttribute("done", done).modelAttribute("refusal", refusal).build());
                }));
    }

    /** Every step of an election posts here; the step names the API path below the election. */
    @PostMapping(path = "/console/towns/{town}/elections/{id}/{step}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> step(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                         @PathVariable String town, @PathVariable String id, @PathVariable String step, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            var candidate = ConsoleForms.value(form, "candidate");
            var path = switch (step) {
                case "candidates", "delegates", "votes", "cancel" -> step;
                case "ballot-open" -> "ballot/open";
                case "ballot-close" -> "ballot/close";
                case "second", "accept", "decline" -> candidate != null && candidate.matches("^[0-9a-f-]{36}$") ? "candidates/" + candidate + "/" + step : null;
                default -> null;
            };
            if (path == null) {
                return Mono.error(ApiProblem.field(404, "not-found", "step", "No such step."));
            }
            return api.apply(HttpMethod.POST, person, body(step, form), "/api/towns/{town}/elections/{id}/" + path, town, id)
                    .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/elections/" + id + "?done=" + step).build())
                    .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, id, null, refusal)));
        });
    }

    private static Map<String, String> officeNames(List<Map<String, Object>> offices) {
        return offices.stream().collect(java.util.stream.Collectors.toMap(o -> (String) o.get("code"), o -> (String) o.get("nameZh")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> candidateNames(Map<String, Object> election) {
        return ((List<Map<String, Object>>) election.get("candidates")).stream()
                .collect(java.util.stream.Collectors.toMap(c -> (String) c.get("id"), c -> (String) c.get("personName")));
    }

    private static Map<String, Object> body(String step, MultiValueMap<String, String> form) {
        return switch (step) {
            case "candidates" -> ConsoleForms.fields(form, "personId", "organisationId", "byOrganisationId", "statement");
            case "second" -> ConsoleForms.fields(form, "byOrganisationId");
            case "accept", "decline" -> ConsoleForms.fields(form, "statement");
            case "delegates" -> ConsoleForms.fields(form, "organisationId", "personId");
            case "votes" -> ConsoleForms.fields(form, "organisationId", "candidateId");
            default -> Map.of();
        };
    }

    /**
     * What the signed-in person may do in the open round: the organisations they vote for (those they manage,
     * those that named them delegate) and whether each has voted already.
     */
    record Ballot(List<String> organisations, List<String> voted) {

        @SuppressWarnings("unchecked")
        static Ballot of(Map<String, Object> election, TownPages.Frame frame) {
            var mine = new java.util.ArrayList<>(frame.managedOrganisationIds());
            ((List<Map<String, Object>>) election.get("delegates")).stream().filter(d -> frame.subject().equals(d.get("personId")))
                    .map(d -> (String) d.get("organisationId")).filter(o -> !mine.contains(o)).forEach(mine::add);
            var rounds = (List<Map<String, Object>>) election.get("rounds");
            var voted = rounds.isEmpty() ? List.<String>of() : ((List<Map<String, Object>>) rounds.getLast().get("voters")).stream()
                    .map(v -> (String) v.get("organisationId")).toList();
            return new Ballot(List.copyOf(mine), voted);
        }
    }
}
