package org.townalliance.console;

import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.annotation.RegisteredOAuth2AuthorizedClient;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.Locale;
import java.util.Map;

/**
 * The secretariat's member organisations: the current list, an Excel export, and an import from Excel
 * or CSV (all or nothing, as the API does it; its report or its row problems are shown).
 */
@Controller
class MembersPageController {

    private static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    private static final int MAX_UPLOAD = 5 * 1024 * 1024;

    private final ConsoleApi api;
    private final TownPages pages;

    MembersPageController(ConsoleApi api, TownPages pages) {
        this.api = api;
        this.pages = pages;
    }

    @GetMapping("/console/towns/{town}/members")
    Mono<Rendering> members(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                            @PathVariable String town) {
        return pages.frame(person, town).map(frame -> page(frame, null));
    }

    @GetMapping("/console/towns/{town}/members/export")
    @ResponseBody
    Mono<ResponseEntity<byte[]>> export(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                        @PathVariable String town) {
        return api.download(person, "/api/towns/{town}/members/export", town)
                .map(file -> ResponseEntity.ok().contentType(XLSX)
                        .header(HttpHeaders.CONTENT_DISPOSITION, file.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
                        .body(file.getBody()));
    }

    @PostMapping(path = "/console/towns/{town}/members/import", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<Rendering> importMembers(@RegisteredOAuth2AuthorizedClient(ConsoleSecurity.REGISTRATION) OAuth2AuthorizedClient person,
                                  @PathVariable String town, ServerWebExchange exchange) {
        return exchange.getMultipartData()
                .mapNotNull(parts -> parts.getFirst("file") instanceof FilePart file ? file : null)
                .switchIfEmpty(Mono.error(() -> ApiProblem.of(400, Map.of("type", "urn:town-alliance:problem:file-required",
                        "detail", "Choose a CSV or Excel file."))))
                .flatMap(file -> DataBufferUtils.join(file.content(), MAX_UPLOAD)
                        .map(buffer -> {
                            var bytes = new byte[buffer.readableByteCount()];
                            buffer.read(bytes);
                            DataBufferUtils.release(buffer);
                            return bytes;
                        })
                        .onErrorMap(org.springframework.core.io.buffer.DataBufferLimitException.class,
                                tooLarge -> ApiProblem.of(413, Map.of("type", "urn:town-alliance:problem:upload-too-large",
                                        "detail", "Files up to 5 MB.")))
                        .flatMap(bytes -> api.upload(person, file.filename().toLowerCase(Locale.ROOT).endsWith(".xlsx") ? XLSX
                                : MediaType.parseMediaType("text/csv"), bytes, "/api/towns/{town}/members/import", town)))
                .flatMap(report -> pages.frame(person, town).map(frame -> page(frame, report)));
    }

    private Rendering page(TownPages.Frame frame, Map<String, Object> report) {
        return Rendering.view("console/members").modelAttribute("frame", frame).modelAttribute("fmt", frame.fmt())
                .modelAttribute("report", report).build();
    }
}
