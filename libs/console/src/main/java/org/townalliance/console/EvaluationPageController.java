package org.townalliance.console;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FormFieldPart;
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

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Quality evaluation: the scheme (weights editable by the secretariat, each save a new version), computing
 * a period, the inspections with their evidence; a run's ranking with bars, publish, the reproducibility
 * check and Excel; an organisation's "why this score" with its contributions and trend.
 */
@Controller
class EvaluationPageController {

    private final ConsoleApi api;
    private final TownPages pages;

    EvaluationPageController(ConsoleApi api, TownPages pages) {
        this.api = api;
        this.pages = pages;
    }

    @GetMapping("/console/towns/{town}/evaluation")
    Mono<Rendering> evaluation(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                               @PathVariable String town, @RequestParam(required = false) String done) {
        return page(person, town, done, null);
    }

    private Mono<Rendering> page(OAuth2AuthorizedClient person, String town, String done, ApiProblem refusal) {
        return pages.frame(person, town).flatMap(frame -> Mono.zip(api.get(person, "/api/towns/{town}/evaluation/scheme", town),
                        api.list(person, "/api/towns/{town}/evaluation/indicators", town), api.list(person, "/api/towns/{town}/evaluation/runs", town),
                        api.list(person, "/api/towns/{town}/evaluation/scheme/versions", town))
                .map(found -> {
                    var indicators = new LinkedHashMap<String, Map<String, Object>>();
                    found.getT2().forEach(i -> indicators.put((String) i.get("code"), i));
                    var lastYear = LocalDate.now(ZoneId.of(frame.fmt().zone())).getYear() - 1;
                    return Rendering.view("console/evaluation").modelAttribute("frame", frame).modelAttribute("fmt", frame.fmt())
                            .modelAttribute("scheme", found.getT1()).modelAttribute("indicators", indicators).modelAttribute("runs", found.getT3())
                            .modelAttribute("versions", found.getT4()).modelAttribute("lastYear", lastYear).modelAttribute("done", done)
                            .modelAttribute("refusal", refusal).build();
                }));
    }

