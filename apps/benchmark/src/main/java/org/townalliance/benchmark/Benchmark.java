package org.townalliance.benchmark;

import org.townalliance.devstack.DevstackCache;
import org.townalliance.devstack.EmbeddedDatabase;
import org.townalliance.devstack.KeycloakServer;
import org.townalliance.devstack.KeycloakUsers;
import org.townalliance.devstack.Ports;
import org.townalliance.devstack.RealmDefinition;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The benchmark command (README, "Benchmarks"): starts the embedded default (PostgreSQL, Keycloak) and
 * the platform as its own process, prepares towns and data, runs the scenarios of docs/benchmarks.md
 * with the raw-PostgreSQL baseline in the same run, prints the table and rewrites the results section
 * of docs/benchmarks.md with PNG charts. {@code --quick} runs the same scenarios smaller (under 3 min).
 */
public final class Benchmark {

    static final int TOWNS = 10;

    private final Settings settings;
    private final Report report;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private String issuer;

    /** Sizes of one run. */
    record Settings(boolean quick, int towns, int boardTickets, int subscribers, Duration step, List<Integer> concurrency) {
        static Settings of(String[] args) {
            var quick = List.of(args).contains("--quick");
            var towns = intArg(args, "--towns", quick ? 30 : 1000);
            return new Settings(quick, towns, intArg(args, "--board-tickets", quick ? 100_000 : 1_000_000),
                    intArg(args, "--subscribers", quick ? 200 : 1000), Duration.ofSeconds(quick ? 3 : 12), List.of(1, 8, 32, 128));
        }

        private static int intArg(String[] args, String name, int fallback) {
            for (var arg : args) {
                if (arg.startsWith(name + "=")) {
                    return Integer.parseInt(arg.substring(name.length() + 1));
                }
            }
            return fallback;
        }
    }

    private Benchmark(Settings settings) {
        this.settings = settings;
        this.report = new Report(settings);
    }

    public static void main(String[] args) throws Exception {
        var settings = Settings.of(args);
        var started = System.nanoTime();
        new Benchmark(settings).run();
        System.out.printf("Benchmark finished in %.1f min%n", (System.nanoTime() - started) / 60e9);
        System.exit(0);
    }

