package org.townalliance.devstack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A real Keycloak, started in dev mode from the {@code keycloak-quarkus-dist} zip that Maven resolved,
 * with the platform realm created through the admin REST API once it answers.
 */
public final class KeycloakServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KeycloakServer.class);
    public static final String BOOTSTRAP_ADMIN = "admin";
    public static final String BOOTSTRAP_PASSWORD = "admin";

    private final Process process;
    private final int port;
    private final Path logFile;
    private final String baseUrl;

    private KeycloakServer(Process process, int port, Path logFile) {
        this(process, port, logFile, "http://localhost:" + port);
    }

    private KeycloakServer(Process process, int port, Path logFile, String baseUrl) {
        this.process = process;
        this.port = port;
        this.logFile = logFile;
        this.baseUrl = baseUrl;
    }

    /**
     * A Keycloak already running elsewhere (a test container) with the bootstrap admin admin/admin: waits until it
     * answers and creates the realm. Closing it is the caller's business.
     */
    public static KeycloakServer attach(String baseUrl, int port, String realmJson) {
        var server = new KeycloakServer(null, port, null, baseUrl);
        server.awaitReady(Duration.ofMinutes(4));
        server.createRealm(realmJson);
        return server;
    }

    /** Whether this JVM started the Keycloak process (and so can freeze it); false for an attached one. */
    public boolean ownProcess() {
        return process != null;
    }

    /**
     * Freezes Keycloak's processes (SIGSTOP): connections are still accepted by the kernel, nothing answers, as with a
     * hung Keycloak. For fault tests; {@link #thaw()} continues them.
     */
    public void freeze() {
        signal("STOP");
    }

    /** Continues processes frozen by {@link #freeze()} (SIGCONT). */
    public void thaw() {
        signal("CONT");
    }

    private void signal(String signal) {
        if (process == null) {
            throw new UnsupportedOperationException("an attached Keycloak is not this JVM's to signal");
        }
        var command = new java.util.ArrayList<>(java.util.List.of("kill", "-" + signal));
        command.add(Long.toString(process.pid()));
        process.descendants().forEach(child -> command.add(Long.toString(child.pid())));
        try {
            var kill = new ProcessBuilder(command).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed");
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Starts Keycloak on {@code port} and creates the realm given as JSON. Blocks until it answers. */
    public static KeycloakServer start(int port, String realmJson) {
        var home = KeycloakDistribution.unpacked();
        var logFile = DevstackCache.directory().resolve("logs").resolve("keycloak-" + port + ".log");
        var pidFile = DevstackCache.directory().resolve("keycloak-" + port + ".pid");
        stopStale(pidFile);
        try {
            Files.createDirectories(logFile.getParent());
            var command = List.of("bash", home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-port=" + port,
                    "--http-management-port=" + Ports.free(),
                    "--db=dev-mem",
                    "--cache=local",
                    "--hostname-strict=false");
            var builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(logFile.toFile());
            Map<String, String> env = builder.environment();
            env.put("JAVA_HOME", System.getProperty("java.home"));
            env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx1g");
            // JBoss threads resets thread locals reflectively; Java 24+ needs the module opened.
            env.put("JAVA_OPTS_APPEND", "--add-opens=java.base/java.lang=ALL-UNNAMED");
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", BOOTSTRAP_ADMIN);
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", BOOTSTRAP_PASSWORD);
            log.info("Starting Keycloak {} on port {} (log: {})", KeycloakDistribution.version(), port, logFile);
            var process = builder.start();
            Files.writeString(pidFile, Long.toString(process.pid()));
            var server = new KeycloakServer(process, port, logFile);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "keycloak-stop"));
            server.awaitReady(Duration.ofMinutes(4));
            server.createRealm(realmJson);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start Keycloak from " + home, e);
        }
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public String issuer(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    private void awaitReady(Duration timeout) {
        var http = HttpClient.newHttpClient();
        var deadline = Instant.now().plus(timeout);
        var probe = HttpRequest.newBuilder(URI.create(baseUrl() + "/realms/master")).timeout(Duration.ofSeconds(5)).build();
        while (Instant.now().isBefore(deadline)) {
            if (process != null && !process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with " + process.exitValue() + "; see " + logFile + "\n" + logTail());
            }
            try {
                if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Keycloak", e);
            }
            sleep(Duration.ofMillis(500));
        }
        close();
        throw new IllegalStateException("Keycloak did not answer within " + timeout + (logFile == null ? "" : "; see " + logFile + "\n" + logTail()));
    }

    private void createRealm(String realmJson) {
        var http = HttpClient.newHttpClient();
        try {
            var token = adminToken(http);
            var request = HttpRequest.newBuilder(URI.create(baseUrl() + "/admin/realms"))
                    .header("Authorization", "Bearer " + token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(realmJson))
                    .build();
            var response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("Keycloak refused the realm: " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A master-realm admin token from the bootstrap admin; for local and test use only. */
    public String adminToken(HttpClient http) throws IOException, InterruptedException {
        var form = "grant_type=password&client_id=admin-cli&username=" + BOOTSTRAP_ADMIN
                + "&password=" + URLEncoder.encode(BOOTSTRAP_PASSWORD, StandardCharsets.UTF_8);
        var request = HttpRequest.newBuilder(URI.create(baseUrl() + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("Keycloak admin login failed: " + response.statusCode() + " " + response.body());
        }
        return Json.field(response.body(), "access_token");
    }

    private String logTail() {
        try {
            var lines = Files.readAllLines(logFile);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static void stopStale(Path pidFile) {
        try {
            if (Files.isRegularFile(pidFile)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                        .filter(ProcessHandle::isAlive)
                        .filter(p -> p.info().commandLine().orElse("").contains("keycloak"))
                        .ifPresent(stale -> {
                            log.warn("Stopping a Keycloak left behind by an earlier run (pid {})", stale.pid());
                            ProcessTrees.stop(stale);
                        });
            }
        } catch (IOException | NumberFormatException e) {
            // unreadable pid file: nothing to stop
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() {
        if (process != null && process.isAlive()) {
            ProcessTrees.stop(process.toHandle());
        }
    }
}