    /** The weights form: one row per indicator of the scheme, saved whole as the next version. */
    @PostMapping(path = "/console/towns/{town}/evaluation/scheme", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> scheme(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                           @PathVariable String town, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> {
            var indicators = new ArrayList<Map<String, Object>>();
            for (var code : form.getOrDefault("indicator", List.of())) {
                var row = ConsoleForms.numbers(ConsoleForms.fields(form, code + ".weight", code + ".normalisation", code + ".lower", code + ".upper",
                        code + ".minSample"), code + ".weight", code + ".lower", code + ".upper", code + ".minSample");
                var setting = new LinkedHashMap<String, Object>();
                setting.put("indicator", code);
                row.forEach((name, value) -> setting.put(name.substring(code.length() + 1), value));
                indicators.add(setting);
            }
            var body = new LinkedHashMap<String, Object>();
            body.put("note", ConsoleForms.value(form, "note"));
            body.put("indicators", indicators);
            return api.apply(HttpMethod.PUT, person, body, "/api/towns/{town}/evaluation/scheme", town)
                    .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/evaluation?done=scheme").build())
                    .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, null, refusal)));
        });
    }

    @PostMapping(path = "/console/towns/{town}/evaluation/runs", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> compute(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                            @PathVariable String town, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> api.send(HttpMethod.POST, person, ConsoleForms.fields(form, "period"),
                        "/api/towns/{town}/evaluation/runs", town)
                .map(run -> Rendering.redirectTo("/console/towns/" + town + "/evaluation/runs/" + ((Map<?, ?>) run.get("run")).get("id")).build())
                .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, null, refusal))));
    }

    /** An inspection score with its evidence file: the score first, then the file, both through the API. */
    @PostMapping(path = "/console/towns/{town}/evaluation/inspections", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<Rendering> inspect(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                            @PathVariable String town, ServerWebExchange exchange) {
        return exchange.getMultipartData().flatMap(parts -> {
            var body = new LinkedHashMap<String, Object>();
            for (var name : List.of("organisationId", "inspectedOn", "score", "inspector", "note")) {
                if (parts.getFirst(name) instanceof FormFieldPart field && !field.value().isBlank()) {
                    body.put(name, field.value().trim());
                }
            }
            ConsoleForms.numbers(body, "score");
            var file = Uploads.chosen(parts.getFirst("evidence"));
            return api.send(HttpMethod.POST, person, body, "/api/towns/{town}/evaluation/inspections", town)
                    .flatMap(inspection -> file == null ? Mono.just(inspection) : Uploads.bytes(file, 5 * 1024 * 1024, "evidence")
                            .flatMap(bytes -> api.put(person, Uploads.documentType(file), bytes,
                                    "/api/towns/{town}/evaluation/inspections/{id}/evidence?filename={name}", town, inspection.get("id"), file.filename())))
                    .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/evaluation?done=inspection").build())
                    .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, null, refusal)));
        });
    }

    @GetMapping("/console/towns/{town}/evaluation/runs/{id}")
    Mono<Rendering> run(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                        @PathVariable String town, @PathVariable String id, @RequestParam(required = false) String done) {
        return runPage(person, town, id, done, "console/evaluation-run");
    }

    /** The run as a printable report (ranking with each contribution, the scheme, the method). */
    @GetMapping("/console/towns/{town}/evaluation/runs/{id}/print")
    Mono<Rendering> print(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                          @PathVariable String town, @PathVariable String id) {
        return runPage(person, town, id, null, "console/evaluation-print");
    }

    private Mono<Rendering> runPage(OAuth2AuthorizedClient person, String town, String id, String done, String view) {
        return pages.frame(person, town).flatMap(frame -> Mono.zip(api.get(person, "/api/towns/{town}/evaluation/runs/{id}", town, id),
                        api.list(person, "/api/towns/{town}/evaluation/indicators", town))
                .flatMap(found -> {
                    var version = ((Map<?, ?>) found.getT1().get("run")).get("schemeVersion");
                    return api.list(person, "/api/towns/{town}/evaluation/scheme/versions", town)
                            .map(versions -> versions.stream().filter(v -> version.equals(v.get("version"))).findFirst().orElseThrow())
                            .map(scheme -> Rendering.view(view).modelAttribute("frame", frame).modelAttribute("fmt", frame.fmt())
                                    .modelAttribute("run", found.getT1()).modelAttribute("indicators", byCode(found.getT2()))
                                    .modelAttribute("scheme", scheme).modelAttribute("done", done).modelAttribute("check", null).build());
                }));
    }

    @PostMapping("/console/towns/{town}/evaluation/runs/{id}/publish")
    Mono<Rendering> publish(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                            @PathVariable String town, @PathVariable String id) {
        return api.apply(HttpMethod.POST, person, Map.of(), "/api/towns/{town}/evaluation/runs/{id}/publish", town, id)
                .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/evaluation/runs/" + id + "?done=published").build());
    }

    @PostMapping("/console/towns/{town}/evaluation/runs/{id}/recompute")
    Mono<Rendering> recompute(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                              @PathVariable String town, @PathVariable String id) {
        return api.send(HttpMethod.POST, person, Map.of(), "/api/towns/{town}/evaluation/runs/{id}/recompute", town, id)
                .map(check -> Rendering.redirectTo("/console/towns/" + town + "/evaluation/runs/" + id + "?done="
                        + (Boolean.TRUE.equals(check.get("identical")) ? "identical" : "different")).build());
    }

    @GetMapping("/console/towns/{town}/evaluation/runs/{id}/workbook.xlsx")
    Mono<ResponseEntity<byte[]>> workbook(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                          @PathVariable String town, @PathVariable String id) {
        return api.download(person, "/api/towns/{town}/evaluation/runs/{id}/workbook.xlsx", town, id)
                .map(file -> ResponseEntity.ok().contentType(Spreadsheets.XLSX)
                        .header(HttpHeaders.CONTENT_DISPOSITION, file.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION)).body(file.getBody()));
    }

    @GetMapping("/console/towns/{town}/evaluation/runs/{id}/organisations/{organisation}")
    Mono<Rendering> why(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                        @PathVariable String town, @PathVariable String id, @PathVariable String organisation) {
        return pages.frame(person, town).flatMap(frame -> Mono.zip(
                        api.get(person, "/api/towns/{town}/evaluation/runs/{id}/organisations/{o}", town, id, organisation),
                        api.list(person, "/api/towns/{town}/evaluation/indicators", town))
                .map(found -> Rendering.view("console/evaluation-why").modelAttribute("frame", frame).modelAttribute("fmt", frame.fmt())
                        .modelAttribute("why", found.getT1()).modelAttribute("indicators", byCode(found.getT2()))
                        .modelAttribute("settings", settings(found.getT1())).build()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Object>> settings(Map<String, Object> why) {
        var byCode = new LinkedHashMap<String, Map<String, Object>>();
        ((List<Map<String, Object>>) ((Map<String, Object>) why.get("scheme")).get("indicators")).forEach(s -> byCode.put((String) s.get("indicator"), s));
        return byCode;
    }

    private static Map<String, Map<String, Object>> byCode(List<Map<String, Object>> indicators) {
        var byCode = new LinkedHashMap<String, Map<String, Object>>();
        indicators.forEach(i -> byCode.put((String) i.get("code"), i));
        return byCode;
    }
}