    private void run() throws Exception {
        var work = Path.of("apps", "benchmark", "target", "run");
        Files.createDirectories(work);
        var jar = Files.list(Path.of("apps", "platform-api", "target")).filter(p -> p.toString().endsWith("-exec.jar")).findFirst()
                .orElseThrow(() -> new IllegalStateException("build first: mvn -pl apps/benchmark -am package"));
        try (var database = EmbeddedDatabase.start(Ports.free(), DevstackCache.directory().resolve("benchmark-postgres"), false);
             var keycloak = KeycloakServer.start(Ports.free(), RealmDefinition.local(System.getenv()))) {
            mail = NotificationScenario.mailServer();
            issuer = keycloak.issuer(RealmDefinition.REALM);
            var environment = new HashMap<String, String>();
            environment.put("ALLIANCE_DB_R2DBC_URL", database.r2dbcUrl());
            environment.put("ALLIANCE_DB_JDBC_URL", database.jdbcUrl());
            environment.put("ALLIANCE_DB_USERNAME", database.username());
            environment.put("ALLIANCE_DB_PASSWORD", database.password());
            environment.put("ALLIANCE_OIDC_ISSUER_URI", issuer);
            environment.put("ALLIANCE_KEYCLOAK_URL", keycloak.baseUrl());
            environment.put("ALLIANCE_KEYCLOAK_CLIENT_SECRET", RealmDefinition.LOCAL_PROVISIONER_SECRET);
            environment.put("ALLIANCE_SECRETS_KEYS", "bench:BRAbJjE8R1JdaHN+iZSfqrXAy9bh7PcCDRgjLjlET1o="); // a throwaway key for the run's own data
            environment.put("ALLIANCE_SECRETS_ACTIVE_KEY", "bench");
            // Notifications' e-mail to a real SMTP server in this process (GreenMail).
            environment.put("SPRING_MAIL_HOST", "127.0.0.1");
            environment.put("SPRING_MAIL_PORT", Integer.toString(mail.getSmtp().getPort()));
            environment.put("ALLIANCE_NOTIFICATIONS_MAILFROM", "bench@alliance.local");
            var port = Ports.free();
            var log = work.resolve("platform.log");
            Files.deleteIfExists(log);
            report.machine(database, keycloak);

            var platform = PlatformProcess.start(jar, port, environment, log);
            platformBase = platform.base();
            report.note("fresh start (no towns) until ready", platform.awaitReady(Duration.ofMinutes(3)));
            var towns = Driver.towns("bench-t", TOWNS);
            var users = new KeycloakUsers(keycloak);
            for (var town : towns) {
                onboard(town);
                users.user("op-" + town, "/towns/" + town + "/hotline");
            }
            onboard("bench-board");
            users.user("op-bench-board", "/towns/bench-board/hotline");
            var driver = new Driver(platform.base(), 2 * settings.subscribers() + 256);
            cpu = new CpuMeter(platform.pid());

            var townScopedFew = townScoped(driver, towns.getFirst());
            platform.takePeakRssKb();
            intake(driver, database, towns);
            report.rss("intake", platform.takePeakRssKb());
            board(driver, database);
            report.rss("board", platform.takePeakRssKb());
            notifications(driver, database, users, towns);
            report.rss("notifications", platform.takePeakRssKb());
            platform = intakeWithoutNotifications(platform, jar, port, environment, log, driver, towns);
            onboard("bench-eval");
            users.user("sec-bench-eval", "/towns/bench-eval/secretariat");
            evaluation(driver, database);
            report.rss("evaluation", platform.takePeakRssKb());
            // The fills above leave PostgreSQL work behind (autovacuum of a million new rows, dirty pages to write);
            // done now, it no longer runs under the live board's measurement (its p99 rose to 114 ms when it did).
            report.note("vacuum and checkpoint after the fills, before the live board", quiesce(database));
            var live = Live.run(driver, towns, tokens(towns), settings.subscribers(), settings.quick() ? 5 : 10, 20);
            report.live(live);
            report.rss("live", platform.takePeakRssKb());

            var onboarding = onboardMany(settings.towns() - TOWNS - 2);
            report.towns(onboarding, catalog(database));
            report.rss("onboarding", platform.takePeakRssKb());
            platform.close();

            platform = PlatformProcess.start(jar, port, environment, log);
            var ready = platform.awaitReady(Duration.ofMinutes(10));
            var heap = platform.heapAfterGcMb();
            var rss = platform.rssKb();
            var townScopedMany = townScoped(driver, towns.getFirst());
            report.restart(settings.towns(), ready, heap, rss, townScopedFew, townScopedMany);
            report.rss("restart", platform.takePeakRssKb());
            platform.close();
        }
        report.print();
        report.write(Path.of("docs", "benchmarks.md"), Path.of("docs", "benchmarks"));
    }

    private void intake(Driver driver, EmbeddedDatabase database, List<String> towns) throws Exception {
        var baseline = new Baseline(database.jdbcUrl(), database.username(), database.password());
        var tokens = tokens(towns);
        var sequence = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.IntFunction<Driver.Call> intake = client -> {
            var town = towns.get(Math.floorMod(client, towns.size()));
            return new Driver.Call("POST", "/api/towns/" + town + "/tickets", tokens.get(town), ticketJson(sequence.incrementAndGet()));
        };
        // Warm-up: the JIT compilers alone take most of the CPU of the first minute (JFR: C2 threads), pools, caches.
        driver.closedLoop(16, Duration.ofSeconds(settings.quick() ? 6 : 30), intake);
        baseline.run(towns, 8, Duration.ofSeconds(2), () -> { });
        var peak = 0.0;
        for (var clients : settings.concurrency()) {
            var before = cpu.snapshot();
            var api = driver.closedLoop(clients, settings.step(), intake);
            var apiCpu = CpuMeter.perOperation(before, cpu.snapshot(), api.count());
            var beforeRaw = cpu.snapshot();
            var afterRaw = new java.util.concurrent.atomic.AtomicReference<Map<String, Double>>();
            var raw = baseline.run(towns, clients, settings.step(), () -> afterRaw.set(cpu.snapshot()));
            var rawCpu = CpuMeter.perOperation(beforeRaw, afterRaw.get(), raw.count());
            Thread.sleep(1000); // the baseline's server processes end (their CPU would vanish from the next snapshot)
            report.intake(clients, api, raw, settings.step(), apiCpu, rawCpu);
            peak = Math.max(peak, api.count() / (double) settings.step().toSeconds());
        }
        var half = driver.openLoop(peak / 2, settings.step(), intake);
        report.intakeAtHalfPeak(peak / 2, half);
    }

