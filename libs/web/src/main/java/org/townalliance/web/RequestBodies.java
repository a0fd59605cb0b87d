package org.townalliance.web;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.function.Supplier;

/** Raw request bodies (uploaded files), bounded: refused before reading when the declared length is too big, and while reading otherwise. */
public final class RequestBodies {

    private RequestBodies() {
    }

    /** The body's bytes, at most {@code maxBytes} ({@code tooLarge} otherwise); empty when there is no body. */
    public static Mono<byte[]> read(ServerHttpRequest request, int maxBytes, Supplier<ProblemException> tooLarge) {
        return read(request, request.getBody(), maxBytes, tooLarge);
    }

    /** As above, for a body the handler already holds as buffers. */
    public static Mono<byte[]> read(ServerHttpRequest request, Flux<DataBuffer> body, int maxBytes, Supplier<ProblemException> tooLarge) {
        if (request.getHeaders().getContentLength() > maxBytes) {
            return Mono.error(tooLarge.get());
        }
        return DataBufferUtils.join(body, maxBytes)
                .map(buffer -> {
                    var bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge.get())
                .filter(bytes -> bytes.length > 0);
    }
}
