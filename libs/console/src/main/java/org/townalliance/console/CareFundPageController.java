package org.townalliance.console;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.codec.multipart.FormFieldPart;
import org.springframework.http.ResponseEntity;
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
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The employee care fund: for a member's people, applying and their own applications; for the secretariat,
 * the books (balances checked against their entries), contributions, the applications with approve (two
 * different people), reject and pay, the year's journals with reversal, and the statement in Excel.
 */
@Controller
class CareFundPageController {

    private static final Set<String> DECISIONS = Set.of("approve", "reject", "pay");

    private final ConsoleApi api;
    private final TownPages pages;

    CareFundPageController(ConsoleApi api, TownPages pages) {
        this.api = api;
        this.pages = pages;
    }

    @GetMapping("/console/towns/{town}/care-fund")
    Mono<Rendering> fund(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                         @PathVariable String town, @RequestParam(required = false) String done) {
        return page(person, town, done, null, Map.of());
    }

    private Mono<Rendering> page(OAuth2AuthorizedClient person, String town, String done, ApiProblem refusal, Map<String, String> form) {
        return pages.frame(person, town).flatMap(frame -> {
            var year = LocalDate.now(ZoneId.of(frame.fmt().zone())).getYear();
            Mono<Map<String, Object>> books = frame.secretariat() ? api.get(person, "/api/towns/{town}/care-fund", town) : Mono.just(Map.of());
            Mono<List<Map<String, Object>>> applications = frame.secretariat() ? api.list(person, "/api/towns/{town}/care-fund/applications", town)
                    : Mono.just(List.of());
            Mono<List<Map<String, Object>>> journals = frame.secretariat() ? api.list(person, "/api/towns/{town}/care-fund/journals?year={y}", town, year)
                    : Mono.just(List.of());
            Mono<List<Map<String, Object>>> mine = frame.organisationPerson() ? api.list(person, "/api/towns/{town}/care-fund/applications/mine", town)
                    : Mono.just(List.of());
            return Mono.zip(books, applications, journals, mine)
                    .map(found -> Rendering.view("console/care-fund").modelAttribute("frame", frame).modelAttribute("fmt", frame.fmt())
                            .modelAttribute("year", year).modelAttribute("books", found.getT1()).modelAttribute("applications", found.getT2())
                            .modelAttribute("journals", found.getT3()).modelAttribute("mine", found.getT4()).modelAttribute("done", done)
                            .modelAttribute("refusal", refusal).modelAttribute("form", form).build());
        });
    }

    @PostMapping(path = "/console/towns/{town}/care-fund/contributions", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> contribute(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                               @PathVariable String town, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> send(person, town, "/api/towns/{town}/care-fund/contributions",
                ConsoleForms.fields(form, "source", "organisationId", "counterparty", "amount", "receivedOn", "memo"), "contributed", form.toSingleValueMap()));
    }

    /** The worker's application with an optional supporting document: the application first, then the file, both through the API. */
    @PostMapping(path = "/console/towns/{town}/care-fund/applications", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<Rendering> apply(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                          @PathVariable String town, ServerWebExchange exchange) {
        return exchange.getMultipartData().flatMap(parts -> {
            var form = new java.util.LinkedHashMap<String, String>();
            for (var name : List.of("organisationId", "amount", "reason")) {
                if (parts.getFirst(name) instanceof FormFieldPart field && !field.value().isBlank()) {
                    form.put(name, field.value().trim());
                }
            }
            var document = Uploads.chosen(parts.getFirst("document"));
            return api.send(HttpMethod.POST, person, new java.util.LinkedHashMap<String, Object>(form), "/api/towns/{town}/care-fund/applications", town)
                    .flatMap(application -> document == null ? Mono.just(application) : Uploads.bytes(document, 10 * 1024 * 1024, "document")
                            .flatMap(bytes -> api.put(person, Uploads.documentType(document), bytes,
                                    "/api/towns/{town}/care-fund/applications/{id}/document?filename={name}", town, application.get("id"), document.filename())))
                    .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/care-fund?done=applied").build())
                    .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, null, refusal, form)));
        });
    }

    @GetMapping("/console/towns/{town}/care-fund/applications/{id}/document")
    Mono<ResponseEntity<byte[]>> document(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                          @PathVariable String town, @PathVariable String id) {
        return api.download(person, "/api/towns/{town}/care-fund/applications/{id}/document", town, id)
                .map(file -> ResponseEntity.ok().contentType(file.getHeaders().getContentType())
                        .header(HttpHeaders.CONTENT_DISPOSITION, file.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION)).body(file.getBody()));
    }

    /** The year's statement to print: balances at its start and end and every journal with its entries. */
    @GetMapping("/console/towns/{town}/care-fund/statement")
    Mono<Rendering> printableStatement(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                       @PathVariable String town, @RequestParam int year) {
        return pages.frame(person, town).flatMap(frame -> api.get(person, "/api/towns/{town}/care-fund/statement?year={y}", town, year)
                .map(statement -> Rendering.view("console/care-fund-statement").modelAttribute("frame", frame).modelAttribute("fmt", frame.fmt())
                        .modelAttribute("s", statement).build()));
    }

    @PostMapping(path = "/console/towns/{town}/care-fund/applications/{id}/{decision}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> decide(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                           @PathVariable String town, @PathVariable String id, @PathVariable String decision, ServerWebExchange exchange) {
        if (!DECISIONS.contains(decision)) {
            return Mono.error(ApiProblem.field(404, "not-found", "decision", "No such decision."));
        }
        return exchange.getFormData().flatMap(form -> send(person, town, "/api/towns/{town}/care-fund/applications/" + id + "/" + decision,
                ConsoleForms.fields(form, "note"), decision, Map.of()));
    }

    @PostMapping(path = "/console/towns/{town}/care-fund/journals/{id}/reverse", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    Mono<Rendering> reverse(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                            @PathVariable String town, @PathVariable String id, ServerWebExchange exchange) {
        return exchange.getFormData().flatMap(form -> send(person, town, "/api/towns/{town}/care-fund/journals/" + id + "/reverse",
                ConsoleForms.fields(form, "reason"), "reversed", Map.of()));
    }

    @GetMapping("/console/towns/{town}/care-fund/statement.xlsx")
    Mono<ResponseEntity<byte[]>> statement(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                           @PathVariable String town, @RequestParam int year) {
        return api.download(person, "/api/towns/{town}/care-fund/statement.xlsx?year={y}", town, year)
                .map(file -> ResponseEntity.ok().contentType(Spreadsheets.XLSX)
                        .header(HttpHeaders.CONTENT_DISPOSITION, file.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION)).body(file.getBody()));
    }

    private Mono<Rendering> send(OAuth2AuthorizedClient person, String town, String path, Map<String, Object> body, String done,
                                 Map<String, String> form) {
        if (!path.matches("^/api/towns/\\{town}/care-fund/[a-z/-]*([0-9a-f-]{36}/[a-z-]+)?$")) {
            return Mono.error(ApiProblem.field(404, "not-found", "id", "No such record."));
        }
        return api.apply(HttpMethod.POST, person, body, path, town)
                .thenReturn(Rendering.redirectTo("/console/towns/" + town + "/care-fund?done=" + done).build())
                .onErrorResume(ApiProblem.class, ConsoleForms.backToForm(refusal -> page(person, town, null, refusal, form)));
    }
}
