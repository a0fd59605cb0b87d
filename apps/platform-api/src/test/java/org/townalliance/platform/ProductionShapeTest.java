package org.townalliance.platform;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.townalliance.testkit.TestStack;
import reactor.netty.http.client.HttpClient;

import java.net.InetSocketAddress;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API as the chart runs it ({@link ProductionShape}: nginx as the ingress, two replicas, Redis): clients are
 * "remote" by connecting from other loopback addresses (127.0.0.2 and up) than nginx's own (127.0.0.1, the only
 * trusted proxy), so the address a replica believes can be told from the proxy's and from a forged one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductionShapeTest {

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

    private ProductionShape shape;
    private String town;
    private String foreignTown;

    @org.junit.jupiter.api.AfterAll
    void stopReplicas() {
        ProductionShape.stopReplicas();
    }

    @BeforeAll
    void start() {
        shape = ProductionShape.get();
        town = onboard("ps");
        foreignTown = onboard("ps-other");
        TestStack.users().user("ps-sec-" + town, "/towns/" + town + "/secretariat");
        TestStack.users().user("ps-op-" + town, "/towns/" + town + "/hotline");
    }

    /** A client connecting from {@code address} (a loopback address of its own) to {@code baseUrl}. */
    static WebTestClient from(String address, String baseUrl) {
        var http = HttpClient.create().bindAddress(() -> new InetSocketAddress(address, 0));
        return WebTestClient.bindToServer(new ReactorClientHttpConnector(http)).baseUrl(baseUrl)
                .responseTimeout(Duration.ofSeconds(30)).build();
    }

    private String onboard(String prefix) {
        var slug = prefix + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        from("127.0.0.2", shape.proxyUrl()).post().uri("/api/platform/towns")
                .header("Authorization", "Bearer " + TestStack.tokens().of("platform-admin"))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(PlatformTest.townJson(slug)).exchange()
                .expectStatus().isCreated();
        return slug;
    }

    /**
     * Issue 21: with two replicas (and the suite's own instance) polling the same outbox, each manager of the firm gets
     * each dispatch exactly once, in the inbox and by e-mail, and it stays once: no replica sends it again later.
     */
    @Test
    void twoReplicasTellEachManagerOfEachDispatchExactlyOnce() throws Exception {
        var proxy = from("127.0.0.2", shape.proxyUrl());
        var secretariat = "Bearer " + TestStack.tokens().of("ps-sec-" + town);
        proxy.post().uri("/api/towns/{t}/members/import", town).header("Authorization", secretariat)
                .contentType(MediaType.parseMediaType("text/csv"))
                .bodyValue(java.nio.file.Files.readAllBytes(java.nio.file.Path.of("../../infra/examples/dachang-members.csv")))
                .exchange().expectStatus().isOk();
        var members = (List<Map<String, Object>>) proxy.get().uri("/api/towns/{t}/members", town).header("Authorization", secretariat)
                .exchange().expectBody(List.class).returnResult().getResponseBody();
        var firm = members.stream().filter(m -> HotlineTest.FIRM_A.equals(m.get("uscc"))).findFirst().orElseThrow().get("organisationId");
        var managers = List.of("ps-mgr1-" + town, "ps-mgr2-" + town);
        managers.forEach(manager -> TestStack.users().user(manager, "/towns/" + town + "/orgs/" + HotlineTest.FIRM_A + "/managers"));
        var operator = "Bearer " + TestStack.tokens().of("ps-op-" + town);
        var dispatches = 12;
        for (var i = 0; i < dispatches; i++) {
            var ticket = proxy.post().uri("/api/towns/{t}/tickets", town).header("Authorization", operator).contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("kind", "SERVICE_REQUEST", "channel", "PHONE", "categoryCode", "repairs", "address", "乾溪路" + i + "号",
                            "reporterName", "王阿姨", "description", "楼道灯不亮"))
                    .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
            proxy.post().uri("/api/towns/{t}/tickets/{id}/dispatch", town, ticket.get("id")).header("Authorization", operator)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("organisationId", firm)).exchange().expectStatus().isOk();
        }
        for (var manager : managers) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    assertThat(TestStack.mail().to(manager + "@alliance.local")).hasSize(dispatches));
        }
        // Held for a few of the loops' rounds (200 ms here, 1 s in the chart): nothing is delivered a second time.
        org.awaitility.Awaitility.await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            for (var manager : managers) {
                assertThat(TestStack.mail().to(manager + "@alliance.local")).hasSize(dispatches);
                var inbox = proxy.get().uri("/api/me/notifications?limit=100").header("Authorization", "Bearer " + TestStack.tokens().of(manager))
                        .exchange().expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
                assertThat((List<?>) inbox.get("items")).hasSize(dispatches);
            }
        });
        assertThat(count("select count(distinct d.id) from platform.notification_delivery d where d.town = '" + town
                + "' and d.channel = 'EMAIL' and d.status = 'SENT'")).isEqualTo(2L * dispatches);
    }

    @Test
    void writesThroughTheProxyAreAuditedWithTheClientsAddressNotTheProxysNorAForgedOne() {
        var path = "/api/towns/" + town + "/estates";
        var client = from("127.0.0.2", shape.proxyUrl());
        client.post().uri(path).header("Authorization", "Bearer " + TestStack.tokens().of("ps-sec-" + town))
                .header("User-Agent", "ps-audit-proxied").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "罗店新村", "address", "罗店路1弄")).exchange().expectStatus().isCreated();
        // What a client writes into X-Forwarded-For itself sits left of what the proxy appends: never believed.
        client.post().uri(path).header("Authorization", "Bearer " + TestStack.tokens().of("ps-sec-" + town))
                .header("User-Agent", "ps-audit-forged").header("X-Forwarded-For", "203.0.113.9")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "罗店二村", "address", "罗店路2弄")).exchange().expectStatus().isCreated();
        assertThat(auditedAddress("ps-audit-proxied")).isEqualTo("127.0.0.2");
        assertThat(auditedAddress("ps-audit-forged")).isEqualTo("127.0.0.2");
    }

    @Test
    void forwardedHeadersFromAPeerThatIsNotATrustedProxyAreIgnored() {
        var direct = from("127.0.0.3", shape.replicas.getFirst().url());
        direct.post().uri("/api/towns/{t}/estates", town).header("Authorization", "Bearer " + TestStack.tokens().of("ps-sec-" + town))
                .header("User-Agent", "ps-audit-untrusted").header("X-Forwarded-For", "203.0.113.10")
                .header("X-Forwarded-Host", "evil.example").header("X-Forwarded-Proto", "https")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "月浦新村", "address", "月浦路1弄")).exchange().expectStatus().isCreated();
        assertThat(auditedAddress("ps-audit-untrusted")).isEqualTo("127.0.0.3");
        // Links the platform builds from the request (here the console's login redirect) keep this server's own host.
        direct.get().uri("/oauth2/authorization/keycloak").header("X-Forwarded-Host", "evil.example").header("X-Forwarded-Proto", "https")
                .exchange().expectStatus().is3xxRedirection()
                .expectHeader().value("Location", location -> assertThat(decode(location))
                        .contains("redirect_uri=" + shape.replicas.getFirst().url() + "/login/oauth2/code/keycloak").doesNotContain("evil.example"));
    }

    @Test
    void linksBuiltBehindTheProxyUseThePublicHostAndScheme() {
        from("127.0.0.3", shape.proxyUrl()).get().uri("/oauth2/authorization/keycloak").exchange().expectStatus().is3xxRedirection()
                .expectHeader().value("Location", location -> assertThat(decode(location))
                        .contains("redirect_uri=" + shape.proxyUrl() + "/login/oauth2/code/keycloak"));
    }

    private static String decode(String url) {
        return java.net.URLDecoder.decode(url, java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The public limit (the chart's 120 a minute) counts one client across both replicas: nginx spreads the calls
     * over both, and once the client's bucket is empty the next call is 429 with Retry-After; forged X-Forwarded-For
     * values change nothing, and another client is still served. The bucket refills greedily (2 a second at 120 a
     * minute), so the first 429 comes at the limit + 1st call plus what refilled while the calls were made.
     */
    @Test
    void thePublicRateLimitCountsTheRealClientAcrossBothReplicas() {
        var limit = Integer.parseInt(shape.chartEnvironment.get("ALLIANCE_WEB_PUBLIC_RATE_LIMIT_REQUESTS_PER_MINUTE"));
        var client = from("127.0.0.4", shape.proxyUrl());
        var before = shape.proxy.accessLog().size();
        var started = System.nanoTime();
        int served = 0;
        while (served <= 2 * limit) {
            var status = client.get().uri("/public/certificates/{c}", "PS00-0000-" + served).header("X-Forwarded-For", "198.51.100." + (served % 250))
                    .exchange().returnResult(byte[].class).getStatus().value();
            if (status == 429) {
                break;
            }
            assertThat(status).isEqualTo(404);
            served++;
        }
        var refilled = (int) Math.ceil((System.nanoTime() - started) / 1e9 * limit / 60.0);
        assertThat(served).as("calls served before the first 429").isBetween(limit, limit + refilled);
        client.get().uri("/public/certificates/{c}", "PS00-0000-X").exchange().expectStatus().isEqualTo(429)
                .expectHeader().contentType("application/problem+json")
                .expectHeader().value("Retry-After", retry -> assertThat(Integer.parseInt(retry)).isBetween(1, 60))
                .expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:rate-limited");
        client.get().uri("/open311/v2/{t}/services.json", town).header("X-Forwarded-For", "198.51.100.77")
                .exchange().expectStatus().isEqualTo(429);
        // The Star Plan's public pages too (issue 19 item 10).
        client.get().uri("/stars/{t}/2026", town).accept(MediaType.TEXT_HTML).exchange().expectStatus().isEqualTo(429);
        from("127.0.0.5", shape.proxyUrl()).get().uri("/public/certificates/{c}", "PS00-0000-Y").exchange().expectStatus().isNotFound();
        var upstreams = shape.proxy.accessLogSince(before).stream()
                .filter(line -> line.startsWith("127.0.0.4 ")).flatMap(line -> java.util.Arrays.stream(line.substring(line.indexOf("upstream=") + 9).split(", "))).distinct().toList();
        assertThat(upstreams).as("replicas that answered the one client").hasSize(2);
        System.out.printf("RATE LIMIT: %d of %d calls served (limit %d, %d refilled meanwhile), then 429, over %s%n",
                served, served + 1, limit, refilled, upstreams);
    }

    /** A share of the isolation matrix through the proxy: every town route answers as it does on a replica directly. */
    @Test
    void everyTownRouteAnswersThroughTheProxyAsItDoesDirectly() {
        var mapping = shape.replicas.getFirst().context().getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        var routes = new ArrayList<String>();
        mapping.getHandlerMethods().forEach((info, handler) -> {
            var stream = info.getProducesCondition().getProducibleMediaTypes().contains(MediaType.TEXT_EVENT_STREAM);
            if (!stream && info.getMethodsCondition().getMethods().contains(org.springframework.web.bind.annotation.RequestMethod.GET)) {
                info.getPatternsCondition().getPatterns().stream().map(p -> p.getPatternString())
                        .filter(p -> p.startsWith("/api/towns/{town}")).forEach(routes::add);
            }
        });
        assertThat(routes).hasSizeGreaterThan(40);
        var token = "Bearer " + TestStack.tokens().of("ps-sec-" + town);
        var proxied = from("127.0.0.6", shape.proxyUrl());
        var direct = from("127.0.0.6", shape.replicas.get(1).url());
        var differences = new ArrayList<String>();
        for (var route : routes) {
            for (var slug : List.of(town, foreignTown)) {
                var path = VARIABLE.matcher(route).replaceAll(m -> m.group(1).equals("town") ? slug : UUID.randomUUID().toString());
                var viaProxy = status(proxied, path, token);
                var onReplica = status(direct, path, token);
                if (viaProxy != onReplica || viaProxy >= 500 || (slug.equals(foreignTown) && viaProxy < 400)) {
                    differences.add(path + ": proxy " + viaProxy + ", replica " + onReplica);
                }
            }
        }
        assertThat(differences).as("routes answering differently through the proxy, 5xx, or reaching another town").isEmpty();
        System.out.printf("ROUTES THROUGH THE PROXY: %d town routes x 2 towns (own, foreign), all as on a replica directly%n", routes.size());
    }

    private static int status(WebTestClient client, String path, String token) {
        return client.get().uri(path).header("Authorization", token).exchange().returnResult(byte[].class).getStatus().value();
    }

    /**
     * Issue 20: a resident's photo sent through the ingress to whichever replica is kept in the shared S3-compatible
     * store (S3Proxy here), so that both replicas serve it, and none of it in the database; the tracking token is masked
     * in the ingress's log.
     */
    @Test
    void aResidentsPhotosAreInTheSharedObjectStoreAndEveryReplicaServesThem() throws Exception {
        var client = from("127.0.0.9", shape.proxyUrl());
        var phone = Residents.phone();
        var proof = Residents.verify(client, town, phone);
        var photo = client.post().uri("/public/towns/{t}/report-photos", town).header("X-Phone-Proof", proof).contentType(MediaType.IMAGE_JPEG)
                .bodyValue(Residents.jpegWithGps(1600, 1200)).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
        var filed = client.post().uri("/public/towns/{t}/reports", town).header("X-Phone-Proof", proof).header("Idempotency-Key", "ps-1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "SERVICE_REQUEST", "categoryCode", "repairs", "place", "5号楼1201", "description", "楼道灯坏了",
                        "photoIds", List.of(photo)))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        var token = (String) filed.get("trackingToken");
        var before = shape.proxy.accessLog().size();
        var served = new java.util.ArrayList<byte[]>();
        for (var replica : shape.replicas) {
            served.add(from("127.0.0.9", replica.url()).get().uri("/public/towns/{t}/reports/{token}/photos/{p}", town, token, photo).exchange()
                    .expectStatus().isOk().expectHeader().contentType(MediaType.IMAGE_JPEG).expectBody(byte[].class).returnResult().getResponseBody());
        }
        assertThat(served.get(0)).isEqualTo(served.get(1));
        client.get().uri("/track/{t}/{token}", town, token).accept(MediaType.TEXT_HTML).exchange();
        try (var objects = java.nio.file.Files.walk(shape.s3.bucketDirectory().resolve("towns").resolve(town))) {
            assertThat(objects.filter(java.nio.file.Files::isRegularFile).map(path -> path.getFileName().toString()))
                    .contains(photo + ".jpg", photo + "-thumbnail.jpg");
        }
        assertThat(PlatformTest.count("select count(*) from town_" + town.replace('-', '_') + ".media_object")).isZero();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> !shape.proxy.accessLogSince(before).isEmpty());
        assertThat(shape.proxy.accessLogSince(before)).noneSatisfy(line -> assertThat(line).contains(token));
    }

    /** The local SMS gateway's inbox exists on the local stack only. */
    @Test
    void theLocalSmsInboxIsNotPartOfTheProductionShape() {
        from("127.0.0.8", shape.proxyUrl()).get().uri("/local/sms").accept(MediaType.TEXT_HTML).exchange().expectStatus().isNotFound();
    }

    /** Issue 19 item 7: a rating link works like a password; neither the ingress nor the platform logs it. */
    @Test
    void aResidentsOneTimeTokenNeverReachesTheAccessLogs() {
        var platformLog = (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("reactor.netty.http.server.AccessLog");
        var lines = new ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent>();
        lines.start();
        platformLog.addAppender(lines);
        try {
            var before = shape.proxy.accessLog().size();
            var token = "rt_" + Long.toString(System.nanoTime(), 36) + "SECRET";
            from("127.0.0.7", shape.proxyUrl()).get().uri("/rate/{t}/{token}", "dachang", token).accept(MediaType.TEXT_HTML).exchange()
                    .expectStatus().is4xxClientError();
            from("127.0.0.7", shape.proxyUrl()).get().uri("/public/towns/{t}/ratings/{token}", "dachang", token).exchange()
                    .expectStatus().is4xxClientError();
            // nginx writes a request's log line after answering it: wait for both lines.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> shape.proxy.accessLogSince(before).size() >= 2);
            var ingress = shape.proxy.accessLogSince(before);
            assertThat(ingress).anySatisfy(line -> assertThat(line).contains("/rate/dachang/***"));
            assertThat(ingress).anySatisfy(line -> assertThat(line).contains("/public/towns/dachang/ratings/***"));
            assertThat(ingress).noneSatisfy(line -> assertThat(line).contains(token));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> lines.list.stream()
                    .anyMatch(event -> event.getFormattedMessage().contains("/rate/dachang/***")));
            assertThat(lines.list).noneSatisfy(event -> assertThat(event.getFormattedMessage()).contains(token));
        } finally {
            platformLog.detachAppender(lines);
        }
    }

    @Test
    void actuatorIsOnTheManagementPortOnlyNeverThroughTheIngress() {
        var proxied = from("127.0.0.2", shape.proxyUrl());
        for (var path : List.of("/actuator/prometheus", "/actuator/health", "/actuator/info", "/actuator/health/readiness")) {
            proxied.get().uri(path).exchange().expectStatus().isNotFound();
        }
        var management = from("127.0.0.2", "http://127.0.0.1:" + shape.replicas.getFirst().managementPort);
        management.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        management.get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).value(metrics -> assertThat(metrics).contains("http_server_requests"));
    }

    /**
     * The API's live stream ends when the token it was opened with expires (here the local-only 2 s client; production
     * tokens live 300 s), and a person whose role in the town was removed meanwhile gets no further events: their next
     * token no longer opens the stream.
     */
    @Test
    void theTicketStreamEndsWithItsTokenAndARemovedRoleReceivesNothingMore() throws Exception {
        var operator = "ps-op2-" + town;
        TestStack.users().user(operator, "/towns/" + town + "/hotline");
        var opened = Instant.now();
        var events = WebClient.builder().clientConnector(new ReactorClientHttpConnector(HttpClient.create()
                        .bindAddress(() -> new InetSocketAddress("127.0.0.7", 0)))).baseUrl(shape.proxyUrl()).build()
                .get().uri("/api/towns/{t}/tickets/stream", town).header("Authorization", "Bearer " + TestStack.tokens().expiring(operator))
                .accept(MediaType.TEXT_EVENT_STREAM).retrieve()
                .bodyToFlux(new ParameterizedTypeReference<ServerSentEvent<String>>() { })
                .collectList().toFuture();
        var secretariat = from("127.0.0.7", shape.proxyUrl()).mutate()
                .defaultHeader("Authorization", "Bearer " + TestStack.tokens().of("ps-sec-" + town)).build();
        var people = secretariat.get().uri("/api/towns/{t}/people", town).exchange().expectStatus().isOk()
                .expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() { }).returnResult().getResponseBody();
        var id = people.stream().filter(p -> operator.equals(p.get("username"))).findFirst().orElseThrow().get("id");
        secretariat.delete().uri("/api/towns/{t}/people/{id}", town, id).exchange().expectStatus().isNoContent();

        events.get(20, TimeUnit.SECONDS); // ended by itself, with its token
        assertThat(Duration.between(opened, Instant.now())).isLessThan(Duration.ofSeconds(15));
        from("127.0.0.7", shape.proxyUrl()).get().uri("/api/towns/{t}/tickets/stream", town)
                .header("Authorization", "Bearer " + TestStack.tokens().fresh(operator)).accept(MediaType.TEXT_EVENT_STREAM)
                .exchange().expectStatus().isForbidden();
    }

    private static long count(String query) {
        try (var connection = TestStack.database().connect(); var statement = connection.createStatement(); var rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The newest audit row written with this user agent: its client address. */
    private static String auditedAddress(String userAgent) {
        try (var connection = TestStack.database().connect();
             var statement = connection.prepareStatement("select client_ip from platform.audit_event where user_agent = ? order by id desc limit 1")) {
            statement.setString(1, userAgent);
            try (var rows = statement.executeQuery()) {
                assertThat(rows.next()).as("an audit row for " + userAgent).isTrue();
                return rows.getString(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

}
