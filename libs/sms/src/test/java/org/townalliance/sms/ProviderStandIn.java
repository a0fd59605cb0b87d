package org.townalliance.sms;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A local HTTP server standing in for an SMS provider's endpoint (a real provider cannot run here): it keeps what each
 * request carried, as {@code describe} puts it, and answers every request with the JSON set last.
 */
final class ProviderStandIn implements AutoCloseable {

    final List<String> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private volatile String answer = "{}";

    ProviderStandIn(Function<HttpExchange, String> describe) {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", exchange -> {
            requests.add(describe.apply(exchange));
            var bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
    }

    void answer(String json) {
        this.answer = json;
    }

    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    static String body(HttpExchange exchange) {
        try {
            return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
