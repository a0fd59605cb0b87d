package org.townalliance.devstack;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

/**
 * An embedded PostgreSQL (zonky binaries from Maven Central) for the local stack, the build's code
 * generation and the tests. Creates the application database on start.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    public static final String DATABASE = "alliance";
    public static final String USER = "postgres";

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL on the given port (0 = any free port) in a fresh temporary data directory.
     */
    public static EmbeddedDatabase start(int port, Path dataDirectory) {
        return start(port, dataDirectory, false);
    }

    /**
     * Starts PostgreSQL on the given port (0 = any free port) in the given data directory
     * (null = a fresh temporary directory); {@code keepData} reuses what an earlier run left there.
     */
    public static EmbeddedDatabase start(int port, Path dataDirectory, boolean keepData) {
        try {
            var builder = EmbeddedPostgres.builder()
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("max_connections", "300")
                    .setServerConfig("shared_buffers", "256MB")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off");
            if (port > 0) {
                builder.setPort(port);
            }
            if (dataDirectory != null) {
                stopStalePostmaster(dataDirectory);
                if (!keepData) {
                    deleteTree(dataDirectory); // an earlier run may have kept its data
                }
                Files.createDirectories(dataDirectory);
                builder.setDataDirectory(dataDirectory).setCleanDataDirectory(!keepData);
            }
            var database = new EmbeddedDatabase(builder.start());
            database.createApplicationDatabase();
            return database;
        } catch (IOException e) {
            throw new IllegalStateException("""
                    Embedded PostgreSQL could not start (%s). Some PostgreSQL builds refuse to run as root; \
                    point the platform at an external PostgreSQL instead (see docs/operations.md).""".formatted(e.getMessage()), e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:%d/%s".formatted(port(), DATABASE);
    }

    public String r2dbcUrl() {
        return "r2dbc:postgresql://localhost:%d/%s".formatted(port(), DATABASE);
    }

    public String username() {
        return USER;
    }

    public String password() {
        return "";
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), USER, "");
    }

    private void createApplicationDatabase() {
        try (var connection = postgres.getPostgresDatabase().getConnection();
             var statement = connection.createStatement()) {
            var exists = statement.executeQuery("select 1 from pg_database where datname = '" + DATABASE + "'").next();
            if (!exists) {
                statement.execute("create database " + DATABASE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create database " + DATABASE + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var walk = Files.walk(directory)) {
            for (var path : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** A run killed with SIGKILL leaves its postmaster behind; the next run stops it first. */
    private static void stopStalePostmaster(Path dataDirectory) {
        var pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return;
        }
        try {
            var firstLine = Files.readAllLines(pidFile).stream().findFirst().orElse("").trim();
            Optional<ProcessHandle> stale = firstLine.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(firstLine));
            stale.filter(ProcessHandle::isAlive).ifPresent(ProcessTrees::stop);
        } catch (IOException | NumberFormatException e) {
            // an unreadable pid file is left to PostgreSQL's own start-up checks
        }
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
