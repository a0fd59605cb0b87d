package org.townalliance.platform;

import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.townalliance.testkit.TestStack;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A replica killed mid-request (SIGKILL of a separate platform JVM on the same PostgreSQL and Keycloak, while
 * operators' intakes are in flight) loses nothing it acknowledged: every ticket it answered 201 for is there with
 * its intake event; nothing is half-written (a ticket always has its RECEIVE event); and the clients' retries with
 * the same Idempotency-Key through the surviving instance end with exactly one ticket per key.
 */
class KilledInstanceTest extends HotlineTest {

    @Test
    void killingAnInstanceMidRequestLosesNothingItAcknowledged() throws Exception {
        var town = town();
        var slug = town.slug();
        var port = org.townalliance.devstack.Ports.free();
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), PlatformApplication.class.getName(), "--server.port=" + port));
        TestStack.platformProperties().forEach((key, value) -> command.add("--" + key + "=" + value));
        var log = Path.of("target", "killed-instance.log");
        var process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            awaitReady(port, process);
            var token = TestStack.tokens().of("op-" + slug);
            var client = WebClient.create("http://localhost:" + port);
            var acknowledged = new ConcurrentHashMap<String, String>();
            var unanswered = ConcurrentHashMap.<String>newKeySet();
            var keys = new ArrayList<String>();
            for (int i = 0; i < 120; i++) {
                keys.add(slug + "-kill-" + i);
            }
            var answered = new AtomicInteger();
            var intakes = Flux.fromIterable(keys).flatMap(key -> client.post().uri("/api/towns/{t}/tickets", slug)
                            .header("Authorization", "Bearer " + token).header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(body(town)).retrieve().bodyToMono(Map.class)
                            .doOnNext(ticket -> {
                                acknowledged.put(key, (String) ticket.get("id"));
                                if (answered.incrementAndGet() == 15) {
                                    process.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful drain
                                }
                            })
                            .onErrorResume(e -> {
                                unanswered.add(key);
                                return Mono.empty();
                            }), 8)
                    .then().toFuture();
            intakes.get(60, java.util.concurrent.TimeUnit.SECONDS);
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(process.isAlive()).isFalse();
            assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(15);
            assertThat(unanswered).as("the kill cut requests off").isNotEmpty();

            var schema = schema(town);
            for (var id : acknowledged.values()) {
                assertThat(count("select count(*) from " + schema + ".ticket where id = '" + id + "'")).as("acknowledged ticket " + id).isEqualTo(1);
                assertThat(count("select count(*) from " + schema + ".ticket_event where ticket_id = '" + id + "' and action = 'RECEIVE'")).isEqualTo(1);
            }
            assertThat(count("select count(*) from " + schema + ".ticket t where idempotency_key like '" + slug + "-kill-%'"
                    + " and not exists (select 1 from " + schema + ".ticket_event e where e.ticket_id = t.id and e.action = 'RECEIVE')"))
                    .as("no ticket without its intake event").isZero();

            // The clients retry what got no answer through the surviving instance (this test's own): one ticket per key.
            for (var key : unanswered) {
                var status = as("op-" + slug).post().uri("/api/towns/{t}/tickets", slug).header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON).bodyValue(body(town)).exchange().returnResult(Map.class).getStatus().value();
                assertThat(status).isIn(200, 201);
            }
            assertThat(count("select count(*) from " + schema + ".ticket where idempotency_key like '" + slug + "-kill-%'")).isEqualTo(keys.size());
            assertThat(count("select count(distinct idempotency_key) from " + schema + ".ticket where idempotency_key like '" + slug + "-kill-%'"))
                    .isEqualTo(keys.size());
        } finally {
            process.destroyForcibly();
        }
    }

    private static Map<String, Object> body(Town town) {
        return Map.of("kind", "SERVICE_REQUEST", "channel", "PHONE", "categoryCode", "repairs", "estateId", town.estateId(), "reporterName", "王阿姨",
                "reporterPhone", "13800000000", "description", "楼道灯不亮");
    }

    private static void awaitReady(int port, Process process) throws Exception {
        var http = HttpClient.newHttpClient();
        var deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the second platform JVM exited: see target/killed-instance.log");
            }
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the second platform JVM was not ready within 120 s");
    }
}
