package org.townalliance.devstack;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The platform realm as committed in {@code infra/keycloak/}: the production definition, and for local
 * use the production definition plus the local overlay (the {@code alliance-cli} client, demo groups
 * and demo users), merged by appending the overlay's lists and replacing its scalar fields.
 */
public final class RealmDefinition {

    public static final String REALM = "alliance";
    /** The provisioning client's secret in the local realm only; production sets ALLIANCE_PROVISIONER_SECRET. */
    public static final String LOCAL_PROVISIONER_SECRET = "local-provisioner-secret";
    /** A local-only copy of the console's client whose access tokens expire after {@link #EXPIRING_CONSOLE_TOKEN_SECONDS}. */
    public static final String EXPIRING_CONSOLE = "alliance-console-expiring";
    public static final int EXPIRING_CONSOLE_TOKEN_SECONDS = 20;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::([^}]*))?}");

    private RealmDefinition() {
    }

    public static String production(Map<String, String> environment) {
        return resolvePlaceholders(read("alliance-realm.json"), environment);
    }

    public static String local(Map<String, String> environment) {
        var realm = (ObjectNode) Json.MAPPER.readTree(read("alliance-realm.json"));
        var overlay = Json.MAPPER.readTree(read("local/alliance-realm-local-overlay.json"));
        for (var entry : overlay.properties()) {
            JsonNode existing = realm.get(entry.getKey());
            if (existing instanceof ArrayNode list && entry.getValue() instanceof ArrayNode extra) {
                list.addAll(extra);
            } else {
                realm.set(entry.getKey(), entry.getValue());
            }
        }
        // Locally the console runs on any port (tests take a random one): let it log in from any localhost port.
        ObjectNode expiringConsole = null;
        for (var client : realm.withArray("clients")) {
            if ("alliance-console".equals(client.path("clientId").asString())) {
                ((ObjectNode) client).withArray("redirectUris").add("http://localhost*").add("http://127.0.0.1*");
                ((ObjectNode) client).withObject("attributes").put("post.logout.redirect.uris", "+");
                expiringConsole = ((ObjectNode) client).deepCopy();
            }
        }
        // The console's client with access tokens of EXPIRING_CONSOLE_TOKEN_SECONDS instead of production's 300 s: the
        // production-shape tests watch a board outlive several tokens without waiting a quarter of an hour.
        if (expiringConsole != null) {
            expiringConsole.put("clientId", EXPIRING_CONSOLE).put("name", "Town Alliance console (tokens expire quickly; local only)");
            expiringConsole.withObject("attributes").put("access.token.lifespan", Integer.toString(EXPIRING_CONSOLE_TOKEN_SECONDS));
            realm.withArray("clients").add(expiringConsole);
        }
        var local = new java.util.HashMap<>(environment);
        local.putIfAbsent("ALLIANCE_PROVISIONER_SECRET", LOCAL_PROVISIONER_SECRET);
        return resolvePlaceholders(Json.MAPPER.writeValueAsString(realm), local);
    }

    /**
     * The local realm (demo users, local clients) with production's token lifetimes instead of the local stack's
     * hour-long access tokens: what the test suite runs against.
     */
    public static String localWithProductionLifetimes(Map<String, String> environment) {
        var realm = (ObjectNode) Json.MAPPER.readTree(local(environment));
        var production = Json.MAPPER.readTree(read("alliance-realm.json"));
        realm.set("accessTokenLifespan", production.get("accessTokenLifespan"));
        return Json.MAPPER.writeValueAsString(realm);
    }

    /** Keycloak resolves {@code ${VAR:default}} only in file imports; the REST import gets them resolved here. */
    static String resolvePlaceholders(String json, Map<String, String> environment) {
        Matcher matcher = PLACEHOLDER.matcher(json);
        var out = new StringBuilder();
        while (matcher.find()) {
            var value = environment.getOrDefault(matcher.group(1), matcher.group(2) == null ? "" : matcher.group(2));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String read(String name) {
        try (InputStream in = RealmDefinition.class.getResourceAsStream("/keycloak/" + name)) {
            if (in == null) {
                throw new IllegalStateException("realm file missing from the class path: keycloak/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
