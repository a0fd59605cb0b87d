package org.townalliance.platform;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.awaitility.Awaitility.await;

/**
 * Operators' clients taking calls as fast as they can, as a well-behaved client does through an outage: each intake
 * has its own Idempotency-Key and is sent again (after Retry-After, shortened here) until it is acknowledged. Keeps
 * every answer's status and, per key, the ticket the platform acknowledged.
 */
final class ConcurrentIntakes {

    private static final java.util.regex.Pattern TICKET_ID = java.util.regex.Pattern.compile("\"id\":\"([^\"]+)\"");

    private final WebTestClient operator;
    private final String slug;
    private final Map<String, String> acknowledged = new ConcurrentHashMap<>();
    private final Map<Integer, AtomicInteger> statuses = new ConcurrentSkipListMap<>();
    private final List<Thread> clients = new ArrayList<>();
    private volatile boolean stopping;

    ConcurrentIntakes(WebTestClient operator, String slug) {
        this.operator = operator;
        this.slug = slug;
    }

    void start(int count) {
        for (int client = 0; client < count; client++) {
            var prefix = "concurrent-" + client + "-";
            clients.add(Thread.ofPlatform().name("intakes-" + client).start(() -> {
                for (int call = 0; !stopping; call++) {
                    var key = prefix + call;
                    // Sent again 200 ms after each 503, until acknowledged, as a client honouring Retry-After would.
                    await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200)).atMost(Duration.ofSeconds(90))
                            .until(() -> acknowledge(key));
                }
            }));
        }
    }

    private boolean acknowledge(String key) {
        var result = operator.post().uri("/api/towns/{t}/tickets", slug).header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "SERVICE_REQUEST", "channel", "PHONE", "categoryCode", "repairs",
                        "reporterPhone", "13700000002", "description", "停电了 " + key))
                .exchange().expectBody(String.class).returnResult();
        var status = result.getStatus().value();
        statuses.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        if (status == 200 || status == 201) {
            var id = TICKET_ID.matcher(String.valueOf(result.getResponseBody()));
            acknowledged.put(key, id.find() ? id.group(1) : status + " without a ticket: " + result.getResponseBody());
            return true;
        }
        return status != 503; // anything else is recorded and not retried: the test fails on it
    }

    void awaitAcknowledged(int count) {
        await().atMost(Duration.ofSeconds(90)).until(() -> acknowledged.size() >= count);
    }

    void awaitOutageAnswers(int count) {
        await().atMost(Duration.ofSeconds(60)).until(() -> statuses.getOrDefault(503, new AtomicInteger()).get() >= count);
    }

    int acknowledged() {
        return acknowledged.size();
    }

    /** Lets each client finish the intake it is on (acknowledged, however long) and answers key → ticket id. */
    Map<String, String> stop() throws InterruptedException {
        stopping = true;
        for (var client : clients) {
            client.join(Duration.ofSeconds(60));
        }
        return Map.copyOf(acknowledged);
    }

    Map<Integer, Integer> statuses() {
        var counts = new java.util.TreeMap<Integer, Integer>();
        statuses.forEach((status, count) -> counts.put(status, count.get()));
        return counts;
    }
}
