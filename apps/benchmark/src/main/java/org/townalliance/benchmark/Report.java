package org.townalliance.benchmark;

import org.townalliance.devstack.EmbeddedDatabase;
import org.townalliance.devstack.KeycloakServer;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's figures: a table per scenario with each target marked met / not met, printed and written
 * into docs/benchmarks.md between markers (the analysis around them is kept), plus two PNG charts.
 */
final class Report {

    static final String BEGIN = "<!-- benchmark:begin (written by the benchmark command; edit outside the markers) -->";
    static final String END = "<!-- benchmark:end -->";

    private record IntakeRow(int clients, double apiPerSecond, Latencies api, double rawPerSecond, Latencies raw,
                             Map<String, Double> apiCpu, Map<String, Double> rawCpu) {
    }

    private final Benchmark.Settings settings;
    private final List<String> lines = new ArrayList<>();
    private final List<IntakeRow> intake = new ArrayList<>();
    private final Map<String, Long> rss = new LinkedHashMap<>();
    private final List<String> targets = new ArrayList<>();
    private String machine = "";

    Report(Benchmark.Settings settings) {
        this.settings = settings;
    }

    void machine(EmbeddedDatabase database, KeycloakServer keycloak) {
        machine = "%s, %d cores, %d GiB, JDK %s, embedded PostgreSQL (%s), Keycloak in dev mode on the same machine; %s"
                .formatted(System.getProperty("os.name") + " " + System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
                        totalMemoryGiB(), System.getProperty("java.version"), database.jdbcUrl().replaceAll("//[^/]+/", "//…/"),
                        settings.quick() ? "**--quick** run" : "full run");
    }

    void note(String what, Duration took) {
        lines.add("- %s: %.1f s".formatted(what, took.toMillis() / 1000.0));
    }

    void intake(int clients, Latencies api, Latencies raw, Duration step, Map<String, Double> apiCpu, Map<String, Double> rawCpu) {
        intake.add(new IntakeRow(clients, api.count() / (double) step.toSeconds(), api, raw.count() / (double) step.toSeconds(), raw,
                apiCpu, rawCpu));
        if (api.failures() > 0) {
            lines.add("- intake at %d clients: %d failed requests (last: %s)".formatted(clients, api.failures(), api.lastFailure()));
        }
    }

    void intakeAtHalfPeak(double rate, Latencies latencies) {
        var row = intake.stream().filter(r -> r.clients() == 32).findFirst().orElseThrow();
        target("Intake at 32 clients ≥ 0.5 × baseline throughput", "%.0f / %.0f = %.2f".formatted(row.apiPerSecond(), row.rawPerSecond(),
                row.apiPerSecond() / row.rawPerSecond()), row.apiPerSecond() >= 0.5 * row.rawPerSecond());
        target("Intake p99 < 25 ms at half the peak rate (open loop, %.0f/s)".formatted(rate),
                "p50 %.1f ms, p99 %.1f ms, %d failed".formatted(latencies.ms(50), latencies.ms(99), latencies.failures()),
                latencies.ms(99) < 25 && latencies.failures() == 0);
    }

    void notifications(NotificationScenario.Result r, Latencies issued) {
        lines.add("");
        lines.add(("Notifications: %,d dispatches (intakes dispatched by a town rule, sequential, p50 %.1f ms, p99 %.1f ms), each to a firm with"
                + " two managers: %,d in-app messages and %,d e-mails sent (%,d received by the SMTP server), all in %.1f s after the last"
                + " dispatch. Before it, %,d notices queued by the earlier scenarios were fanned out in %.1f s.").formatted(r.dispatches(),
                issued.ms(50), issued.ms(99), r.inApp(), r.emails(), r.mailReceived(), r.drained().toMillis() / 1000.0, r.backlog(),
                r.backlogDrained().toMillis() / 1000.0));
        lines.add("");
        lines.add("| from the change to | p50 ms | p99 ms |");
        lines.add("|---|---|---|");
        lines.add("| the inbox (in-app, the badge's event) | %.0f | %.0f |".formatted(r.inAppP50(), r.inAppP99()));
        lines.add("| the e-mail sent | %.0f | %.0f |".formatted(r.emailP50(), r.emailP99()));
        target("Notifications of %,d dispatches: event to in-app p99 < 1 s, all delivered once".formatted(r.dispatches()),
                "p99 %.0f ms; %,d / %,d in-app, %,d / %,d e-mails".formatted(r.inAppP99(), r.inApp(), 2L * r.dispatches(), r.emails(),
                        2L * r.dispatches()), r.inAppP99() < 1000 && r.inApp() == 2L * r.dispatches() && r.emails() == 2L * r.dispatches());
    }

