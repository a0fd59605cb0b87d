package org.townalliance.platform;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.townalliance.testkit.TestStack;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The city-hotline endpoint cannot be turned against the platform's own network (security review, issue 19 item 3):
 * internal and reserved addresses are refused when set and again at each delivery (as after a DNS change), failures
 * are recorded in coarse words only, and one town's hung endpoint does not hold up another town's deliveries. The
 * receivers here stand in for the city's 12345 system on 127.0.0.1, which the test configuration alone allows.
 */
class CityHotlineEgressTest extends PlatformTest {

    private final List<AutoCloseable> receivers = new ArrayList<>();

    @AfterEach
    void stopReceivers() throws Exception {
        for (var receiver : receivers) {
            receiver.close();
        }
    }

    @Test
    void internalAddressesAreRefusedWhenSetAndAgainWhenDelivering() throws Exception {
        var slug = town("egress-a");
        for (var url : List.of("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1:8080/", "http://[::1]:8080/x",
                "http://192.168.1.10/", "https://[fd00::1]/", "http://0.0.0.0:8080/")) {
            setEndpoint(slug, url).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:endpoint-not-allowed");
        }
        setEndpoint(slug, "gopher://127.0.0.1/").expectStatus().isBadRequest()
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:invalid-url");

        // Set to an allowed address, then (as a changed DNS answer would) pointing inside: nothing is sent there.
        var inside = new CopyOnWriteArrayList<String>();
        var internal = receiver("::1", inside::add);
        setEndpoint(slug, "http://127.0.0.1:" + internal.getAddress().getPort() + "/case-updates").expectStatus().isOk();
        try (var connection = TestStack.database().connect(); var statement = connection.createStatement()) {
            statement.executeUpdate("update town_" + slug.replace('-', '_') + ".city_hotline_endpoint set url = 'http://[::1]:"
                    + internal.getAddress().getPort() + "/case-updates'");
        }
        fileCase(slug, "SH12345-EGRESS-1");
        await().atMost(Duration.ofSeconds(20)).until(() -> lastErrors(slug).contains("address-not-allowed"));
        assertThat(inside).as("nothing reached the internal address").isEmpty();
        assertThat(lastErrors(slug)).allSatisfy(error -> assertThat(error).doesNotContain("::1", "127.0.0.1", "Connection"));
    }

    @Test
    void oneTownsHungEndpointDoesNotHoldUpAnotherTownsDeliveries() throws Exception {
        var hung = town("egress-hung");
        var fine = town("egress-fine");
        var silent = new ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1")); // accepts, never answers
        receivers.add(silent);
        var accepted = new CopyOnWriteArrayList<Socket>();
        Thread.ofVirtual().start(() -> {
            while (!silent.isClosed()) {
                try {
                    accepted.add(silent.accept());
                } catch (java.io.IOException closed) {
                    return;
                }
            }
        });
        setEndpoint(hung, "http://127.0.0.1:" + silent.getLocalPort() + "/case-updates").expectStatus().isOk();
        for (int i = 0; i < 12; i++) {
            fileCase(hung, "SH12345-HUNG-" + i);
        }
        var delivered = new AtomicInteger();
        var city = receiver("127.0.0.1", body -> delivered.incrementAndGet());
        setEndpoint(fine, "http://127.0.0.1:" + city.getAddress().getPort() + "/case-updates").expectStatus().isOk();
        await().atMost(Duration.ofSeconds(10)).until(() -> accepted.size() >= 1); // the hung town's deliveries are waiting

        var started = System.nanoTime();
        fileCase(fine, "SH12345-FINE-1");
        await().atMost(Duration.ofSeconds(8)).until(() -> delivered.get() >= 1);
        var waited = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("CITY HOTLINE LANES: another town's delivery arrived %d ms after filing while 12 waited on a hung endpoint"
                + " (%d connections to it at most at once)%n", waited, accepted.size());
        assertThat(accepted.size()).as("the hung town's lane: one delivery at a time").isLessThanOrEqualTo(2);
        for (var socket : accepted) {
            socket.close();
        }
    }

