package org.townalliance.devstack;

import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * People in the local or test Keycloak: users with group memberships such as {@code /towns/dachang/secretariat},
 * created through Keycloak's admin REST API with the bootstrap admin. Password = user name.
 */
public final class KeycloakUsers {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KeycloakServer keycloak;
    private final HttpClient http = HttpClient.newHttpClient();

    public KeycloakUsers(KeycloakServer keycloak) {
        this.keycloak = keycloak;
    }

    /** Creates the user (if absent) as a member of the given group paths, creating missing groups. */
    public synchronized void user(String username, String... groupPaths) {
        named(username, username, "Demo", groupPaths);
    }

    /** {@link #user} with a real name (family name first, as Chinese names are written), e.g. for the demo towns. */
    public synchronized void named(String username, String familyName, String givenName, String... groupPaths) {
        for (var path : groupPaths) {
            ensureGroup(path);
        }
        var user = Map.of(
                "username", username,
                "enabled", true,
                "email", username + "@alliance.local",
                "emailVerified", true,
                "firstName", givenName,
                "lastName", familyName,
                "groups", List.of(groupPaths),
                "credentials", List.of(Map.of("type", "password", "value", username, "temporary", false)));
        var response = send("POST", "/users", JSON.writeValueAsString(user));
        if (response.statusCode() != 201 && response.statusCode() != 409) {
            throw new IllegalStateException("user " + username + ": " + response.statusCode() + " " + response.body());
        }
    }

    /** Gives an existing user the password equal to their user name (for tests logging in as invited people). */
    public synchronized void setPasswordToUsername(String username) {
        var found = send("GET", "/users?exact=true&username=" + java.net.URLEncoder.encode(username, java.nio.charset.StandardCharsets.UTF_8), null);
        var id = JSON.readTree(found.body()).get(0).get("id").asString();
        var reset = send("PUT", "/users/" + id + "/reset-password",
                JSON.writeValueAsString(Map.of("type", "password", "value", username, "temporary", false)));
        if (reset.statusCode() != 204) {
            throw new IllegalStateException("password of " + username + ": " + reset.statusCode() + " " + reset.body());
        }
        send("PUT", "/users/" + id, JSON.writeValueAsString(Map.of("requiredActions", List.of())));
    }

    /** Deletes the account and creates a new one with the same user name (a new subject), as when a name is reused. */
    public synchronized void recreate(String username, String... groupPaths) {
        var found = send("GET", "/users?exact=true&username=" + java.net.URLEncoder.encode(username, java.nio.charset.StandardCharsets.UTF_8), null);
        var id = JSON.readTree(found.body()).get(0).get("id").asString();
        var deleted = send("DELETE", "/users/" + id, null);
        if (deleted.statusCode() != 204) {
            throw new IllegalStateException("deleting " + username + ": " + deleted.statusCode() + " " + deleted.body());
        }
        user(username, groupPaths);
    }

    /** Reads the realm's admin API, e.g. {@code /group-by-path/towns/dachang}; answers status and body. */
    public String[] get(String path) {
        var response = send("GET", path, null);
        return new String[]{Integer.toString(response.statusCode()), response.body()};
    }

    private void ensureGroup(String path) {
        var names = path.substring(1).split("/");
        String parentId = null;
        var current = new StringBuilder();
        for (var name : names) {
            current.append('/').append(name);
            var existing = send("GET", "/group-by-path" + current, null);
            if (existing.statusCode() == 200) {
                parentId = JSON.readTree(existing.body()).get("id").asString();
                continue;
            }
            var created = send("POST", parentId == null ? "/groups" : "/groups/" + parentId + "/children",
                    JSON.writeValueAsString(Map.of("name", name)));
            if (created.statusCode() != 201) {
                throw new IllegalStateException("group " + current + ": " + created.statusCode() + " " + created.body());
            }
            var location = created.headers().firstValue("Location").orElseThrow();
            parentId = location.substring(location.lastIndexOf('/') + 1);
        }
    }

    private String token;
    private long tokenFetchedAt;

    /** The bootstrap admin's token, reused for 30 s (it lives 60 s). */
    private synchronized String adminToken() throws IOException, InterruptedException {
        if (token == null || System.nanoTime() - tokenFetchedAt > 30_000_000_000L) {
            token = keycloak.adminToken(http);
            tokenFetchedAt = System.nanoTime();
        }
        return token;
    }

    private HttpResponse<String> send(String method, String path, String body) {
        try {
            var token = adminToken();
            var builder = HttpRequest.newBuilder(URI.create(keycloak.baseUrl() + "/admin/realms/" + RealmDefinition.REALM + path))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json");
            builder.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            return http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
