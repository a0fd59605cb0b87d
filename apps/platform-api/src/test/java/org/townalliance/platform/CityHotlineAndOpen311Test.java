package org.townalliance.platform;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.townalliance.testkit.TestStack;
import org.w3c.dom.Element;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The city hotline (12345): its client files cases with its own case id and deadline; every change goes
 * back to a local HTTP receiver (standing in for the city) through the outbox, signed, retried after the
 * receiver's failures, dead-lettered and replayed. Open311 GeoReport v2 in JSON and XML, checked against
 * the standard's field lists and types.
 */
class CityHotlineAndOpen311Test extends HotlineTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private HttpServer city;
    private final List<Map<String, String>> received = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger failuresToGo = new AtomicInteger();

    @BeforeEach
    void cityReceiver() throws Exception {
        city = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        city.createContext("/case-updates", exchange -> {
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var failing = failuresToGo.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
            if (!failing) {
                received.add(Map.of("body", body, "signature", exchange.getRequestHeaders().getFirst("X-Alliance-Signature"),
                        "delivery", exchange.getRequestHeaders().getFirst("X-Alliance-Delivery")));
            }
            exchange.sendResponseHeaders(failing ? 503 : 204, -1);
            exchange.close();
        });
        city.start();
    }

    @AfterEach
    void stopReceiver() {
        city.stop(0);
    }

    private WebTestClient cityClient(String slug) {
        var credentials = admin().post().uri("/api/platform/towns/{slug}/city-hotline-credentials", slug).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody();
        var token = TestStack.tokens().client("city-hotline-" + slug, (String) credentials.get("clientSecret"));
        return anonymous().mutate().defaultHeader("Authorization", "Bearer " + token).build();
    }

    private String endpoint(String slug) {
        return (String) as("sec-" + slug).put().uri("/api/towns/{t}/city-hotline/endpoint", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("url", "http://127.0.0.1:" + city.getAddress().getPort() + "/case-updates")).exchange()
                .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("signingSecret");
    }

    private static String hmac(String secret, String signed) throws Exception {
        var mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(signed.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void cityCasesAreFiledOnceAndEveryChangeGoesBackSignedInOrderThroughFailures() throws Exception {
        var town = town();
        var slug = town.slug();
        var secret = endpoint(slug);
        var cityClient = cityClient(slug);
        var deadline = OffsetDateTime.now().plusHours(4).withNano(0);
        var filing = Map.of("kind", "COMPLAINT", "channel", "CITY_HOTLINE", "categoryCode", "noise", "description", "夜间施工扰民",
                "cityCaseId", "SH12345-2026-000731", "cityDeadline", deadline.toString(), "reporterPhone", "13912340000");
        failuresToGo.set(2); // the city's endpoint fails twice, then accepts
        var first = cityClient.post().uri("/api/towns/{t}/tickets", slug).contentType(MediaType.APPLICATION_JSON).bodyValue(filing)
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        // Its own deadline (4 h) is earlier than the town's complaint rule (48 h).
        assertThat(OffsetDateTime.parse((String) first.get("resolveDueAt")).toInstant()).isEqualTo(deadline.toInstant());
        cityClient.post().uri("/api/towns/{t}/tickets", slug).contentType(MediaType.APPLICATION_JSON).bodyValue(filing)
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.id").isEqualTo(first.get("id"));
        as("op-" + slug).post().uri("/api/towns/{t}/tickets", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "COMPLAINT", "channel", "PHONE", "categoryCode", "noise", "description", "x", "cityCaseId", "X-1"))
                .exchange().expectStatus().isBadRequest();
        act("op-" + slug, town, first.get("id"), "dispatch", Map.of("organisationId", town.firmA())).expectStatus().isOk();
        act("mgr-a-" + slug, town, first.get("id"), "accept", Map.of()).expectStatus().isOk();

        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() >= 3);
        var events = new ArrayList<String>();
        for (var delivery : received) {
            var body = delivery.get("body");
            var signature = delivery.get("signature");
            var timestamp = signature.substring(2, signature.indexOf(','));
            assertThat(signature).endsWith(",v1=" + hmac(secret, timestamp + "." + body));
            var payload = JSON.readTree(body);
            assertThat(payload.get("caseId").asString()).isEqualTo("SH12345-2026-000731");
            events.add(payload.get("event").asString());
        }
        assertThat(events).containsExactly("RECEIVE", "DISPATCH", "ACCEPT");
        assertThat(received).extracting(d -> d.get("delivery")).doesNotHaveDuplicates();
        var deliveries = as("sec-" + slug).get().uri("/api/towns/{t}/city-hotline/deliveries", slug).exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        assertThat((List<Map<String, Object>>) deliveries.get("items")).extracting(d -> d.get("state")).containsOnly("DELIVERED");
        assertThat((List<Map<String, Object>>) deliveries.get("items")).extracting(d -> d.get("attempts")).contains(3);
    }

    @Test
    void afterTheLastAttemptAMessageIsDeadUntilTheSecretariatReplaysIt() {
        var town = town();
        var slug = town.slug();
        endpoint(slug);
        failuresToGo.set(100);
        var ticket = cityClient(slug).post().uri("/api/towns/{t}/tickets", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "SERVICE_REQUEST", "channel", "CITY_HOTLINE", "categoryCode", "repairs", "description", "楼道灯不亮",
                        "cityCaseId", "SH12345-2026-000999"))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        act("op-" + slug, town, ticket.get("id"), "dispatch", Map.of("organisationId", town.firmA())).expectStatus().isOk();
        var secretariat = as("sec-" + slug);
        await().atMost(Duration.ofSeconds(20)).until(() -> ((List<?>) secretariat.get().uri("/api/towns/{t}/city-hotline/deliveries?state=DEAD", slug)
                .exchange().expectBody(Map.class).returnResult().getResponseBody().get("items")).size() == 1);
        // The dead RECEIVE holds back the DISPATCH behind it, so the city never sees them out of order.
        assertThat(count("select count(*) from platform.city_hotline_outbox where town = '" + slug + "' and attempts = 0")).isEqualTo(1);
        assertThat(received).isEmpty();

        failuresToGo.set(0);
        var dead = (Map<?, ?>) ((List<?>) secretariat.get().uri("/api/towns/{t}/city-hotline/deliveries?state=DEAD", slug).exchange()
                .expectBody(Map.class).returnResult().getResponseBody().get("items")).getFirst();
        as("op-" + slug).post().uri("/api/towns/{t}/city-hotline/deliveries/{id}/replay", slug, dead.get("id")).exchange().expectStatus().isForbidden();
        // Another town's secretariat cannot replay this town's dead letter.
        var other = onboard("city-other");
        TestStack.users().user("sec-" + other, "/towns/" + other + "/secretariat");
        as("sec-" + other).post().uri("/api/towns/{t}/city-hotline/deliveries/{id}/replay", other, dead.get("id")).exchange().expectStatus().isNotFound();
        secretariat.post().uri("/api/towns/{t}/city-hotline/deliveries/{id}/replay", slug, dead.get("id")).exchange().expectStatus().isOk();
        await().atMost(Duration.ofSeconds(20)).until(() -> received.size() == 2);
        assertThat(received).extracting(d -> JSON.readTree(d.get("body")).get("event").asString()).containsExactly("RECEIVE", "DISPATCH");
    }

    private static final Set<String> REQUEST_FIELDS = Set.of("service_request_id", "status", "status_notes", "service_name", "service_code",
            "description", "agency_responsible", "service_notice", "requested_datetime", "updated_datetime", "expected_datetime", "address",
            "address_id", "zipcode", "lat", "long", "media_url");
    private static final Set<String> SERVICE_FIELDS = Set.of("service_code", "service_name", "description", "metadata", "type", "keywords", "group");

    @Test
    void open311SpeaksGeoReportV2InJsonAndXml() throws Exception {
        var town = town();
        var slug = town.slug();
        var base = "/open311/v2/" + slug;
        var key = (String) as("sec-" + slug).post().uri("/api/towns/{t}/open311-clients", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "随申办 app")).exchange().expectStatus().isCreated().expectBody(Map.class).returnResult()
                .getResponseBody().get("apiKey");

        var discovery = json(anonymous().get().uri(base + "/discovery.json").exchange().expectStatus().isOk());
        assertThat(discovery.get("endpoints").get(0).get("formats").toString()).contains("text/xml", "application/json");
        var services = json(anonymous().get().uri(base + "/services.json?jurisdiction_id=" + slug).exchange().expectStatus().isOk());
        assertThat(services.size()).isGreaterThan(10);
        for (var service : services) {
            assertThat(service.propertyNames()).isSubsetOf(SERVICE_FIELDS).contains("service_code", "service_name", "metadata", "type");
            assertThat(service.get("metadata").isBoolean()).isTrue();
            assertThat(service.get("type").asString()).isIn("realtime", "batch", "blackbox");
        }
        anonymous().get().uri(base + "/services/repairs-elevator.json").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.service_code").isEqualTo("repairs-elevator").jsonPath("$.attributes").isArray();

        var form = new LinkedMultiValueMap<String, String>();
        form.add("service_code", "repairs-elevator");
        form.add("address_string", "乾溪路100弄3号");
        form.add("description", "电梯按钮失灵");
        form.add("first_name", "三");
        form.add("last_name", "张");
        form.add("phone", "13700001111");
        form.add("lat", "31.2836");
        form.add("long", "121.4069");
        form.add("media_url", "https://city-app.example/photos/abc.jpg");
        anonymous().post().uri(base + "/requests.json").body(BodyInserters.fromFormData(form)).exchange().expectStatus().isForbidden()
                .expectBody().jsonPath("$[0].code").isEqualTo(403).jsonPath("$[0].description").exists();
        form.add("api_key", key);
        var created = json(anonymous().post().uri(base + "/requests.json").body(BodyInserters.fromFormData(form)).exchange().expectStatus().isCreated());
        var requestId = created.get(0).get("service_request_id").asString();
        var token = created.get(0).get("token").asString();
        assertThat(requestId).matches("\\d+");

        var listed = json(anonymous().get().uri(base + "/requests.json?status=open&service_code=repairs-elevator").exchange().expectStatus().isOk());
        assertThat(listed.size()).isEqualTo(1);
        var request = listed.get(0);
        assertThat(request.propertyNames()).isSubsetOf(REQUEST_FIELDS)
                .contains("service_request_id", "status", "service_code", "requested_datetime", "updated_datetime");
        assertThat(request.get("status").asString()).isEqualTo("open");
        // Issue 20: the location and the client's photo address are kept and returned.
        assertThat(request.get("lat").asString()).isEqualTo("31.283600");
        assertThat(request.get("long").asString()).isEqualTo("121.406900");
        assertThat(request.get("media_url").asString()).isEqualTo("https://city-app.example/photos/abc.jpg");
        OffsetDateTime.parse(request.get("requested_datetime").asString());
        OffsetDateTime.parse(request.get("expected_datetime").asString());
        assertThat(request.toString()).doesNotContain("13700001111", "张");
        assertThat(json(anonymous().get().uri(base + "/requests.json?status=closed").exchange().expectStatus().isOk()).size()).isZero();
        anonymous().get().uri(base + "/tokens/" + token + ".json").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[0].service_request_id").isEqualTo(requestId);

        // XML: the same documents under the standard's element names.
        var xml = xml(anonymous().get().uri(base + "/requests/" + requestId + ".xml").exchange().expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_XML));
        assertThat(xml.getTagName()).isEqualTo("service_requests");
        var item = (Element) xml.getElementsByTagName("request").item(0);
        assertThat(item.getElementsByTagName("service_request_id").item(0).getTextContent()).isEqualTo(requestId);
        assertThat(item.getElementsByTagName("status").item(0).getTextContent()).isEqualTo("open");
        assertThat(xml(anonymous().get().uri(base + "/services.xml").exchange().expectStatus().isOk()).getElementsByTagName("service").getLength())
                .isEqualTo(services.size());
        assertThat(xml(anonymous().get().uri(base + "/discovery.xml").exchange().expectStatus().isOk()).getElementsByTagName("format").getLength()).isEqualTo(2);

        // Errors in the standard's format, in the format asked for.
        var error = xml(anonymous().get().uri(base + "/requests/999999.xml").exchange().expectStatus().isNotFound());
        assertThat(error.getTagName()).isEqualTo("errors");
        assertThat(error.getElementsByTagName("code").item(0).getTextContent()).isEqualTo("404");
        anonymous().get().uri(base + "/requests.json?jurisdiction_id=another-town").exchange().expectStatus().isNotFound();
        anonymous().get().uri(base + "/requests.json?start_date=yesterday").exchange().expectStatus().isBadRequest()
                .expectBody().jsonPath("$[0].code").isEqualTo(400);
        anonymous().get().uri(base + "/requests.csv").exchange().expectStatus().isNotFound();
        anonymous().get().uri("/open311/v2/no-such-town/services.json").exchange().expectStatus().isNotFound();

        // The ticket came in through the hotline's own pipeline; its phone is for the operators only.
        as("op-" + slug).get().uri("/api/towns/{t}/tickets?q=电梯按钮", slug).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.items[0].channel").isEqualTo("OPEN311").jsonPath("$.items[0].reporterPhone").isEqualTo("13700001111");
        // A revoked key stops working at once.
        var client = as("sec-" + slug).get().uri("/api/towns/{t}/open311-clients", slug).exchange().expectBody(List.class).returnResult()
                .getResponseBody().getFirst();
        as("sec-" + slug).delete().uri("/api/towns/{t}/open311-clients/{id}", slug, ((Map<?, ?>) client).get("id")).exchange().expectStatus().isNoContent();
        anonymous().post().uri(base + "/requests.json").body(BodyInserters.fromFormData(form)).exchange().expectStatus().isForbidden();
    }

    private static JsonNode json(WebTestClient.ResponseSpec response) {
        return JSON.readTree(response.expectBody(String.class).returnResult().getResponseBody());
    }

    private static Element xml(WebTestClient.ResponseSpec response) throws Exception {
        var body = response.expectBody(byte[].class).returnResult().getResponseBody();
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(body)).getDocumentElement();
    }
}
