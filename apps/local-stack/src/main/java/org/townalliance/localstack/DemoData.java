package org.townalliance.localstack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.townalliance.devstack.KeycloakServer;
import org.townalliance.devstack.KeycloakUsers;
import org.townalliance.devstack.RealmDefinition;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Demo towns and people, created the way a platform admin would: towns through the API with a real
 * token, people in Keycloak. Two towns so that multi-town behaviour shows from the first minute.
 */
final class DemoData {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);

    private static final String DACHANG = """
            {"slug":"dachang","nameZh":"大场镇","nameEn":"Dachang","district":"宝山区","city":"上海市","timezone":"Asia/Shanghai"}""";
    private static final String GUCUN = """
            {"slug":"gucun","nameZh":"顾村镇","nameEn":"Gucun","district":"宝山区","city":"上海市","timezone":"Asia/Shanghai"}""";

    private static final String DEMO_FIRM = "91310113UYQ0DEJ014";

    private final String api;
    private final KeycloakServer keycloak;
    private final HttpClient http = HttpClient.newHttpClient();

    DemoData(String api, KeycloakServer keycloak) {
        this.api = api;
        this.keycloak = keycloak;
    }

    void seed() {
        var token = token("platform-admin");
        onboard(token, DACHANG);
        onboard(token, GUCUN);

        // Onboarding created each town's group tree; demo people join it (password = user name).
        var users = new KeycloakUsers(keycloak);
        users.named("secretariat-dachang", "李", "明", "/towns/dachang/secretariat");
        users.named("hotline-dachang", "王", "芳", "/towns/dachang/hotline");
        users.named("secretariat-gucun", "陈", "静", "/towns/gucun/secretariat");
        users.named("hotline-gucun", "刘", "洋", "/towns/gucun/hotline");
        // One person, one login, a manager of one firm (上海大场物业, a Dachang member that manages estates,
        // so its inbox has the demo month's tickets) in both towns; organisation roles carry the firm's USCC.
        users.named("manager-multi", "张", "伟", "/towns/dachang/orgs/" + DEMO_FIRM + "/managers", "/towns/gucun/orgs/" + DEMO_FIRM + "/managers");
        users.named("staff-dachang", "赵", "磊", "/towns/dachang/orgs/" + DEMO_FIRM + "/staff");
        // Heads of two more Dachang firms: candidates and voters in the demo's past election.
        users.named("manager-changzhong", "周", "敏", "/towns/dachang/orgs/" + DemoElection.HEADS.get("manager-changzhong") + "/managers");
        users.named("manager-qianxi", "吴", "强", "/towns/dachang/orgs/" + DemoElection.HEADS.get("manager-qianxi") + "/managers");

        new DemoAlliance(api, token("secretariat-dachang")).seed("dachang");
        new DemoAlliance(api, token("secretariat-gucun")).seed("gucun");
        new DemoElection(api, "dachang", this::token).seed();
        new DemoAlliance(api, token("secretariat-dachang")).seedOffices("dachang");
    }

    private void onboard(String token, String body) {
        var request = HttpRequest.newBuilder(URI.create(api + "/api/platform/towns"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        var response = send(request);
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("demo onboarding failed: " + response.statusCode() + " " + response.body());
        }
        log.info("Demo town onboarded ({}): {}", response.statusCode(), body);
    }

    String token(String user) {
        var request = HttpRequest.newBuilder(URI.create(keycloak.issuer(RealmDefinition.REALM) + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "grant_type=password&client_id=alliance-cli&username=" + user + "&password=" + user))
                .build();
        var response = send(request);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("no token for demo user " + user + ": " + response.statusCode());
        }
        return JsonMapper.builder().build().readTree(response.body()).get("access_token").asString();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
