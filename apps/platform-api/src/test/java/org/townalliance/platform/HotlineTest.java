package org.townalliance.platform;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.townalliance.testkit.TestStack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Base of the hotline tests: a town with the Dachang members imported, one estate managed by firm A,
 * and its people: secretariat, hotline operator, a manager of firm A, a staff member of firm B.
 */
abstract class HotlineTest extends PlatformTest {

    static final String FIRM_A = "91310113UYQ0DEJ014";
    static final String FIRM_B = "913101136QXDJNKATP";

    record Town(String slug, String estateId, String firmA, String firmB) {
    }

    Town town() {
        var slug = onboard("hot");
        TestStack.users().user("sec-" + slug, "/towns/" + slug + "/secretariat");
        TestStack.users().user("op-" + slug, "/towns/" + slug + "/hotline");
        TestStack.users().user("mgr-a-" + slug, "/towns/" + slug + "/orgs/" + FIRM_A + "/managers");
        TestStack.users().user("staff-b-" + slug, "/towns/" + slug + "/orgs/" + FIRM_B + "/staff");
        try {
            as("sec-" + slug).post().uri("/api/towns/{t}/members/import", slug).contentType(MediaType.parseMediaType("text/csv"))
                    .bodyValue(Files.readAllBytes(Path.of("../../infra/examples/dachang-members.csv"))).exchange().expectStatus().isOk();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        var members = (List<Map<String, Object>>) as("sec-" + slug).get().uri("/api/towns/{t}/members", slug).exchange()
                .expectBody(List.class).returnResult().getResponseBody();
        var a = members.stream().filter(m -> FIRM_A.equals(m.get("uscc"))).findFirst().orElseThrow().get("organisationId").toString();
        var b = members.stream().filter(m -> FIRM_B.equals(m.get("uscc"))).findFirst().orElseThrow().get("organisationId").toString();
        var estate = as("sec-" + slug).post().uri("/api/towns/{t}/estates", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("name", "乾溪新村", "address", "乾溪路100弄")).exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
        as("sec-" + slug).put().uri("/api/towns/{t}/estates/{e}/managing-firm", slug, estate).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("firmUscc", FIRM_A, "from", "2020-01-01")).exchange().expectStatus().isOk();
        return new Town(slug, estate, a, b);
    }

    Map<String, Object> intake(Town town, String key, String phone) {
        var request = as("op-" + town.slug()).post().uri("/api/towns/{t}/tickets", town.slug()).contentType(MediaType.APPLICATION_JSON);
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.bodyValue(Map.of("kind", "SERVICE_REQUEST", "channel", "PHONE", "categoryCode", "repairs",
                        "estateId", town.estateId(), "reporterName", "王阿姨", "reporterPhone", phone, "description", "3号楼电梯不动了"))
                .exchange().expectStatus().is2xxSuccessful()
                .expectBody(Map.class).returnResult().getResponseBody();
    }

    reactor.core.publisher.Flux<org.springframework.http.codec.ServerSentEvent<Map>> board(String user, String slug, String lastEventId) {
        var request = org.springframework.web.reactive.function.client.WebClient.create("http://localhost:" + port)
                .get().uri("/api/towns/{t}/tickets/stream", slug)
                .header("Authorization", "Bearer " + TestStack.tokens().of(user))
                .accept(MediaType.TEXT_EVENT_STREAM);
        if (lastEventId != null) {
            request = request.header("Last-Event-ID", lastEventId);
        }
        return request.retrieve().bodyToFlux(new org.springframework.core.ParameterizedTypeReference<org.springframework.http.codec.ServerSentEvent<Map>>() { })
                .filter(event -> "ticket".equals(event.event()));
    }


    /** Takes an action on a ticket as {@code user} and answers the response spec for further checks. */
    WebTestClient.ResponseSpec act(String user, Town town, Object ticketId, String action, Map<String, ?> body) {
        return as(user).post().uri("/api/towns/{t}/tickets/{id}/{a}", town.slug(), ticketId, action)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    /** A JSON POST as {@code user}: the path's variables, then the body. */
    WebTestClient.ResponseSpec post(String user, String path, Object... variablesThenBody) {
        var variables = java.util.Arrays.copyOf(variablesThenBody, variablesThenBody.length - 1);
        return as(user).post().uri(path, variables).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(variablesThenBody[variablesThenBody.length - 1]).exchange();
    }

    static String schema(Town town) {
        return "town_" + town.slug().replace('-', '_');
    }
}
