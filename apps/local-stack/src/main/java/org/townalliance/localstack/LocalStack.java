package org.townalliance.localstack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.townalliance.devstack.DevstackCache;
import org.townalliance.devstack.EmbeddedDatabase;
import org.townalliance.devstack.KeycloakServer;
import org.townalliance.devstack.RealmDefinition;
import org.townalliance.platform.PlatformApplication;

import java.util.HashMap;

/**
 * The README's run command: embedded PostgreSQL, a real Keycloak with the local realm, the platform
 * API, and demo data, then one line starting with READY. Ctrl-C stops all three (shutdown hooks);
 * a run killed harder leaves pid files that the next run uses to stop the leftovers first.
 */
public final class LocalStack {

    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private LocalStack() {
    }

    public static void main(String[] args) {
        var started = System.nanoTime();
        var apiPort = setting("ALLIANCE_API_PORT", 8080);
        var keycloakPort = setting("ALLIANCE_KEYCLOAK_PORT", 8180);
        var postgresPort = setting("ALLIANCE_PG_PORT", 15432);

        // Fresh data on every run unless asked to keep it (towns then survive a restart).
        var keepData = "true".equalsIgnoreCase(System.getenv("ALLIANCE_PG_KEEP_DATA"));
        var database = EmbeddedDatabase.start(postgresPort, DevstackCache.directory().resolve("local-postgres"), keepData);
        Runtime.getRuntime().addShutdownHook(new Thread(database::close, "postgres-stop"));
        var keycloak = KeycloakServer.start(keycloakPort, RealmDefinition.local(System.getenv()));

        var properties = new HashMap<String, Object>();
        // The names production reads from the environment (docs/operations.md), here as defaults.
        properties.put("PORT", apiPort);
        properties.put("ALLIANCE_DB_R2DBC_URL", database.r2dbcUrl());
        properties.put("ALLIANCE_DB_JDBC_URL", database.jdbcUrl());
        properties.put("ALLIANCE_DB_USERNAME", database.username());
        properties.put("ALLIANCE_DB_PASSWORD", database.password());
        properties.put("ALLIANCE_OIDC_ISSUER_URI", keycloak.issuer(RealmDefinition.REALM));
        properties.put("ALLIANCE_KEYCLOAK_URL", keycloak.baseUrl());
        properties.put("ALLIANCE_KEYCLOAK_CLIENT_SECRET", RealmDefinition.LOCAL_PROVISIONER_SECRET);

        PlatformApplication.installReactorHooks();
        var application = new SpringApplication(PlatformApplication.class);
        application.setDefaultProperties(properties);
        application.setAdditionalProfiles("local");
        application.run(args);

        var api = "http://localhost:" + apiPort;
        var demo = new DemoData(api, keycloak);
        demo.seed();
        try (var connection = database.connect()) {
            new DemoTickets().seed(connection, "dachang", java.time.ZoneId.of("Asia/Shanghai"), 30);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("demo hotline history could not be written", e);
        }
        new DemoEvaluation(api, "dachang", demo.token("secretariat-dachang")).seed();
        new DemoTraining(api, "dachang", demo::token).seed();
        var seconds = (System.nanoTime() - started) / 1_000_000_000.0;
        log.info("Local stack up in {} s", String.format("%.1f", seconds));
        System.out.println(("READY console=%s/console api=%s swagger=%s/swagger-ui.html keycloak=%s (admin/admin) postgres=%s "
                + "logins (password = user name): platform-admin, secretariat-dachang, hotline-dachang, "
                + "secretariat-gucun, hotline-gucun, manager-multi (both towns), staff-dachang, manager-changzhong, manager-qianxi "
                + "token: curl -s -d grant_type=password -d client_id=alliance-cli -d username=platform-admin "
                + "-d password=platform-admin %s/protocol/openid-connect/token")
                .formatted(api, api, api, keycloak.baseUrl(), database.jdbcUrl(), keycloak.issuer(RealmDefinition.REALM)));
    }

    private static int setting(String name, int fallback) {
        var value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
    }
}
