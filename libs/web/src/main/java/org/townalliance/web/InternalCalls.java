package org.townalliance.web;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Marks the console's calls into its own process's API (over loopback, on behalf of a person whose request was
 * already counted where it came in), so that public rate limits do not count that person twice. The mark is a
 * secret drawn when the process starts: a client cannot forge it, and it never leaves the process.
 */
@Component
public class InternalCalls {

    public static final String HEADER = "X-Alliance-Internal-Call";

    private final String secret;

    public InternalCalls() {
        var bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        this.secret = HexFormat.of().formatHex(bytes);
    }

    public String secret() {
        return secret;
    }

    boolean isInternal(ServerHttpRequest request) {
        var presented = request.getHeaders().getFirst(HEADER);
        return presented != null && MessageDigest.isEqual(presented.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8));
    }
}
