package org.townalliance.platform;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.townalliance.hotline.DeadlineTimers;
import org.townalliance.testkit.TestStack;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two platform instances against one PostgreSQL and one Keycloak, as two replicas would run: the test's
 * own (A) and a second one started here (B). A ticket taken in through A reaches a board subscribed on
 * B; deadline timers polled by both fire once; B's start-up migrated nothing A had migrated.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TwoInstancesTest extends HotlineTest {

    @org.springframework.beans.factory.annotation.Autowired
    DeadlineTimers timersA;

    private ConfigurableApplicationContext instanceB;
    private int portB;
    private long changeSetsBeforeB;
    private long changeSetsAfterB;

    @BeforeAll
    void startSecondInstance() {
        town(); // make sure instance A has migrated at least one town before B starts
        changeSetsBeforeB = changeSets();
        var properties = new HashMap<String, String>(TestStack.platformProperties());
        properties.putAll(HOTLINE_TEST_PROPERTIES);
        properties.put("server.port", "0");
        // B counts loopback clients against a small public rate limit (A, like production's console, does not).
        properties.put("alliance.web.public-rate-limit.count-loopback", "true");
        properties.put("alliance.web.public-rate-limit.requests-per-minute", "5");
        // As command-line arguments: they outrank application.yml, as the environment does in production.
        var arguments = properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue()).toArray(String[]::new);
        instanceB = new SpringApplicationBuilder(PlatformApplication.class).initializers(ProductionShape.ownEventLoops()).run(arguments);
        portB = ((WebServerApplicationContext) instanceB).getWebServer().getPort();
        changeSetsAfterB = changeSets();
    }

    /** Change sets applied so far, in the platform schema and in every town schema. */
    private static long changeSets() {
        try (var connection = TestStack.database().connect(); var statement = connection.createStatement();
             var schemas = statement.executeQuery("select table_schema from information_schema.tables where table_name = 'databasechangelog'")) {
            var union = new java.util.StringJoiner(" union all ");
            while (schemas.next()) {
                union.add("select count(*) as n from \"" + schemas.getString(1) + "\".databasechangelog");
            }
            return count("select sum(n) from (" + union + ") all_schemas");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stopSecondInstance() {
        if (instanceB != null) {
            instanceB.close();
        }
    }

    /**
     * The public surfaces are rate limited per client address and replica: B refuses the sixth request of the
     * minute with 429 and Retry-After; the API behind a login is not counted; A (loopback exempt) answers on.
     */
    @Test
    void publicSurfacesAreRateLimitedPerClientAddress() {
        var b = WebTestClient.bindToServer().baseUrl("http://localhost:" + portB).build();
        for (int i = 0; i < 5; i++) {
            b.get().uri("/public/certificates/{c}", "2345-6789-ABCD").exchange().expectStatus().isNotFound();
        }
        b.get().uri("/public/certificates/{c}", "2345-6789-ABCD").exchange().expectStatus().isEqualTo(429)
                .expectHeader().contentType("application/problem+json")
                .expectHeader().value("Retry-After", retry -> assertThat(Integer.parseInt(retry)).isBetween(1, 60))
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:rate-limited");
        b.get().uri("/open311/v2/{t}/services.json", "nowhere").exchange().expectStatus().isEqualTo(429);
        b.get().uri("/api/me").header("Authorization", "Bearer " + TestStack.tokens().of("platform-admin")).exchange().expectStatus().isOk();
        for (int i = 0; i < 10; i++) {
            anonymous().get().uri("/public/certificates/{c}", "2345-6789-ABCD").exchange().expectStatus().isNotFound();
        }
    }

    @Test
    void theSecondInstanceMigratedNothingAgain() {
        assertThat(changeSetsAfterB).isEqualTo(changeSetsBeforeB);
    }

    @Test
    void aBoardOnOneInstanceSeesTicketsTakenInThroughTheOther() throws Exception {
        var town = town();
        var slug = town.slug();
        var boardOnB = WebClient.create("http://localhost:" + portB).get().uri("/api/towns/{t}/tickets/stream", slug)
                .header("Authorization", "Bearer " + TestStack.tokens().of("op-" + slug)).accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve().bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>>() { })
                .filter(event -> "ticket".equals(event.event()))
                .next().toFuture();
        Thread.sleep(1_000); // let the subscription reach instance B
        var id = intake(town, null, "13400000001").get("id"); // through instance A
        var event = boardOnB.get(15, TimeUnit.SECONDS);
        assertThat(event.data().get("ticketId")).isEqualTo(id);
        assertThat(event.data().get("action")).isEqualTo("RECEIVE");
    }

    @Test
    void timersPolledByBothInstancesFireOnce() {
        var town = town();
        var id = intake(town, null, "13400000002").get("id");
        var timersB = instanceB.getBean(DeadlineTimers.class);
        // Past the default resolve deadline (24 h): both instances poll at once, several times.
        var later = Instant.now().plus(Duration.ofHours(25));
        Flux.range(0, 6).parallel(6).runOn(Schedulers.boundedElastic())
                .flatMap(i -> (i % 2 == 0 ? timersA : timersB).fireDue(later))
                .sequential().blockLast(Duration.ofSeconds(60));
        assertThat(count("select count(*) from " + schema(town) + ".ticket_event where ticket_id = '" + id + "' and action = 'ESCALATE'"))
                .isEqualTo(1);
        assertThat(count("select count(*) from " + schema(town) + ".ticket_event where ticket_id = '" + id + "' and action = 'DEADLINE_WARNING'"))
                .isEqualTo(1);
    }

    @Test
    void outboxMessagesAreDeliveredOnceWhileBothInstancesDeliver() throws Exception {
        var town = town();
        var slug = town.slug();
        var deliveries = java.util.Collections.synchronizedList(new java.util.ArrayList<String>());
        var city = com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        city.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            deliveries.add(exchange.getRequestHeaders().getFirst("X-Alliance-Delivery"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        city.start();
        try {
            as("sec-" + slug).put().uri("/api/towns/{t}/city-hotline/endpoint", slug).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("url", "http://127.0.0.1:" + city.getAddress().getPort() + "/")).exchange().expectStatus().isOk();
            for (int i = 0; i < 20; i++) {
                as("op-" + slug).post().uri("/api/towns/{t}/tickets", slug).contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("kind", "COMPLAINT", "channel", "CITY_HOTLINE", "categoryCode", "noise", "description", "夜间噪音 " + i,
                                "cityCaseId", "SH-TWO-" + slug + "-" + i))
                        .exchange().expectStatus().isCreated();
            }
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> deliveries.size() >= 20);
            Thread.sleep(1_000); // a duplicate would arrive within the next polls
            assertThat(deliveries).hasSize(20).doesNotHaveDuplicates();
        } finally {
            city.stop(0);
        }
    }
}