    /** Issue 19 item 7: the signing secret is stored sealed; a secret stored before sealing is re-sealed by the platform admin. */
    @Test
    void theSigningSecretIsStoredSealedAndReSealedAfterARotation() throws Exception {
        var slug = town("egress-seal");
        var signed = new CopyOnWriteArrayList<String[]>();
        var city = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getByName("127.0.0.1"), 0), 0);
        city.createContext("/case-updates", exchange -> {
            signed.add(new String[] {exchange.getRequestHeaders().getFirst("X-Alliance-Signature"),
                    new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)});
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        city.start();
        receivers.add(() -> city.stop(0));
        var secret = (String) setEndpoint(slug, "http://127.0.0.1:" + city.getAddress().getPort() + "/case-updates").expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody().get("signingSecret");
        assertThat(storedSecret(slug)).startsWith("v1:test1:").doesNotContain(secret.substring(6));
        fileCase(slug, "SH12345-SEAL-1");
        await().atMost(Duration.ofSeconds(20)).until(() -> signed.size() >= 1);
        assertThat(verifies(signed.getFirst(), secret)).as("signed with the secret the town was shown").isTrue();

        // A secret stored before sealing existed (or under an old key): re-sealed, the same secret.
        var legacy = "whsec_stored_before_sealing_" + slug;
        try (var connection = TestStack.database().connect(); var statement = connection.createStatement()) {
            statement.executeUpdate("update town_" + slug.replace('-', '_') + ".city_hotline_endpoint set signing_secret = '" + legacy + "'");
        }
        as("sec-" + slug).post().uri("/api/platform/city-hotline/signing-secrets/re-seal").exchange().expectStatus().isForbidden();
        admin().post().uri("/api/platform/city-hotline/signing-secrets/re-seal").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.resealed").value(n -> assertThat(((Number) n).intValue()).isGreaterThanOrEqualTo(1));
        assertThat(storedSecret(slug)).startsWith("v1:test1:").doesNotContain(legacy);
        fileCase(slug, "SH12345-SEAL-2");
        await().atMost(Duration.ofSeconds(20)).until(() -> signed.size() >= 2);
        assertThat(verifies(signed.get(1), legacy)).isTrue();
    }

    private static String storedSecret(String slug) throws Exception {
        try (var connection = TestStack.database().connect(); var statement = connection.createStatement();
             var rows = statement.executeQuery("select signing_secret from town_" + slug.replace('-', '_') + ".city_hotline_endpoint")) {
            rows.next();
            return rows.getString(1);
        }
    }

    /** The receiver's check: HMAC-SHA256 over "timestamp.body" with the shared secret, as the city computes it. */
    private static boolean verifies(String[] delivery, String secret) throws Exception {
        var parts = delivery[0].split(",");
        var timestamp = parts[0].substring(2);
        var mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8), "HmacSHA256"));
        var expected = java.util.HexFormat.of().formatHex(mac.doFinal((timestamp + "." + delivery[1]).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return parts[1].equals("v1=" + expected);
    }

    private String town(String prefix) {
        var slug = onboard(prefix);
        TestStack.users().user("sec-" + slug, "/towns/" + slug + "/secretariat");
        return slug;
    }

    private WebTestClient.ResponseSpec setEndpoint(String slug, String url) {
        return as("sec-" + slug).put().uri("/api/towns/{t}/city-hotline/endpoint", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", url)).exchange();
    }

    private final Map<String, WebTestClient> cityClients = new java.util.concurrent.ConcurrentHashMap<>();

    private void fileCase(String slug, String caseId) {
        var client = cityClients.computeIfAbsent(slug, town -> {
            var credentials = admin().post().uri("/api/platform/towns/{slug}/city-hotline-credentials", town).exchange()
                    .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
            var token = TestStack.tokens().client("city-hotline-" + town, (String) credentials.get("clientSecret"));
            return anonymous().mutate().defaultHeader("Authorization", "Bearer " + token).build();
        });
        client.post().uri("/api/towns/{t}/tickets", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "COMPLAINT", "channel", "CITY_HOTLINE", "categoryCode", "noise", "description", "夜间施工扰民",
                        "cityCaseId", caseId, "reporterPhone", "13912340000"))
                .exchange().expectStatus().isCreated();
    }

    @SuppressWarnings("unchecked")
    private List<String> lastErrors(String slug) {
        var page = as("sec-" + slug).get().uri("/api/towns/{t}/city-hotline/deliveries", slug).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        return ((List<Map<String, Object>>) page.get("items")).stream().map(d -> String.valueOf(d.get("lastError"))).toList();
    }

    private HttpServer receiver(String address, java.util.function.Consumer<String> onDelivery) throws Exception {
        var server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getByName(address), 0), 0);
        server.createContext("/case-updates", exchange -> {
            onDelivery.accept(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        receivers.add(() -> server.stop(0));
        return server;
    }
}
