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

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * Training: the programmes and their sessions (the secretariat adds them), a session's page with enrolment (myself;
 * a manager's people; anyone for the secretariat), the secretariat's register of days and scores, completion, and
 * certificates as PDF with their public verification link.
 */
@Controller
class TrainingPageController {

    private final ConsoleApi api;
    private final TownPages pages;

    TrainingPageController(ConsoleApi api, TownPages pages) {
        this.api = api;
        this.pages = pages;
    }

    @GetMapping("/console/towns/{town}/training")
    Mono<Rendering> programmes(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                               @PathVariable String town) {
        return list(person, town, null, Map.of());
    }

    /** {@code form}: what was typed into a refused form, shown again beside the problem. */
    private Mono<Rendering> list(OAuth2AuthorizedClient person, String town, ApiProblem refusal, Map<String, String> form) {
        return pages.frame(person, town).flatMap(frame -> api.list(person, "/api/towns/{town}/training/programmes", town)
                .map(programmes -> Rendering.view("console/training").modelAttribute("frame", frame).modelAttribute("fmt", frame.fmt())
                        .modelAttribute("programmes", programmes).modelAttribute("refusal", refusal).modelAttribute("form", form).build()));
    }

    @PostMapping(path = "/console/towns/{town}/training/programmes", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> createProgramme(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                    @PathVariable String town, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> api.send(HttpMethod.POST, person, ConsoleForms.numbers(ConsoleForms.fields(form, "title",
                                "category", "description", "hours", "minAttendancePercent", "passMark", "certificateTitle"), "minAttendancePercent", "passMark"),
                        "/api/towns/{town}/training/programmes", town)
                .map(created -> Rendering.redirectTo("/console/towns/" + town + "/training").build())
                .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> list(person, town, refusal, form.toSingleValueMap()))));
    }

    @PostMapping(path = "/console/towns/{town}/training/sessions", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> createSession(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                  @PathVariable String town, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            var programme = ConsoleForms.value(form, "programmeId");
            if (programme == null || !programme.matches("^[0-9a-f-]{36}$")) {
                return list(person, town, ApiProblem.field(400, "invalid-request", "programmeId", "Choose a programme."), form.toSingleValueMap());
            }
            return api.send(HttpMethod.POST, person, ConsoleForms.numbers(ConsoleForms.fields(form, "name", "startsOn", "endsOn", "venue", "trainer",
                            "capacity"), "capacity"), "/api/towns/{town}/training/programmes/{p}/sessions", town, programme)
                    .map(created -> Rendering.redirectTo("/console/towns/" + town + "/training/sessions/" + created.get("id")).build())
                    .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> list(person, town, refusal, form.toSingleValueMap())));
        });
    }

    @GetMapping("/console/towns/{town}/training/sessions/{id}")
    Mono<Rendering> session(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                            @PathVariable String town, @PathVariable String id, @RequestParam(required = false) String done) {
        return page(person, town, id, done, null, null);
    }

    private Mono<Rendering> page(OAuth2AuthorizedClient person, String town, String id, String done, ApiProblem refusal, List<Map<String, Object>> results) {
        return pages.frame(person, town).flatMap(frame -> Mono.zip(api.get(person, "/api/towns/{town}/training/sessions/{id}", town, id),
                        frame.managesPeople() ? api.list(person, "/api/towns/{town}/people", town) : Mono.just(List.<Map<String, Object>>of()))
                .map(t -> Rendering.view("console/training-session").modelAttribute("frame", frame).modelAttribute("fmt", frame.fmt())
                        .modelAttribute("v", t.getT1()).modelAttribute("people", learners(t.getT2()))
                        .modelAttribute("present", presentKeys(t.getT1())).modelAttribute("results", results)
                        .modelAttribute("done", done).modelAttribute("refusal", refusal).build()));
    }

    @PostMapping(path = "/console/towns/{town}/training/sessions/{id}/enrol", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> enrol(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                          @PathVariable String town, @PathVariable String id, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> api.apply(HttpMethod.POST, person, ConsoleForms.fields(form, "personId"),
                        "/api/towns/{town}/training/sessions/{id}/enrolments", town, id)
                .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/training/sessions/" + id + "?done=enrolled").build())
                .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, id, null, refusal, null))));
    }

    @PostMapping(path = "/console/towns/{town}/training/sessions/{id}/enrolments/{enrolment}/withdraw",
            consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> withdraw(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                             @PathVariable String town, @PathVariable String id, @PathVariable String enrolment) {
        return api.apply(HttpMethod.POST, person, Map.of(), "/api/towns/{town}/training/enrolments/{e}/withdraw", town, enrolment)
                .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/training/sessions/" + id + "?done=withdrawn").build())
                .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, id, null, refusal, null)));
    }

    /** The register form sends every running enrolment's days: a ticked box is present, an unticked one absent. */
    @PostMapping(path = "/console/towns/{town}/training/sessions/{id}/register", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> register(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                             @PathVariable String town, @PathVariable String id, ServerWebExchange exchange) {
        return Mono.zip(exchange.getFormData(), api.get(person, "/api/towns/{town}/training/sessions/{id}", town, id))
                .flatMap(t -> api.apply(HttpMethod.PUT, person, register(t.getT1(), t.getT2()), "/api/towns/{town}/training/sessions/{id}/register", town, id))
                .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/training/sessions/" + id + "?done=register").build())
                .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, id, null, refusal, null)));
    }

    @PostMapping(path = "/console/towns/{town}/training/sessions/{id}/complete", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> complete(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                             @PathVariable String town, @PathVariable String id) {
        return api.sendForList(HttpMethod.POST, person, Map.of(), "/api/towns/{town}/training/sessions/{id}/completion", town, id)
                .flatMap(results -> page(person, town, id, "completed", null, results))
                .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, id, null, refusal, null)));
    }

    @PostMapping(path = "/console/towns/{town}/training/sessions/{id}/cancel", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> cancel(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                           @PathVariable String town, @PathVariable String id) {
        return api.apply(HttpMethod.POST, person, Map.of(), "/api/towns/{town}/training/sessions/{id}/cancel", town, id)
                .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/training/sessions/" + id + "?done=cancelled").build())
                .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, id, null, refusal, null)));
    }

    @GetMapping("/console/towns/{town}/training/certificates/{code}.pdf")
    Mono<ResponseEntity<byte[]>> certificate(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                             @PathVariable String town, @PathVariable String code) {
        return pdf(api.download(person, "/api/towns/{town}/training/certificates/{code}/pdf", town, code));
    }

    @GetMapping("/console/me/training/certificates/{code}.pdf")
    Mono<ResponseEntity<byte[]>> myCertificate(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                               @PathVariable String code) {
        return pdf(api.download(person, "/api/me/training/certificates/{code}/pdf", code));
    }

    private static Mono<ResponseEntity<byte[]>> pdf(Mono<ResponseEntity<byte[]>> file) {
        return file.map(f -> ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, f.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION)).body(f.getBody()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> register(MultiValueMap<String, String> form, Map<String, Object> view) {
        var ticked = new HashSet<>(form.getOrDefault("present", List.of()));
        var attendance = new ArrayList<Map<String, Object>>();
        var scores = new ArrayList<Map<String, Object>>();
        for (var e : (List<Map<String, Object>>) view.get("enrolments")) {
            if (!"ENROLLED".equals(e.get("status"))) {
                continue;
            }
            for (var day : (List<Object>) view.get("days")) {
                attendance.add(Map.of("enrolmentId", e.get("id"), "day", day, "present", ticked.contains(e.get("id") + "|" + day)));
            }
            var score = ConsoleForms.value(form, "score-" + e.get("id"));
            if (score != null) {
                scores.add(ConsoleForms.numbers(new java.util.HashMap<>(Map.of("enrolmentId", e.get("id"), "score", score)), "score"));
            }
        }
        return Map.of("attendance", attendance, "scores", scores);
    }

    @SuppressWarnings("unchecked")
    private static java.util.Set<String> presentKeys(Map<String, Object> view) {
        var keys = new HashSet<String>();
        for (var e : (List<Map<String, Object>>) view.get("enrolments")) {
            for (var day : (List<Object>) e.get("presentDays")) {
                keys.add(e.get("id") + "|" + day);
            }
        }
        return keys;
    }

    /** People with a role in a member organisation, as "name (account)". */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> learners(List<Map<String, Object>> people) {
        return people.stream().filter(p -> ((List<Map<String, Object>>) p.get("roles")).stream().anyMatch(r -> r.get("organisation") != null))
                .map(p -> Map.<String, Object>of("id", p.get("id"), "label", String.valueOf(p.getOrDefault("familyName", ""))
                        + p.getOrDefault("givenName", "") + "（" + p.get("username") + "）"))
                .toList();
    }
}