    void intakeNotificationsOnOff(Latencies on, Latencies off, Duration step) {
        var onRate = on.count() / (double) step.toSeconds();
        var offRate = off.count() / (double) step.toSeconds();
        lines.add("");
        lines.add(("Intake at 16 clients, each after a fresh start and the same warm-up, with notifications on (each intake queues the"
                + " resident's SMS notice, fanned out and sent by the same process meanwhile): %.0f/s, p99 %.1f ms; with notifications off"
                + " (ALLIANCE_NOTIFICATIONS_ENABLED=false): %.0f/s, p99 %.1f ms; on / off = %.2f.").formatted(onRate, on.ms(99), offRate,
                off.ms(99), onRate / offRate));
    }

    void board(int tickets, double fillSeconds, Map<String, Latencies> pages) {
        lines.add("");
        lines.add("Board of one town with %,d tickets (filled in %.0f s), sequential requests over HTTP with JWT, 50 tickets a page:".formatted(tickets, fillSeconds));
        lines.add("");
        lines.add("| page | p50 ms | p99 ms | p99.9 ms |");
        lines.add("|---|---|---|---|");
        pages.forEach((page, l) -> lines.add("| %s | %.1f | %.1f | %.1f |".formatted(page, l.ms(50), l.ms(99), l.ms(99.9))));
        var first = pages.values().stream().limit(3).mapToDouble(l -> l.ms(99)).max().orElse(0);
        var deep = pages.values().stream().skip(3).mapToDouble(l -> l.ms(99)).max().orElse(0);
        target("Board first page p99 < 10 ms (%,d tickets)".formatted(tickets), "worst first page p99 %.1f ms".formatted(first), first < 10);
        target("Board deep page p99 < 20 ms", "p99 %.1f ms".formatted(deep), deep < 20);
    }

    void evaluation(EvaluationScenario.Result result) {
        lines.add("");
        lines.add(("Evaluation of a year for one town: %d firms (and the agencies), %d estates, %,d tickets (filled in %.0f s), computed through the API"
                + " (facts from three modules, scoring, the stored draft) against the raw ticket-facts query over JDBC:").formatted(result.firms(),
                result.estates(), result.tickets(), result.fillSeconds()));
        lines.add("");
        lines.add("| | p50 ms | max ms | failed |");
        lines.add("|---|---|---|---|");
        lines.add("| API: compute 2025 | %.0f | %.0f | %d |".formatted(result.api().ms(50), result.api().ms(100), result.api().failures()));
        lines.add("| raw facts query (JDBC) | %.0f | %.0f | 0 |".formatted(result.raw().ms(50), result.raw().ms(100)));
        lines.add("- API / raw facts query: %.2f".formatted(result.api().ms(50) / Math.max(1, result.raw().ms(50))));
    }

    void live(Live.Result live) {
        target("SSE intake-to-event p99 < 100 ms with %d subscribers".formatted(live.subscribers()),
                "%d tickets, %,d of %,d deliveries, p50 %.1f ms, p99 %.1f ms, missed %d".formatted(live.tickets(), live.received(),
                        live.expected(), live.latencies().ms(50), live.latencies().ms(99), live.missed()),
                live.latencies().ms(99) < 100 && live.missed() == 0);
    }

    void towns(Latencies onboarding, Map<String, Object> catalog) {
        target("Onboarding p50 < 1 s", "p50 %.0f ms, p99 %.0f ms, %d towns in %.0f s, %d failed".formatted(onboarding.ms(50), onboarding.ms(99),
                onboarding.count(), totalSeconds(onboarding), onboarding.failures()), onboarding.ms(50) < 1000);
        lines.add("- catalog after onboarding: " + catalog);
    }

    private static double totalSeconds(Latencies latencies) {
        return latencies.totalMs() / 1000.0;
    }

    void restart(int towns, Duration ready, double heapMb, long rssKb, Latencies few, Latencies many) {
        target("Ready with %d towns < 30 s".formatted(towns), "%.1f s (JVM start, migration check of every schema, readiness)".formatted(ready.toMillis() / 1000.0),
                ready.toSeconds() < 30);
        target("Heap < 512 MB with %d towns".formatted(towns), "%.0f MB after a full GC; RSS %d MB".formatted(heapMb, rssKb / 1024), heapMb < 512);
        var ratio = many.ms(99) / few.ms(99);
        target("Town-scoped p99 ratio (%d towns / %d towns) < 1.2".formatted(towns, Benchmark.TOWNS + 1),
                "%.2f ms / %.2f ms = %.2f".formatted(many.ms(99), few.ms(99), ratio), ratio < 1.2);
    }

    void rss(String scenario, long peakKb) {
        rss.put(scenario, peakKb / 1024);
    }

    private void target(String what, String measured, boolean met) {
        targets.add("| %s | %s | %s |".formatted(what, measured, met ? "**met**" : "**not met**"));
    }

