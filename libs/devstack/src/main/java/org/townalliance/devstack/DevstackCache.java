package org.townalliance.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the devstack keeps what outlives a run: the unpacked Keycloak, logs, pid files. */
public final class DevstackCache {

    private DevstackCache() {
    }

    public static Path directory() {
        var xdg = System.getenv("XDG_CACHE_HOME");
        var base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        var dir = base.resolve("town-alliance");
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
