package org.townalliance.benchmark;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The platform as production runs it: its own JVM from the executable jar, configured by environment
 * variables, so its memory (RSS, heap) and its start-up time are its own, not the load driver's.
 */
final class PlatformProcess implements AutoCloseable {

    private final Process process;
    private final String base;
    private final AtomicLong peakRssKb = new AtomicLong();
    private final Thread sampler;

    private PlatformProcess(Process process, String base) {
        this.process = process;
        this.base = base;
        this.sampler = Thread.ofPlatform().daemon().name("rss-sampler").start(() -> {
            while (process.isAlive()) {
                peakRssKb.accumulateAndGet(rssKb(), Math::max);
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    static PlatformProcess start(Path jar, int port, Map<String, String> environment, Path log) throws IOException {
        var java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        var command = new java.util.ArrayList<>(List.of(java, "-Xmx1g"));
        var extra = System.getenv("BENCHMARK_PLATFORM_JVM_OPTIONS"); // e.g. a JFR recording while profiling
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        var builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("PORT", Integer.toString(port));
        return new PlatformProcess(builder.start(), "http://localhost:" + port);
    }

    /** Waits until the readiness probe answers 200 (start-up migration of every town done); answers the wait. */
    Duration awaitReady(Duration timeout) throws InterruptedException {
        var started = System.nanoTime();
        var http = HttpClient.newHttpClient();
        while (System.nanoTime() - started < timeout.toNanos()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the platform process ended with " + process.exitValue() + "; see its log");
            }
            try {
                var response = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness")).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the platform was not ready within " + timeout);
    }

    String base() {
        return base;
    }

    long pid() {
        return process.pid();
    }

    /** Resident set size now, in KiB (Linux /proc). */
    long rssKb() {
        try {
            for (var line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process ended
        }
        return 0;
    }

    /** Peak RSS since the last call (then starts a new peak). */
    long takePeakRssKb() {
        return peakRssKb.getAndSet(rssKb());
    }

    /** Heap in use after a full collection (jcmd GC.run, then the platform's own heap gauge), in MiB. */
    double heapAfterGcMb() throws IOException, InterruptedException {
        var jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, Long.toString(process.pid()), "GC.run").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        var metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return metrics.lines().filter(l -> l.startsWith("jvm_memory_used_bytes{") && l.contains("area=\"heap\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum() / (1024 * 1024);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
        sampler.interrupt();
    }
}
