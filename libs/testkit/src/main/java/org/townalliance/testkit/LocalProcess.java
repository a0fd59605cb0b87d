package org.townalliance.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server from the machine's own packages (Debian's redis-server, nginx) or the local Maven repository (S3Proxy), started for the test JVM and stopped when
 * it exits; its output goes to a log file beside its data, read back when it fails to start.
 */
final class LocalProcess {

    private final Process process;
    private final Path log;

    private LocalProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static LocalProcess start(String name, List<String> command, Path directory, int port) {
        var log = directory.resolve(name + ".out");
        try {
            var process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            var started = new LocalProcess(process, log);
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, name + "-stop"));
            started.awaitPort(port, Duration.ofSeconds(20));
            return started;
        } catch (IOException e) {
            throw new IllegalStateException(name + " did not start (" + command.getFirst() + " installed? .ci/run installs it): " + e.getMessage(), e);
        }
    }

    private void awaitPort(int port, Duration patience) {
        var deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("exited with " + process.exitValue() + ": " + output());
            }
            try (var socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        stop();
        throw new IllegalStateException("not listening on " + port + " after " + patience.toSeconds() + " s: " + output());
    }

    String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stop() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