    private com.icegreen.greenmail.util.GreenMail mail;

    /** 1,000 dispatches (200 in --quick), each telling a firm's two managers in the inbox and by e-mail. */
    private void notifications(Driver driver, EmbeddedDatabase database, KeycloakUsers users, List<String> towns) throws Exception {
        var backlog = NotificationScenario.drainBacklog(database, Duration.ofMinutes(5));
        var town = "bench-notify";
        onboard(town);
        users.user("sec-" + town, "/towns/" + town + "/secretariat");
        users.user("op-" + town, "/towns/" + town + "/hotline");
        var firm = "91310113UYQ0DEJ014";
        users.user("mgr1-" + town, "/towns/" + town + "/orgs/" + firm + "/managers");
        users.user("mgr2-" + town, "/towns/" + town + "/orgs/" + firm + "/managers");
        var secretariat = token("sec-" + town);
        var imported = http.send(HttpRequest.newBuilder(URI.create(platformBase + "/api/towns/" + town + "/members/import"))
                .header("Authorization", "Bearer " + secretariat).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(Path.of("infra", "examples", "dachang-members.csv"))).build(), HttpResponse.BodyHandlers.ofString());
        var members = http.send(HttpRequest.newBuilder(URI.create(platformBase + "/api/towns/" + town + "/members"))
                .header("Authorization", "Bearer " + secretariat).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        var organisation = "";
        for (var member : tools.jackson.databind.json.JsonMapper.builder().build().readTree(members)) {
            if (firm.equals(member.path("uscc").asString())) {
                organisation = member.path("organisationId").asString();
            }
        }
        if (imported.statusCode() != 200 || organisation.isEmpty()) {
            throw new IllegalStateException("members of " + town + ": " + imported.statusCode());
        }
        var rule = http.send(HttpRequest.newBuilder(URI.create(platformBase + "/api/towns/" + town + "/hotline/dispatch-rules"))
                .header("Authorization", "Bearer " + secretariat).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"categoryCode\":\"repairs\",\"organisationId\":\"" + organisation + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (rule.statusCode() != 201) {
            throw new IllegalStateException("dispatch rule: " + rule.statusCode() + " " + rule.body());
        }
        var operator = token("op-" + town);
        var dispatches = settings.quick() ? 200 : 1000;
        var body = "{\"kind\":\"SERVICE_REQUEST\",\"channel\":\"PHONE\",\"categoryCode\":\"repairs\",\"address\":\"基准路1号\",\"description\":\"楼道灯不亮\"}";
        var issued = driver.sequential(dispatches, i -> new Driver.Call("POST", "/api/towns/" + town + "/tickets", operator, body));
        report.notifications(NotificationScenario.measure(database, town, dispatches, mail, Duration.ofMinutes(3), backlog), issued);
    }

    /**
     * The intake at 16 clients with notifications on and off, each after a fresh start of the platform and the same
     * warm-up (on: each intake queues the resident's SMS notice, fanned out and sent by the same process meanwhile); then
     * the platform as before.
     */
    private PlatformProcess intakeWithoutNotifications(PlatformProcess platform, Path jar, int port, Map<String, String> environment, Path log,
                                                       Driver driver, List<String> towns) throws Exception {
        var tokens = tokens(towns);
        var sequence = new java.util.concurrent.atomic.AtomicInteger(5_000_000);
        java.util.function.IntFunction<Driver.Call> intake = client -> {
            var t = towns.get(Math.floorMod(client, towns.size()));
            return new Driver.Call("POST", "/api/towns/" + t + "/tickets", tokens.get(t), ticketJson(sequence.incrementAndGet()));
        };
        var runs = new LinkedHashMap<Boolean, Latencies>();
        for (var enabled : List.of(true, false)) {
            platform.close();
            var configured = new HashMap<>(environment);
            configured.put("ALLIANCE_NOTIFICATIONS_ENABLED", Boolean.toString(enabled));
            platform = PlatformProcess.start(jar, port, configured, log);
            platform.awaitReady(Duration.ofMinutes(5));
            driver.closedLoop(16, Duration.ofSeconds(settings.quick() ? 6 : 30), intake); // the fresh JVM's warm-up, as the intake's
            runs.put(enabled, driver.closedLoop(16, settings.step().multipliedBy(2), intake));
        }
        report.intakeNotificationsOnOff(runs.get(true), runs.get(false), settings.step().multipliedBy(2));
        platform.close();
        platform = PlatformProcess.start(jar, port, environment, log);
        platform.awaitReady(Duration.ofMinutes(5));
        return platform;
    }

    private void board(Driver driver, EmbeddedDatabase database) throws Exception {
        var fill = System.nanoTime();
        try (var db = database.connect(); var statement = db.createStatement()) {
            statement.execute("insert into town_bench_board.ticket (kind, channel, category_code, description, priority, status, created_by,"
                    + " created_at, updated_at, resolve_due_at, resolved_at, closed_at)"
                    + " select 'SERVICE_REQUEST', 'PHONE', 'repairs-elevator', '基准工单 ' || g, 'NORMAL',"
                    + " case when g % 200 = 0 then 'RECEIVED' when g % 200 = 1 then 'DISPATCHED' else 'CLOSED' end, 'benchmark',"
                    + " now() - make_interval(secs => (" + settings.boardTickets() + " - g) * 30), now(),"
                    + " now() - make_interval(secs => (" + settings.boardTickets() + " - g) * 30) + case when g % 400 = 0 then interval '1 hour' else interval '24 hours' end,"
                    + " case when g % 200 > 1 then now() else null end, case when g % 200 > 1 then now() else null end"
                    + " from generate_series(1, " + settings.boardTickets() + ") g");
            statement.execute("analyze town_bench_board.ticket");
        }
        var fillSeconds = (System.nanoTime() - fill) / 1e9;
        var token = tokens(List.of("bench-board")).get("bench-board");
        var runs = settings.quick() ? 150 : 500;
        var pages = new LinkedHashMap<String, String>();
        pages.put("first page, status RECEIVED", "/api/towns/bench-board/tickets?status=RECEIVED&limit=50");
        pages.put("first page, overdue", "/api/towns/bench-board/tickets?overdue=true&limit=50");
        pages.put("first page, any status", "/api/towns/bench-board/tickets?limit=50");
        pages.put("deep keyset page, status CLOSED", "/api/towns/bench-board/tickets?status=CLOSED&limit=50&before=" + settings.boardTickets() / 2);
        var results = new LinkedHashMap<String, Latencies>();
        for (var page : pages.entrySet()) {
            driver.sequential(20, i -> new Driver.Call("GET", page.getValue(), token, null));
            results.put(page.getKey(), driver.sequential(runs, i -> new Driver.Call("GET", page.getValue(), token, null)));
        }
        report.board(settings.boardTickets(), fillSeconds, results);
    }

    private static Duration quiesce(EmbeddedDatabase database) throws java.sql.SQLException {
        var started = System.nanoTime();
        try (var db = database.connect(); var statement = db.createStatement()) {
            statement.execute("vacuum (analyze)");
            statement.execute("checkpoint");
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** A year's evaluation of a town with the Dachang members and 100,000 tickets (20,000 in --quick). */
    private void evaluation(Driver driver, EmbeddedDatabase database) throws Exception {
        var token = token("sec-bench-eval");
        var members = http.send(HttpRequest.newBuilder(URI.create(platformBase + "/api/towns/bench-eval/members/import"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofFile(Path.of("infra", "examples", "dachang-members.csv"))).build(), HttpResponse.BodyHandlers.ofString());
        if (members.statusCode() != 200) {
            throw new IllegalStateException("members import: " + members.statusCode() + " " + members.body());
        }
        var tickets = settings.quick() ? 20_000 : 100_000;
        var fill = EvaluationScenario.fill(database, "town_bench_eval", tickets);
        var runs = settings.quick() ? 3 : 5;
        var compute = new Driver.Call("POST", "/api/towns/bench-eval/evaluation/runs", token, "{\"period\":\"2025\"}");
        driver.sequential(2, i -> compute);
        var api = driver.sequential(runs, i -> compute);
        var raw = EvaluationScenario.raw(database, "town_bench_eval", runs);
        report.evaluation(new EvaluationScenario.Result(tickets, 100, EvaluationScenario.firms(database, "town_bench_eval"), fill, api, raw));
    }

    private Latencies townScoped(Driver driver, String town) throws Exception {
        var token = tokens(List.of(town)).get(town);
        driver.sequential(30, i -> new Driver.Call("GET", "/api/towns/" + town + "/hotline/categories", token, null));
        return driver.sequential(settings.quick() ? 300 : 1000, i -> new Driver.Call("GET", "/api/towns/" + town + "/hotline/categories", token, null));
    }

    private Latencies onboardMany(int count) throws Exception {
        var latencies = new Latencies();
        for (int i = 1; i <= count; i++) {
            var started = System.nanoTime();
            try {
                onboard(String.format("bench-x%04d", i));
                latencies.record(System.nanoTime() - started);
            } catch (IllegalStateException e) {
                latencies.failed(e.getMessage());
            }
            if (i % Math.max(1, count / 10) == 0) {
                System.out.printf("onboarded %d/%d towns (p50 %.0f ms)%n", i, count, latencies.ms(50));
            }
        }
        return latencies;
    }

    private Map<String, Object> catalog(EmbeddedDatabase database) throws Exception {
        try (var db = database.connect(); var statement = db.createStatement();
             var rows = statement.executeQuery("select (select count(*) from pg_class c join pg_namespace n on n.oid = c.relnamespace"
                     + " where c.relkind = 'r' and n.nspname like 'town\\_%'), (select count(*) from pg_class),"
                     + " pg_database_size(current_database()), (select count(*) from pg_namespace where nspname like 'town\\_%')")) {
            rows.next();
            var result = new LinkedHashMap<String, Object>();
            result.put("town tables", rows.getLong(1));
            result.put("pg_class rows", rows.getLong(2));
            result.put("database MB", rows.getLong(3) / (1024 * 1024));
            result.put("town schemas", rows.getLong(4));
            return result;
        }
    }

    private String adminToken;
    private long adminTokenAt;

    private void onboard(String slug) throws Exception {
        if (adminToken == null || System.nanoTime() - adminTokenAt > Duration.ofMinutes(3).toNanos()) {
            adminToken = token("platform-admin");
            adminTokenAt = System.nanoTime();
        }
        var body = "{\"slug\":\"%s\",\"nameZh\":\"基准镇\",\"nameEn\":\"Bench\",\"district\":\"宝山区\",\"city\":\"上海市\",\"timezone\":\"Asia/Shanghai\"}"
                .formatted(slug);
        var response = http.send(HttpRequest.newBuilder(URI.create(platformBase + "/api/platform/towns"))
                .header("Authorization", "Bearer " + adminToken).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("onboarding " + slug + ": " + response.statusCode() + " " + response.body());
        }
    }

    private String platformBase;
    private CpuMeter cpu;

    private Map<String, String> tokens(List<String> towns) throws Exception {
        var tokens = new HashMap<String, String>();
        for (var town : towns) {
            tokens.put(town, token("op-" + town));
        }
        return tokens;
    }

    private String token(String user) throws Exception {
        var form = "grant_type=password&client_id=alliance-cli&username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(user, StandardCharsets.UTF_8);
        var response = http.send(HttpRequest.newBuilder(URI.create(issuer + "/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        var matcher = java.util.regex.Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(response.body());
        if (!matcher.find()) {
            throw new IllegalStateException("no token for " + user + ": " + response.statusCode() + " " + response.body());
        }
        return matcher.group(1);
    }

    static String ticketJson(int sequence) {
        return "{\"kind\":\"SERVICE_REQUEST\",\"channel\":\"PHONE\",\"categoryCode\":\"repairs-elevator\",\"reporterPhone\":\"1380%07d\","
                .formatted(sequence % 10_000_000) + "\"description\":\"基准：%d 号楼电梯故障\"}".formatted(sequence);
    }
}