    private List<String> markdown() {
        var out = new ArrayList<String>();
        out.add(BEGIN);
        out.add("## Latest run (%s)".formatted(LocalDate.now()));
        out.add("");
        out.add("Machine: " + machine + ".");
        out.add("");
        out.add("| target | measured | |");
        out.add("|---|---|---|");
        out.addAll(targets);
        out.add("");
        out.add("Intake through the full stack (TLS off, JWT on, town routing, validation, policy, ticket + event + timers +");
        out.add("notification in one transaction) against the same rows written straight into PostgreSQL over JDBC, same");
        out.add("clients, %d s each, %d towns:".formatted(settings.step().toSeconds(), Benchmark.TOWNS));
        out.add("");
        out.add("| clients | API /s | p50 ms | p99 ms | p99.9 ms | baseline /s | baseline p50 ms | baseline p99 ms | API / baseline |");
        out.add("|---|---|---|---|---|---|---|---|---|");
        for (var row : intake) {
            out.add("| %d | %.0f | %.1f | %.1f | %.1f | %.0f | %.2f | %.2f | %.2f |".formatted(row.clients(), row.apiPerSecond(), row.api().ms(50),
                    row.api().ms(99), row.api().ms(99.9), row.rawPerSecond(), row.raw().ms(50), row.raw().ms(99),
                    row.apiPerSecond() / row.rawPerSecond()));
        }
        out.add("");
        out.add("Where an intake's CPU goes (CPU ms per intake, from /proc, by process):");
        out.add("");
        out.add("| clients | API: platform | API: PostgreSQL | API: Keycloak | API: driver | baseline: PostgreSQL | baseline: driver |");
        out.add("|---|---|---|---|---|---|---|");
        for (var row : intake) {
            out.add("| %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |".formatted(row.clients(), row.apiCpu().get("platform"),
                    row.apiCpu().get("postgres"), row.apiCpu().get("keycloak"), row.apiCpu().get("driver"),
                    row.rawCpu().get("postgres"), row.rawCpu().get("driver")));
        }
        out.add("");
        out.add("![intake throughput](benchmarks/intake-throughput.png) ![intake latency](benchmarks/intake-latency.png)");
        out.addAll(lines);
        out.add("");
        out.add("Peak RSS of the platform process per scenario (MB): " + rss + ".");
        out.add(END);
        return out;
    }

    void print() {
        markdown().forEach(System.out::println);
    }

    void write(Path markdownFile, Path charts) throws IOException {
        Files.createDirectories(charts);
        chart(charts.resolve("intake-throughput.png"), "Intake throughput (per second)", "API", "baseline",
                intake.stream().map(r -> new double[]{r.apiPerSecond(), r.rawPerSecond()}).toList());
        chart(charts.resolve("intake-latency.png"), "Intake latency p50 / p99 (ms)", "p50", "p99",
                intake.stream().map(r -> new double[]{r.api().ms(50), r.api().ms(99)}).toList());
        var existing = Files.exists(markdownFile) ? Files.readString(markdownFile) : "# Benchmarks\n";
        var section = String.join("\n", markdown());
        var begin = existing.indexOf(BEGIN);
        var end = existing.indexOf(END);
        var updated = begin >= 0 && end > begin ? existing.substring(0, begin) + section + existing.substring(end + END.length())
                : existing.replaceFirst("\n", "\n\n" + java.util.regex.Matcher.quoteReplacement(section) + "\n");
        Files.writeString(markdownFile, updated);
        System.out.println("Wrote " + markdownFile + " and charts in " + charts);
    }

    /** Grouped bars per client count: two series. */
    private void chart(Path file, String title, String first, String second, List<double[]> values) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int width = 640, height = 360, left = 60, bottom = 40, top = 40;
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.DARK_GRAY);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(title, left, 24);
        var max = values.stream().flatMapToDouble(java.util.Arrays::stream).max().orElse(1) * 1.1;
        var plotHeight = height - top - bottom;
        var slot = (width - left - 20) / Math.max(1, values.size());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.setStroke(new BasicStroke(1));
        g.drawLine(left, height - bottom, width - 20, height - bottom);
        for (int tick = 0; tick <= 4; tick++) {
            var value = max * tick / 4;
            var y = height - bottom - (int) (plotHeight * tick / 4.0);
            g.drawString("%.0f".formatted(value), 8, y + 4);
        }
        var colours = new Color[]{new Color(0x0b5cab), new Color(0xf59e0b)};
        for (int i = 0; i < values.size(); i++) {
            for (int s = 0; s < 2; s++) {
                var h = (int) (plotHeight * values.get(i)[s] / max);
                g.setColor(colours[s]);
                g.fillRect(left + i * slot + 10 + s * (slot / 2 - 10), height - bottom - h, slot / 2 - 14, h);
            }
            g.setColor(Color.DARK_GRAY);
            g.drawString(intake.get(i).clients() + " clients", left + i * slot + slot / 3, height - bottom + 16);
        }
        g.setColor(colours[0]);
        g.fillRect(width - 170, 12, 10, 10);
        g.setColor(colours[1]);
        g.fillRect(width - 90, 12, 10, 10);
        g.setColor(Color.DARK_GRAY);
        g.drawString(first, width - 155, 21);
        g.drawString(second, width - 75, 21);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static long totalMemoryGiB() {
        try {
            var line = Files.readAllLines(Path.of("/proc/meminfo")).getFirst();
            return Long.parseLong(line.replaceAll("[^0-9]", "")) / (1024 * 1024);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}
