package org.townalliance.platform;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.townalliance.devstack.EmbeddedDatabase;
import org.townalliance.devstack.Ports;
import org.townalliance.testkit.TestStack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real PostgreSQL outage, on a database of this test's own (the suite's shared one stays up): the postmaster is
 * stopped under a running platform and started again on the same port and data directory. Meanwhile the API answers
 * 503 {@code database-unavailable} with Retry-After, never 500; afterwards the platform recovers without a restart:
 * an intake retried with its Idempotency-Key is there exactly once, the live board's LISTEN connection delivers events
 * again, and due deadline timers fire once.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DatabaseOutageTest {

    private final int databasePort = Ports.free();
    private Path dataDirectory;
    private EmbeddedDatabase database;
    private ConfigurableApplicationContext platform;
    private WebTestClient api;
    private final CityReceiver city = new CityReceiver();

    @BeforeAll
    void start() throws Exception {
        dataDirectory = Files.createTempDirectory("alliance-outage-pg");
        database = EmbeddedDatabase.start(databasePort, dataDirectory, true);
        var properties = new HashMap<>(TestStack.platformProperties());
        properties.put("spring.r2dbc.url", database.r2dbcUrl());
        properties.put("spring.r2dbc.username", database.username());
        properties.put("spring.r2dbc.password", database.password());
        properties.put("alliance.tenancy.jdbc-url", database.jdbcUrl());
        properties.put("spring.r2dbc.pool.max-acquire-time", "3s");
        // The city's deliveries retried every second at most, never dead within the test.
        properties.put("alliance.hotline.outbox-poll-interval", "200ms");
        properties.put("alliance.hotline.outbox-first-retry", "300ms");
        properties.put("alliance.hotline.outbox-max-retry", "1s");
        properties.put("alliance.hotline.outbox-max-attempts", "1000");
        properties.put("server.port", "0");
        var arguments = properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new);
        platform = new SpringApplicationBuilder(PlatformApplication.class).initializers(ProductionShape.ownEventLoops()).run(arguments);
        var port = ((WebServerApplicationContext) platform).getWebServer().getPort();
        api = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).responseTimeout(Duration.ofSeconds(30)).build();
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
        if (database != null) {
            database.close();
        }
        city.stop();
    }

    @Test
    void duringAnOutageTheApiAnswers503AndAfterwardsItRecoversByItself() throws Exception {
        var slug = "outage-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        var schema = "town_" + slug.replace('-', '_');
        api.post().uri("/api/platform/towns").header("Authorization", "Bearer " + TestStack.tokens().of("platform-admin"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(PlatformTest.townJson(slug)).exchange().expectStatus().isCreated();
        TestStack.users().user("op-" + slug, "/towns/" + slug + "/hotline");
        TestStack.users().user("sec-" + slug, "/towns/" + slug + "/secretariat");
        var operator = api.mutate().defaultHeader("Authorization", "Bearer " + TestStack.tokens().of("op-" + slug)).build();
        intake(operator, slug, "outage-before").expectStatus().isCreated();
        var pending = pendingCityDelivery(slug); // the city's endpoint refuses until the outage has begun

        // Operators keep taking calls through the outage, each intake retried with its key until acknowledged.
        var intakes = new ConcurrentIntakes(operator, slug);
        intakes.start(4);
        intakes.awaitAcknowledged(20);
        database.close(); // the postmaster stops (fast shutdown): every pooled connection is gone
        var stopped = System.nanoTime();
        try {
            for (int i = 0; i < 3; i++) {
                var started = System.nanoTime();
                intake(operator, slug, "outage-during").expectStatus().isEqualTo(503)
                        .expectHeader().valueEquals("Retry-After", "5")
                        .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:database-unavailable");
                operator.get().uri("/api/towns/{t}/tickets?limit=5", slug).exchange().expectStatus().isEqualTo(503);
                assertThat((System.nanoTime() - started) / 1_000_000).as("answered within the pool's acquire time").isLessThan(8_000L);
            }
            intakes.awaitOutageAnswers(20); // the operators' clients saw the outage too
            city.accepting = true; // the city takes deliveries again; none can have been in flight with the database down
        } finally {
            database = EmbeddedDatabase.start(databasePort, dataDirectory, true);
        }
        var restarted = System.nanoTime();
        var outage = (restarted - stopped) / 1_000_000;

        // The same intake, retried as a client would, goes through once PostgreSQL is back: no platform restart.
        var accepted = new java.util.concurrent.atomic.AtomicInteger();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> {
            accepted.set(intake(operator, slug, "outage-during").returnResult(byte[].class).getStatus().value());
            assertThat(accepted.get()).as("while recovering").isIn(200, 201, 503);
            return accepted.get() != 503;
        });
        assertThat(accepted.get()).as("the first intake accepted after the outage creates the ticket").isEqualTo(201);
        var recovered = (System.nanoTime() - restarted) / 1_000_000;
        intake(operator, slug, "outage-during").expectStatus().is2xxSuccessful(); // retrying an acknowledged intake: the same ticket
        var concurrentBefore = intakes.acknowledged();
        intakes.awaitAcknowledged(concurrentBefore + 20);
        var acknowledged = intakes.stop();

        assertThat(intakes.statuses().keySet()).as("answers seen by the operators' clients: never a 500").isSubsetOf(200, 201, 503);
        try (var connection = database.connect(); var statement = connection.createStatement();
             var rows = statement.executeQuery("select description, count(*) from " + schema + ".ticket group by description")) {
            var found = new HashMap<String, Long>();
            while (rows.next()) {
                found.put(rows.getString(1), rows.getLong(2));
            }
            assertThat(found.get("停电了 outage-during")).as("the intake retried through the outage, once").isEqualTo(1L);
            assertThat(found.get("停电了 outage-before")).isEqualTo(1L);
            var duplicated = acknowledged.keySet().stream().filter(key -> found.getOrDefault("停电了 " + key, 0L) > 1).count();
            var missing = acknowledged.keySet().stream().filter(key -> !found.containsKey("停电了 " + key)).count();
            assertThat(missing).as("acknowledged intakes not found: %s", acknowledged.entrySet().stream()
                    .filter(e -> !found.containsKey("停电了 " + e.getKey())).toList()).isZero();
            assertThat(duplicated).as("acknowledged intakes found more than once").isZero();
            assertThat(acknowledged.values()).as("one ticket per key").doesNotHaveDuplicates();
            System.out.printf("DATABASE OUTAGE: %d ms of outage; answers to the operators' concurrent intakes %s (none 500);"
                    + " intakes accepted again %d ms after PostgreSQL was back; %d acknowledged, %d found, %d duplicated%n",
                    outage, intakes.statuses(), recovered, acknowledged.size() + 2, acknowledged.size() + 2 - missing, duplicated);
        }

        // The 12345 delivery pending since before the outage reaches the city, once.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> city.deliveries(pending) > 0);
        var delivered = (System.nanoTime() - restarted) / 1_000_000;
        // For several more outbox rounds (200 ms apart), nothing is sent again.
        org.awaitility.Awaitility.await().during(Duration.ofMillis(1_500)).atMost(Duration.ofSeconds(5))
                .until(() -> city.deliveries(pending) == 1);
        try (var connection = database.connect(); var statement = connection.createStatement();
             var rows = statement.executeQuery("select delivered_at is not null from platform.city_hotline_outbox where id = " + pending)) {
            assertThat(rows.next() && rows.getBoolean(1)).as("recorded as delivered").isTrue();
        }

        // The live board's LISTEN connection comes back by itself: a board opened now receives a new ticket's event.
        boardReceivesANewTicket(slug);
        var boardBack = (System.nanoTime() - restarted) / 1_000_000;
        // Deadline timers of the tickets taken in after the outage fire, once, also when polled twice.
        var timers = platform.getBean(org.townalliance.hotline.DeadlineTimers.class);
        var later = java.time.Instant.now().plus(Duration.ofHours(25));
        for (int round = 0; round < 100 && timers.fireDue(later).block(Duration.ofSeconds(30)) > 0; round++) {
            // batches of due timers until none is left
        }
        assertThat(timers.fireDue(later).block(Duration.ofSeconds(30))).as("polled again: nothing fires twice").isZero();
        try (var connection = database.connect(); var statement = connection.createStatement();
             var rows = statement.executeQuery("select (select count(*) from " + schema + ".ticket where channel <> 'CITY_HOTLINE'),"
                     + " (select count(*) from " + schema + ".ticket_event e join " + schema + ".ticket t on t.id = e.ticket_id"
                     + " where e.action = 'ESCALATE' and t.channel <> 'CITY_HOTLINE')")) {
            rows.next();
            assertThat(rows.getLong(2)).as("escalations: one per open ticket past its deadline, also polled twice").isEqualTo(rows.getLong(1));
        }
        System.out.printf("DATABASE OUTAGE: the pending 12345 delivery reached the city %d ms after PostgreSQL was back, once;"
                + " the live board received events again %d ms after; due timers fired once%n", delivered, boardBack);
    }

    /** A city case filed while the city's endpoint refuses: its delivery stays pending, retried. Answers its outbox id. */
    private long pendingCityDelivery(String slug) throws Exception {
        var admin = api.mutate().defaultHeader("Authorization", "Bearer " + TestStack.tokens().of("platform-admin")).build();
        var credentials = admin.post().uri("/api/platform/towns/{slug}/city-hotline-credentials", slug).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        var cityClient = api.mutate().defaultHeader("Authorization", "Bearer "
                + TestStack.tokens().client("city-hotline-" + slug, (String) credentials.get("clientSecret"))).build();
        var secretariat = api.mutate().defaultHeader("Authorization", "Bearer " + TestStack.tokens().of("sec-" + slug)).build();
        secretariat.put().uri("/api/towns/{t}/city-hotline/endpoint", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", city.url())).exchange().expectStatus().isOk();
        cityClient.post().uri("/api/towns/{t}/tickets", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "COMPLAINT", "channel", "CITY_HOTLINE", "categoryCode", "noise", "description", "夜间施工扰民",
                        "cityCaseId", "SH12345-OUTAGE-1", "reporterPhone", "13912340000"))
                .exchange().expectStatus().isCreated();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> city.refused.get() >= 2);
        try (var connection = database.connect(); var statement = connection.createStatement();
             var rows = statement.executeQuery("select id from platform.city_hotline_outbox where town = '" + slug
                     + "' and delivered_at is null and dead_at is null")) {
            assertThat(rows.next()).as("a pending delivery").isTrue();
            return rows.getLong(1);
        }
    }

    /** Opens a board and takes in tickets until one's event arrives (the LISTEN connection retries with backoff). */
    private void boardReceivesANewTicket(String slug) throws Exception {
        var token = TestStack.tokens().of("op-" + slug);
        var operator = api.mutate().defaultHeader("Authorization", "Bearer " + token).build();
        for (int attempt = 0; attempt < 15; attempt++) {
            var subscribed = new java.util.concurrent.CountDownLatch(1);
            var received = org.springframework.web.reactive.function.client.WebClient.create(
                            "http://localhost:" + ((WebServerApplicationContext) platform).getWebServer().getPort())
                    .get().uri("/api/towns/{t}/tickets/stream", slug).header("Authorization", "Bearer " + token)
                    .accept(MediaType.TEXT_EVENT_STREAM).retrieve()
                    .bodyToFlux(new org.springframework.core.ParameterizedTypeReference<org.springframework.http.codec.ServerSentEvent<Map<String, Object>>>() { })
                    .doOnNext(event -> {
                        if ("connected".equals(event.comment())) {
                            subscribed.countDown(); // the stream's first comment: it is subscribed to the town's changes
                        }
                    })
                    .filter(event -> "ticket".equals(event.event())).next().toFuture();
            assertThat(subscribed.await(10, java.util.concurrent.TimeUnit.SECONDS)).as("the stream opened").isTrue();
            intake(operator, slug, "outage-board-" + attempt).expectStatus().isCreated();
            try {
                received.get(3, java.util.concurrent.TimeUnit.SECONDS);
                return;
            } catch (java.util.concurrent.TimeoutException notYet) {
                received.cancel(true);
            }
        }
        throw new AssertionError("the live board received no event within 15 attempts after the outage");
    }

    private static WebTestClient.ResponseSpec intake(WebTestClient operator, String slug, String key) {
        return operator.post().uri("/api/towns/{t}/tickets", slug).header("Idempotency-Key", key).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "SERVICE_REQUEST", "channel", "PHONE", "categoryCode", "repairs",
                        "reporterPhone", "13700000001", "description", "停电了 " + key))
                .exchange();
    }

    /** Stands in for the city's 12345 system: refuses deliveries until told to accept, then counts each delivery id. */
    private static final class CityReceiver {

        private final com.sun.net.httpserver.HttpServer server;
        private final Map<Long, Integer> received = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.concurrent.atomic.AtomicInteger refused = new java.util.concurrent.atomic.AtomicInteger();
        private volatile boolean accepting;

        CityReceiver() {
            try {
                server = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
            server.createContext("/case-updates", exchange -> {
                exchange.getRequestBody().readAllBytes();
                if (accepting) {
                    received.merge(Long.parseLong(exchange.getRequestHeaders().getFirst("X-Alliance-Delivery")), 1, Integer::sum);
                } else {
                    refused.incrementAndGet();
                }
                exchange.sendResponseHeaders(accepting ? 204 : 503, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/case-updates";
        }

        int deliveries(long id) {
            return received.getOrDefault(id, 0);
        }

        void stop() {
            server.stop(0);
        }
    }
}
