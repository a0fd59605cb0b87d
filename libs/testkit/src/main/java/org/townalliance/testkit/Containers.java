package org.townalliance.testkit;

import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.townalliance.devstack.KeycloakServer;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The Testcontainers providers: PostgreSQL 17 and Keycloak 26.7.3 images, with the same realm and the same
 * fixtures as the embedded providers. Used only where Docker answers; our CI machines have no Docker engine,
 * so this path is untested there (see docs/operations.md).
 */
final class Containers {

    static final String POSTGRES_IMAGE = "postgres:17";
    static final String KEYCLOAK_IMAGE = "keycloak/keycloak:26.7.3";

    private Containers() {
    }

    static TestDatabase postgres() {
        var container = new PostgreSQLContainer(POSTGRES_IMAGE).withDatabaseName("alliance").withUsername("alliance").withPassword("alliance");
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-postgres-container-stop"));
        return new TestDatabase() {
            @Override
            public String jdbcUrl() {
                return container.getJdbcUrl();
            }

            @Override
            public String r2dbcUrl() {
                return "r2dbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(5432) + "/alliance";
            }

            @Override
            public String username() {
                return container.getUsername();
            }

            @Override
            public String password() {
                return container.getPassword();
            }

            @Override
            public Connection connect() throws SQLException {
                return DriverManager.getConnection(jdbcUrl(), username(), password());
            }
        };
    }

    @SuppressWarnings("resource") // stopped by the shutdown hook
    static KeycloakServer keycloak(String realmJson) {
        var container = new GenericContainer<>(KEYCLOAK_IMAGE).withCommand("start-dev", "--http-port=8080")
                .withEnv("KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakServer.BOOTSTRAP_ADMIN)
                .withEnv("KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakServer.BOOTSTRAP_PASSWORD)
                .withExposedPorts(8080)
                .waitingFor(Wait.forHttp("/realms/master").forPort(8080).withStartupTimeout(Duration.ofMinutes(4)));
        container.start();
        Runtime.getRuntime().addShutdownHook(new Thread(container::stop, "test-keycloak-container-stop"));
        var port = container.getMappedPort(8080);
        return KeycloakServer.attach("http://" + container.getHost() + ":" + port, port, realmJson);
    }
}
