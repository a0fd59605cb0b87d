package org.townalliance.testkit;

import org.townalliance.devstack.EmbeddedDatabase;
import org.townalliance.devstack.KeycloakServer;
import org.townalliance.devstack.KeycloakUsers;
import org.townalliance.devstack.Ports;
import org.townalliance.devstack.RealmDefinition;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real infrastructure of a test JVM: one PostgreSQL and one Keycloak (the local realm), started on
 * first use and stopped when the JVM exits. Every test class of a module shares them; nothing here is a
 * mock. By default ({@link StackSelection}) they are the embedded providers (embedded PostgreSQL, Keycloak
 * from its Maven Central distribution: no Docker needed, as on our CI machines); where Docker answers they
 * may be Testcontainers instead, with the same realm and fixtures.
 */
public final class TestStack {

    private static TestDatabase database;
    private static KeycloakServer keycloak;
    private static StackSelection.Provider provider;

    private TestStack() {
    }

    public static synchronized StackSelection.Provider provider() {
        if (provider == null) {
            provider = StackSelection.current();
        }
        return provider;
    }

    public static synchronized TestDatabase database() {
        if (database == null) {
            database = provider() == StackSelection.Provider.TESTCONTAINERS ? Containers.postgres() : embedded();
        }
        return database;
    }

    public static synchronized KeycloakServer keycloak() {
        if (keycloak == null) {
            // Production's token lifetimes (300 s): Tokens renews what it hands out, the console refreshes its own.
            var realm = RealmDefinition.localWithProductionLifetimes(Map.of());
            keycloak = provider() == StackSelection.Provider.TESTCONTAINERS ? Containers.keycloak(realm) : KeycloakServer.start(Ports.free(), realm);
        }
        return keycloak;
    }

    private static TestDatabase embedded() {
        var embedded = EmbeddedDatabase.start(0, null);
        Runtime.getRuntime().addShutdownHook(new Thread(embedded::close, "test-postgres-stop"));
        return new TestDatabase() {
            @Override
            public String jdbcUrl() {
                return embedded.jdbcUrl();
            }

            @Override
            public String r2dbcUrl() {
                return embedded.r2dbcUrl();
            }

            @Override
            public String username() {
                return embedded.username();
            }

            @Override
            public String password() {
                return embedded.password();
            }

            @Override
            public java.sql.Connection connect() throws java.sql.SQLException {
                return embedded.connect();
            }
        };
    }

    public static String issuer() {
        return keycloak().issuer(RealmDefinition.REALM);
    }

    /** Spring properties that point the platform at this stack. */
    /** The key sealing secrets at rest in tests: fixed, known, for tests only. */
    public static final String SECRETS_KEYS = "test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    /** The platform's directory for multipart parts on disk in this JVM. */
    public static final java.nio.file.Path MULTIPART_DIRECTORY = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"),
            "alliance-multipart-" + ProcessHandle.current().pid());

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
        // The tests' stand-ins for the city's 12345 system listen on http://127.0.0.1: allowed here explicitly, nowhere else.
        properties.put("alliance.egress.allow-http", "true");
        properties.put("alliance.egress.allowed", "127.0.0.1");
        // Secrets at rest are sealed with a key of the test run's (production: a Kubernetes secret).
        properties.put("alliance.secrets.keys", SECRETS_KEYS);
        properties.put("alliance.secrets.active-key", "test1");
        // The local SMS gateway's inbox page, as on the local stack (no SMS leaves the machine).
        properties.put("alliance.sms.local-inbox", "true");
        // E-mail goes to the test JVM's own SMTP server (GreenMail), where tests read it back.
        properties.put("spring.mail.host", "127.0.0.1");
        properties.put("spring.mail.port", Integer.toString(mail().port()));
        // Notifications retried in tenths of seconds instead of minutes, so tests see retries and dead letters happen.
        properties.put("alliance.notifications.poll-interval", "200ms");
        properties.put("alliance.notifications.first-retry", "300ms");
        properties.put("alliance.notifications.max-attempts", "3");
        // The daily reminders (terms ending, training tomorrow) every few seconds instead of hourly.
        properties.put("alliance.governance.reminders-interval", "3s");
        properties.put("alliance.training.reminders-interval", "3s");
        // Where multipart parts go on disk: a directory of this run's own, so that tests can see what is left there.
        properties.put("spring.webflux.multipart.file-storage-directory", MULTIPART_DIRECTORY.toString());
        return properties;
    }

    /** The test JVM's one SMTP server, started on first use. */
    public static synchronized MailServer mail() {
        if (mail == null) {
            mail = MailServer.start();
        }
        return mail;
    }

    private static MailServer mail;

    public static Tokens tokens() {
        return new Tokens(keycloak());
    }

    public static KeycloakUsers users() {
        return new KeycloakUsers(keycloak());
    }
}
