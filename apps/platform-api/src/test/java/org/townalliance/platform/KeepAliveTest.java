package org.townalliance.platform;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.townalliance.testkit.TestStack;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP/1.1 keep-alive as proxies and real clients use it, on a raw socket so that nothing in between
 * reorders or closes anything: two requests in one write (an authenticated ticket list answered after a
 * database read, then a bad-token request answered at once), then a third request on the same connection;
 * and an early answer (401 before the body is read) followed by the next request. With Reactor Netty
 * 1.3.6 the third request never got an answer on 20 of 20 connections (reactor/reactor-netty#4361).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KeepAliveTest extends HotlineTest {

    private static final int ITERATIONS = 200;

    private String slug;
    private String token;

    @BeforeAll
    void prepare() {
        slug = town().slug();
        token = TestStack.tokens().of("op-" + slug);
    }

    @Test
    void aThirdRequestIsAnsweredAfterTwoSentInOneWrite() throws IOException {
        for (int i = 0; i < ITERATIONS; i++) {
            try (var socket = socket()) {
                write(socket, get("/api/towns/" + slug + "/tickets?limit=5", token) + get("/api/me", "not-a-token"));
                assertThat(read(socket.getInputStream()).status()).as("ticket list, connection %d", i).isEqualTo(200);
                assertThat(read(socket.getInputStream()).status()).as("bad token, connection %d", i).isEqualTo(401);
                write(socket, get("/api/me", token));
                assertThat(read(socket.getInputStream()).status()).as("third request, connection %d", i).isEqualTo(200);
            }
        }
    }

    @Test
    void theNextRequestIsAnsweredAfterAnEarlyAnswer() throws IOException {
        var body = "{\"kind\":\"SERVICE_REQUEST\",\"channel\":\"PHONE\",\"categoryCode\":\"repairs\",\"description\":\"漏水\"}"
                .getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < ITERATIONS; i++) {
            try (var socket = socket()) {
                // Refused before its body is read (bad token); the body follows on the wire all the same.
                write(socket, "POST /api/towns/" + slug + "/tickets HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer bad\r\n"
                        + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n"
                        + new String(body, StandardCharsets.UTF_8) + get("/api/towns/" + slug + "/tickets?limit=1", token));
                assertThat(read(socket.getInputStream()).status()).as("early answer, connection %d", i).isEqualTo(401);
                assertThat(read(socket.getInputStream()).status()).as("queued list, connection %d", i).isEqualTo(200);
                write(socket, get("/api/me", token));
                assertThat(read(socket.getInputStream()).status()).as("next request, connection %d", i).isEqualTo(200);
            }
        }
    }

    @Test
    void sequentialRequestsShareOneConnection() throws IOException {
        try (var socket = socket()) {
            for (int i = 0; i < ITERATIONS; i++) {
                write(socket, get(i % 2 == 0 ? "/api/me" : "/api/towns/" + slug + "/tickets?limit=1", i % 3 == 0 ? "bad" : token));
                assertThat(read(socket.getInputStream()).status()).as("request %d", i).isIn(200, 401);
            }
        }
    }

    private Socket socket() throws IOException {
        var socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000); // a hang fails the test in 10 s instead of waiting for the suite's timeout
        return socket;
    }

    private static String get(String path, String bearer) {
        return "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\nAuthorization: Bearer " + bearer + "\r\n\r\n";
    }

    private static void write(Socket socket, String requests) throws IOException {
        socket.getOutputStream().write(requests.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    record Response(int status, String body) {
    }

    /** One HTTP/1.1 response: status line, headers, then a Content-Length or chunked body. */
    static Response read(InputStream in) throws IOException {
        try {
            var status = line(in);
            assertThat(status).startsWith("HTTP/1.1 ");
            long length = 0;
            boolean chunked = false;
            for (var header = line(in); !header.isEmpty(); header = line(in)) {
                var lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            var body = new ByteArrayOutputStream();
            if (chunked) {
                for (long size = Long.parseLong(line(in).trim(), 16); size > 0; size = Long.parseLong(line(in).trim(), 16)) {
                    body.write(in.readNBytes((int) size));
                    line(in);
                }
                line(in);
            } else {
                body.write(in.readNBytes((int) length));
            }
            return new Response(Integer.parseInt(status.substring(9, 12)), body.toString(StandardCharsets.UTF_8));
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within 10 s on a kept-alive connection", e);
        }
    }

    private static String line(InputStream in) throws IOException {
        var line = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed by the server");
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }
}
