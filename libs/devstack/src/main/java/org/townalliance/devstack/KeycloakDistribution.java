package org.townalliance.devstack;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Properties;
import java.util.zip.ZipFile;

/** Finds the Keycloak zip in the local Maven repository and unpacks it once into the devstack cache. */
final class KeycloakDistribution {

    private KeycloakDistribution() {
    }

    static String version() {
        var properties = new Properties();
        try (InputStream in = KeycloakDistribution.class.getResourceAsStream("versions.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("keycloak.version");
    }

    static synchronized Path unpacked() {
        var version = version();
        var home = DevstackCache.directory().resolve("keycloak-" + version);
        if (Files.isRegularFile(home.resolve(".unpacked"))) {
            return home;
        }
        var zip = localRepository().resolve("org/keycloak/keycloak-quarkus-dist/%s/keycloak-quarkus-dist-%s.zip".formatted(version, version));
        if (!Files.isRegularFile(zip)) {
            throw new IllegalStateException("Keycloak distribution not found at " + zip
                    + "; build with Maven first (mvn -DskipTests install) so that it is resolved.");
        }
        try {
            var staging = Files.createTempDirectory(DevstackCache.directory(), "keycloak-unpack-");
            unzip(zip, staging);
            var top = staging.resolve("keycloak-" + version);
            Files.writeString(top.resolve(".unpacked"), zip.toString());
            deleteTree(home);
            Files.move(top, home, StandardCopyOption.ATOMIC_MOVE);
            deleteTree(staging);
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not unpack " + zip, e);
        }
    }

    private static Path localRepository() {
        var configured = System.getProperty("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    private static void unzip(Path zip, Path target) throws IOException {
        try (var file = new ZipFile(zip.toFile())) {
            var entries = file.entries();
            while (entries.hasMoreElements()) {
                var entry = entries.nextElement();
                var destination = target.resolve(entry.getName()).normalize();
                if (!destination.startsWith(target)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(destination);
                } else {
                    Files.createDirectories(destination.getParent());
                    try (var in = file.getInputStream(entry)) {
                        Files.copy(in, destination, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
    }

    private static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (var walk = Files.walk(path)) {
            for (var p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
