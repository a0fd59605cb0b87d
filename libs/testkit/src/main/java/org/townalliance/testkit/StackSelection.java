package org.townalliance.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Which infrastructure a test JVM runs on: the embedded providers (embedded PostgreSQL, Keycloak from its
 * Maven Central distribution; no Docker needed) or Testcontainers (PostgreSQL and Keycloak images). Chosen by
 * {@code -Dalliance.test.stack} or {@code ALLIANCE_TEST_STACK}: {@code embedded}, {@code testcontainers}, or
 * {@code auto} (the default): Testcontainers when a Docker engine answers, else embedded. Docker is only asked
 * when there is a sign of one (a socket or DOCKER_HOST), so machines without it are not slowed down.
 */
public final class StackSelection {

    public enum Provider { EMBEDDED, TESTCONTAINERS }

    private StackSelection() {
    }

    static Provider select(String setting, boolean dockerHint, BooleanSupplier dockerAnswers) {
        var value = setting == null || setting.isBlank() ? "auto" : setting.trim().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "embedded" -> Provider.EMBEDDED;
            case "testcontainers" -> {
                if (!dockerAnswers.getAsBoolean()) {
                    throw new IllegalStateException("alliance.test.stack=testcontainers, but no Docker engine answers; "
                            + "use 'embedded' (or 'auto') on this machine");
                }
                yield Provider.TESTCONTAINERS;
            }
            case "auto" -> dockerHint && dockerAnswers.getAsBoolean() ? Provider.TESTCONTAINERS : Provider.EMBEDDED;
            default -> throw new IllegalArgumentException("alliance.test.stack is 'auto', 'embedded' or 'testcontainers', not '" + setting + "'");
        };
    }

    /** The choice for this JVM. */
    public static Provider current() {
        var setting = System.getProperty("alliance.test.stack", System.getenv("ALLIANCE_TEST_STACK"));
        var hint = System.getenv("DOCKER_HOST") != null || Files.exists(Path.of("/var/run/docker.sock"));
        return select(setting, hint, StackSelection::dockerAnswers);
    }

    private static boolean dockerAnswers() {
        try {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError unavailable) {
            return false;
        }
    }
}
