package org.townalliance.console;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePart;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.Locale;
import java.util.Map;

/** Excel exports passed through from the API, and uploads (Excel or CSV) forwarded to an API import. */
@Component
class Spreadsheets {

    static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    private static final int MAX_UPLOAD = 5 * 1024 * 1024;

    private final ConsoleApi api;

    Spreadsheets(ConsoleApi api) {
        this.api = api;
    }

    Mono<ResponseEntity<byte[]>> export(OAuth2AuthorizedClient person, String path, Object... variables) {
        return api.download(person, path, variables)
                .map(file -> ResponseEntity.ok().contentType(XLSX)
                        .header(HttpHeaders.CONTENT_DISPOSITION, file.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
                        .body(file.getBody()));
    }

    /** The form's {@code file} part, sent to the API as Excel or CSV by its name; answers the API's import report. */
    Mono<Map<String, Object>> importFile(OAuth2AuthorizedClient person, ServerWebExchange exchange, String path, Object... variables) {
        return exchange.getMultipartData()
                .mapNotNull(parts -> parts.getFirst("file") instanceof FilePart file ? file : null)
                .switchIfEmpty(Mono.error(() -> ApiProblem.field(400, "file-required", "file", "Choose a CSV or Excel file.")))
                .flatMap(file -> DataBufferUtils.join(file.content(), MAX_UPLOAD)
                        .map(buffer -> {
                            var bytes = new byte[buffer.readableByteCount()];
                            buffer.read(bytes);
                            DataBufferUtils.release(buffer);
                            return bytes;
                        })
                        .onErrorMap(DataBufferLimitException.class,
                                tooLarge -> ApiProblem.field(413, "upload-too-large", "file", "Files up to 5 MB."))
                        .flatMap(bytes -> api.upload(person, file.filename().toLowerCase(Locale.ROOT).endsWith(".xlsx") ? XLSX
                                : MediaType.parseMediaType("text/csv"), bytes, path, variables)));
    }
}
