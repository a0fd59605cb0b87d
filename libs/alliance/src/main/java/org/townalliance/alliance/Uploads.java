package org.townalliance.alliance;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;

/** Spreadsheet uploads (bounded: refused with 413 before being read into memory) and downloads. */
final class Uploads {

    static final int MAX_BYTES = 5 * 1024 * 1024;
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private Uploads() {
    }

    static Mono<byte[]> read(ServerHttpRequest request, Flux<DataBuffer> body) {
        return org.townalliance.web.RequestBodies.read(request, body, MAX_BYTES, Uploads::tooLarge)
                .switchIfEmpty(Mono.error(() -> Spreadsheets.malformed("The upload is empty.")));
    }

    /** The upload read as a spreadsheet (CSV or .xlsx). */
    static Mono<Spreadsheets.Sheet> sheet(ServerHttpRequest request, Flux<DataBuffer> body) {
        // Parsing a workbook is CPU work of up to a second: off the event loop.
        return read(request, body).publishOn(reactor.core.scheduler.Schedulers.boundedElastic()).map(Spreadsheets::read);
    }

    static ResponseEntity<byte[]> xlsx(String filename, byte[] content) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(XLSX))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename(filename, StandardCharsets.UTF_8).build().toString())
                .body(content);
    }

    private static ProblemException tooLarge() {
        return new ProblemException(HttpStatus.CONTENT_TOO_LARGE, "upload-too-large", "Upload too large",
                "Uploads are limited to " + MAX_BYTES / (1024 * 1024) + " MB; split the file.");
    }
}
