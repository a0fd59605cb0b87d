package org.townalliance.platform;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.townalliance.testkit.TestStack;

import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Base of the integration tests: the real platform on a random port, against the test JVM's one
 * embedded PostgreSQL and one real Keycloak (see {@link TestStack}). All subclasses share one Spring
 * context. Each test makes its own towns (unique slugs), so tests never depend on each other's data.
 */
@SpringBootTest(classes = PlatformApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class PlatformTest {

    private static final AtomicInteger TOWNS = new AtomicInteger();

    static {
        PlatformApplication.installReactorHooks();
    }

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void stack(DynamicPropertyRegistry registry) {
        TestStack.platformProperties().forEach((key, value) -> registry.add(key, () -> value));
        HOTLINE_TEST_PROPERTIES.forEach((key, value) -> registry.add(key, () -> value));
    }

    /** Retries of the city-hotline outbox in tenths of seconds instead of minutes, so tests see them happen. */
    static final java.util.Map<String, String> HOTLINE_TEST_PROPERTIES = java.util.Map.of(
            "alliance.hotline.outbox-poll-interval", "200ms",
            "alliance.hotline.outbox-first-retry", "300ms",
            "alliance.hotline.outbox-max-attempts", "3");

    /** A client without a login; connections are kept alive and reused, as real clients do (see KeepAliveTest). */
    protected WebTestClient anonymous() {
        return WebTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .responseTimeout(Duration.ofSeconds(60)).build();
    }

    /** A client acting as the given user (password = user name) with a real Keycloak token. */
    protected WebTestClient as(String user) {
        return anonymous().mutate().defaultHeader("Authorization", "Bearer " + TestStack.tokens().of(user)).build();
    }

    protected WebTestClient admin() {
        return as("platform-admin");
    }

    /** A slug no other test uses. */
    protected static String uniqueSlug(String prefix) {
        return prefix + "-" + TOWNS.incrementAndGet() + "-" + Long.toString(System.nanoTime() % 100_000, 36);
    }

    protected static String townJson(String slug) {
        return """
                {"slug":"%s","nameZh":"测试镇","nameEn":"Test town","district":"宝山区","city":"上海市","timezone":"Asia/Shanghai"}"""
                .formatted(slug);
    }

    /** Onboards a town as platform admin and expects it ACTIVE. */
    protected String onboard(String prefix) {
        var slug = uniqueSlug(prefix);
        admin().post().uri("/api/platform/towns").contentType(MediaType.APPLICATION_JSON).bodyValue(townJson(slug))
                .exchange()
                .expectStatus().isCreated()
                .expectBody().jsonPath("$.status").isEqualTo("ACTIVE");
        return slug;
    }

    /** Runs SQL straight against the test PostgreSQL, to prepare or inspect state the API does not expose. */
    protected static void sql(String statement) {
        try (var connection = TestStack.database().connect(); var st = connection.createStatement()) {
            st.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static long count(String query) {
        try (var connection = TestStack.database().connect(); var st = connection.createStatement();
             var rs = st.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
