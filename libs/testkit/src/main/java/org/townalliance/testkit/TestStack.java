package org.townalliance.testkit;

import org.townalliance.devstack.EmbeddedDatabase;
import org.townalliance.devstack.KeycloakServer;
import org.townalliance.devstack.KeycloakUsers;
import org.townalliance.devstack.Ports;
import org.townalliance.devstack.RealmDefinition;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real infrastructure of a test JVM: one embedded PostgreSQL and one Keycloak (the local realm),
 * started on first use on free ports and stopped when the JVM exits. Every test class of a module
 * shares them; nothing here is a mock.
 *
 * <p>Docker is not needed (and not available on our CI machines); a Testcontainers alternative for
 * Docker-equipped machines is not built yet.
 */
public final class TestStack {

    private static EmbeddedDatabase database;
    private static KeycloakServer keycloak;

    private TestStack() {
    }

    public static synchronized EmbeddedDatabase database() {
        if (database == null) {
            database = EmbeddedDatabase.start(0, null);
            Runtime.getRuntime().addShutdownHook(new Thread(database::close, "test-postgres-stop"));
        }
        return database;
    }

    public static synchronized KeycloakServer keycloak() {
        if (keycloak == null) {
            keycloak = KeycloakServer.start(Ports.free(), RealmDefinition.local(Map.of()));
        }
        return keycloak;
    }

    public static String issuer() {
        return keycloak().issuer(RealmDefinition.REALM);
    }

    /** Spring properties that point the platform at this stack. */
    public static Map<String, String> platformProperties() {
        var db = database();
        var properties = new LinkedHashMap<String, String>();
        properties.put("spring.r2dbc.url", db.r2dbcUrl());
        properties.put("spring.r2dbc.username", db.username());
        properties.put("spring.r2dbc.password", db.password());
        properties.put("alliance.tenancy.jdbc-url", db.jdbcUrl());
        properties.put("alliance.oidc.issuer-uri", issuer());
        // Tests prove that expired tokens are refused without waiting out production's 30 s tolerance.
        properties.put("alliance.oidc.clock-skew", "1s");
        properties.put("alliance.keycloak.server-url", keycloak().baseUrl());
        properties.put("alliance.keycloak.client-secret", RealmDefinition.LOCAL_PROVISIONER_SECRET);
        return properties;
    }

    public static Tokens tokens() {
        return new Tokens(keycloak());
    }

    public static KeycloakUsers users() {
        return new KeycloakUsers(keycloak());
    }
}
