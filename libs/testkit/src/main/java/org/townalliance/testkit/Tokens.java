package org.townalliance.testkit;

import org.townalliance.devstack.KeycloakServer;
import org.townalliance.devstack.RealmDefinition;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Real access tokens from the test Keycloak, through the local-only {@code alliance-cli} client. */
public final class Tokens {

    /** A user's token and when it stops being handed out (a minute before it expires). */
    private record Cached(String token, java.time.Instant renewAt) {
    }

    private static final Map<String, Cached> CACHE = new ConcurrentHashMap<>();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KeycloakServer keycloak;
    private final HttpClient http = HttpClient.newHttpClient();

    Tokens(KeycloakServer keycloak) {
        this.keycloak = keycloak;
    }

    /**
     * A token for a user whose password equals the user name (the local realm's convention); cached while it has more
     * than a minute to live (the suite's realm issues production's 300 s tokens).
     */
    public String of(String username) {
        return CACHE.compute(username, (user, cached) -> cached != null && java.time.Instant.now().isBefore(cached.renewAt())
                ? cached : fetch(user)).token();
    }

    /** A fresh token, after group memberships changed. */
    public String fresh(String username) {
        CACHE.remove(username);
        return of(username);
    }

    /** A token of the local-only client whose tokens live two seconds: for proving expired tokens are refused. */
    public String expiring(String username) {
        return request("grant_type=password&client_id=alliance-cli-expiring&username=" + encode(username)
                + "&password=" + encode(username), username);
    }

    /** A machine client's token (client credentials), e.g. a town's city-hotline client. */
    public String client(String clientId, String secret) {
        return request("grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret=" + encode(secret), clientId);
    }

    /** The HTTP status Keycloak answers for a client-credentials request (e.g. 401 for a disabled client). */
    public int clientStatus(String clientId, String secret) {
        try {
            return http.send(tokenRequest("grant_type=client_credentials&client_id=" + encode(clientId)
                    + "&client_secret=" + encode(secret)), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Cached fetch(String username) {
        var response = response("grant_type=password&client_id=alliance-cli&username=" + encode(username) + "&password=" + encode(username), username);
        var lifetime = response.path("expires_in").asLong(300);
        return new Cached(response.get("access_token").asString(), java.time.Instant.now().plusSeconds(Math.max(0, lifetime - 60)));
    }

    private HttpRequest tokenRequest(String form) {
        return HttpRequest.newBuilder(URI.create(keycloak.issuer(RealmDefinition.REALM) + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
    }

    private String request(String form, String username) {
        return response(form, username).get("access_token").asString();
    }

    private tools.jackson.databind.JsonNode response(String form, String username) {
        var request = tokenRequest(form);
        try {
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("no token for " + username + ": " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
