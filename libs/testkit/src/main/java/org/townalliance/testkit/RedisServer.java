package org.townalliance.testkit;

import org.townalliance.devstack.Ports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/**
 * A real Redis (Debian's {@code redis-server}) on loopback, in memory only, for the test JVM: the store that replicas
 * share for console sessions and rate limits.
 */
public final class RedisServer {

    private final int port;

    private RedisServer(int port) {
        this.port = port;
    }

    public static RedisServer start() {
        try {
            var directory = Files.createTempDirectory("alliance-redis");
            var port = Ports.free();
            LocalProcess.start("redis", List.of("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--dir", directory.toString()), directory, port);
            return new RedisServer(port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url() {
        return "redis://127.0.0.1:" + port;
    }
}
