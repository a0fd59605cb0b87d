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
    }

    @Test
    void duringAnOutageTheApiAnswers503AndAfterwardsItRecoversByItself() throws Exception {
        var slug = "outage-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        api.post().uri("/api/platform/towns").header("Authorization", "Bearer " + TestStack.tokens().of("platform-admin"))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(PlatformTest.townJson(slug)).exchange().expectStatus().isCreated();
        TestStack.users().user("op-" + slug, "/towns/" + slug + "/hotline");
        var operator = api.mutate().defaultHeader("Authorization", "Bearer " + TestStack.tokens().of("op-" + slug)).build();
        intake(operator, slug, "outage-before").expectStatus().isCreated();

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
        } finally {
            database = EmbeddedDatabase.start(databasePort, dataDirectory, true);
        }
        var restarted = System.nanoTime();

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
        try (var connection = database.connect(); var statement = connection.createStatement();
             var rows = statement.executeQuery("select count(*) from town_" + slug.replace('-', '_') + ".ticket")) {
            rows.next();
            assertThat(rows.getLong(1)).as("tickets: the one before and the one retried, once each").isEqualTo(2);
        }
        System.out.printf("DATABASE OUTAGE: 503 during %d ms of outage (6 of 6 requests, none 500); intakes accepted again %d ms"
                + " after PostgreSQL was back; 2 tickets acknowledged, 2 found, 0 duplicated%n", (restarted - stopped) / 1_000_000, recovered);

        // The live board's LISTEN connection comes back by itself: a board opened now receives a new ticket's event.
        boardReceivesANewTicket(slug);
        var boardBack = (System.nanoTime() - restarted) / 1_000_000;
        // Deadline timers of the ticket taken in after the outage fire, once, also when polled twice.
        var timers = platform.getBean(org.townalliance.hotline.DeadlineTimers.class);
        var later = java.time.Instant.now().plus(Duration.ofHours(25));
        timers.fireDue(later).block(Duration.ofSeconds(30));
        timers.fireDue(later).block(Duration.ofSeconds(30));
        var schema = "town_" + slug.replace('-', '_');
        try (var connection = database.connect(); var statement = connection.createStatement();
             var rows = statement.executeQuery("select (select count(*) from " + schema + ".ticket), (select count(*) from " + schema
                     + ".ticket_event where action = 'ESCALATE'), (select count(distinct ticket_id) from " + schema
                     + ".ticket_event where action = 'ESCALATE')")) {
            rows.next();
            assertThat(rows.getLong(2)).as("escalations: one per open ticket past its deadline, also polled twice").isEqualTo(rows.getLong(1));
            assertThat(rows.getLong(3)).isEqualTo(rows.getLong(1));
        }
        System.out.printf("DATABASE OUTAGE: the live board received events again %d ms after PostgreSQL was back; due timers fired once%n",
                boardBack);
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
                        "reporterPhone", "13700000001", "description", "停电了"))
                .exchange();
    }
}
