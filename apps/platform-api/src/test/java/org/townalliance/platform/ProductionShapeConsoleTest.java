package org.townalliance.platform;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.townalliance.devstack.RealmDefinition;
import org.townalliance.testkit.TestStack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console as the chart runs it ({@link ProductionShape}: nginx round-robin over two replicas, sessions in Redis,
 * access tokens of {@value RealmDefinition#EXPIRING_CONSOLE_TOKEN_SECONDS} s): a person's session survives requests
 * landing on either replica and a rollout of both, forms, uploads, downloads and logout work, the console's writes are
 * audited with the person's address and browser, and the live board keeps updating across several token lifetimes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProductionShapeConsoleTest extends BrowserTest {

    private static final String AGENT = "Mozilla/5.0 (X11; Linux x86_64) ps-console-test";

    private ProductionShape shape;

    @org.junit.jupiter.api.AfterAll
    void stopReplicas() {
        ProductionShape.stopReplicas();
    }

    @BeforeAll
    void startShape() {
        shape = ProductionShape.get();
    }

    @Override
    String base() {
        return shape.proxyUrl();
    }

    @Test
    void aConsoleSessionLivesAcrossBothReplicasAndARolloutOfBoth() throws Exception {
        var town = town();
        var slug = town.slug();
        var person = "ps-desk-" + slug;
        TestStack.users().user(person, "/towns/" + slug + "/secretariat", "/towns/" + slug + "/hotline");
        var session = ConsoleSession.logIn(base(), person, "127.0.0.8", AGENT);
        var logBefore = shape.proxy.accessLog().size();

        for (int i = 0; i < 4; i++) {
            assertThat(session.get("/console/towns/" + slug).body()).as("the board, request %d", i).contains("id=\"intake-form\"");
        }
        intake(session, slug, "13500000001", "第一次受理：3号楼漏水");

        // A write through the console is audited with the person's address and browser, not the console's loopback.
        assertThat(audited(person, "/api/towns/" + slug + "/tickets")).containsExactly("127.0.0.8", AGENT);

        // Download and upload through the proxy.
        var export = session.download("/console/towns/" + slug + "/members/export");
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type").orElse("")).contains("spreadsheetml");
        assertThat(new String(export.body(), 0, 2, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("PK");
        var members = session.get("/console/towns/" + slug + "/members");
        var imported = session.upload("/console/towns/" + slug + "/members/import", members, "file", "members.csv", "text/csv",
                Files.readAllBytes(Path.of("../../infra/examples/dachang-members.csv")));
        assertThat(imported.statusCode()).isEqualTo(200);
        assertThat(imported.body()).contains("id=\"import-report\"");

        // A rollout: each replica in turn is stopped and started again; nobody is logged out.
        for (var replica : shape.replicas) {
            replica.restart();
            for (int i = 0; i < 3; i++) {
                var board = session.get("/console/towns/" + slug);
                assertThat(board.uri().toString()).as("still logged in after replica %s restarted", replica.name).startsWith(base());
                assertThat(board.body()).contains("id=\"intake-form\"");
            }
        }
        intake(session, slug, "13500000002", "滚动更新之后：电梯故障");

        var upstreams = shape.proxy.accessLogSince(logBefore).stream()
                .filter(line -> line.startsWith("127.0.0.8 ")).flatMap(line -> java.util.Arrays.stream(line.substring(line.indexOf("upstream=") + 9).split(", "))).distinct().toList();
        assertThat(upstreams).as("replicas that served the one session").hasSize(2);
        var requests = shape.proxy.accessLogSince(logBefore).stream()
                .filter(line -> line.startsWith("127.0.0.8 ")).collect(java.util.stream.Collectors.groupingBy(
                        line -> line.substring(line.indexOf("upstream=") + 9), java.util.TreeMap::new, java.util.stream.Collectors.counting()));
        System.out.printf("CONSOLE SESSION: requests by upstream %s; both replicas restarted in turn, never logged out%n", requests);

        // Logging out ends the session on every replica (and Keycloak's): the next page asks for a login again.
        var page = session.get("/console/towns/" + slug);
        var out = session.submit("/logout", page, Map.of());
        assertThat(out.uri().toString()).contains("/protocol/openid-connect/auth");
        for (int i = 0; i < 2; i++) {
            assertThat(session.get("/console/towns/" + slug).uri().toString()).contains("/protocol/openid-connect/auth");
        }
    }

    /**
     * The operations centre's board, open in a real browser through the proxy, receives new tickets for more than
     * three access-token lifetimes and a rollout of both replicas: the console refreshes the person's token and
     * reopens the API's stream, which ends with each token.
     */
    @Test
    void theLiveBoardKeepsUpdatingAcrossThreeTokenLifetimes() throws Exception {
        var town = town();
        var slug = town.slug();
        var driver = browser();
        logIn(driver, "op-" + slug, "/console/towns/" + slug);
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(ExpectedConditions.presenceOfElementLocated(By.id("intake-form")));
        // The page says its board is live once the platform's stream of the town is subscribed.
        waiting(driver).until(ExpectedConditions.attributeToBe(By.id("live-state"), "data-state", "open"));
        var lifetime = Duration.ofSeconds(RealmDefinition.EXPIRING_CONSOLE_TOKEN_SECONDS);
        var opened = System.nanoTime();
        var seen = new ArrayList<Long>();
        for (int round = 0; round < 4; round++) {
            var id = intake(town, null, "1360000000" + round).get("id");
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(By.id("t-" + id)));
            seen.add((System.nanoTime() - opened) / 1_000_000_000L);
            if (round == 1) {
                // A rollout while the board is open: whichever replica holds its stream is restarted, the browser
                // reconnects to the other with the last event it saw, and a ticket taken in meanwhile still arrives.
                var restarting = System.nanoTime();
                shape.replicas.get(0).restart();
                shape.replicas.get(1).restart();
                var restarted = (System.nanoTime() - restarting) / 1_000_000;
                var during = intake(town, null, "13600000009").get("id");
                new WebDriverWait(driver, Duration.ofSeconds(40)).until(ExpectedConditions.presenceOfElementLocated(By.id("t-" + during)));
                System.out.printf("LIVE BOARD: both replicas restarted in %d ms while the board was open; the ticket taken in"
                        + " right after appeared %d ms after the restarts began%n", restarted, (System.nanoTime() - restarting) / 1_000_000);
            }
            if (round < 3) {
                // Time itself is what this test is about: the next ticket comes after the token in use has expired.
                Thread.sleep(lifetime.toMillis() + 2_000);
            }
        }
        var span = Duration.ofNanos(System.nanoTime() - opened);
        assertThat(span).isGreaterThan(lifetime.multipliedBy(3));
        shot(driver, "production-shape-board");
        System.out.printf("LIVE BOARD: 4 of 4 tickets appeared at %s s, over %d s = %.1f token lifetimes of %d s%n",
                seen, span.toSeconds(), span.toMillis() / (double) lifetime.toMillis(), lifetime.toSeconds());
    }

    /** Through the proxy, a browser gets the console's error pages as HTML in its language; `/` leads to the console. */
    @Test
    void browsersGetErrorPagesInTheirLanguage() {
        var driver = browser();
        logIn(driver, "platform-admin", "/console");
        driver.get(base() + "/console/no-such-page");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("页面不存在");
        driver.get(base() + "/console/no-such-page?lang=en");
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("Page not found");
        driver.get(base() + "/?lang=zh-CN");
        waiting(driver).until(d -> d.getCurrentUrl().startsWith(base() + "/console"));
        // A form sent without its CSRF token (e.g. from another site): 403 as a page, not JSON.
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "var f = document.createElement('form'); f.method = 'post'; f.action = '/console/towns/dachang/tickets';"
                        + "document.body.appendChild(f); f.submit();");
        waiting(driver).until(d -> d.findElement(By.tagName("h1")).getText().equals("没有权限"));
        assertThat(driver.findElement(By.id("problem-message")).getText()).contains("安全令牌");
    }

    private static void intake(ConsoleSession session, String slug, String phone, String description) {
        var board = session.get("/console/towns/" + slug);
        var created = session.submit("/console/towns/" + slug + "/tickets", board, Map.of("kind", "SERVICE_REQUEST", "channel", "PHONE",
                "categoryCode", "repairs", "estate", "乾溪新村", "reporterName", "王阿姨", "reporterPhone", phone, "description", description));
        assertThat(created.statusCode()).isEqualTo(200);
        assertThat(created.uri().toString()).contains("created=");
    }

    /** The newest audit row of {@code username}'s POST to {@code path}: its client address and user agent. */
    private static List<String> audited(String username, String path) {
        try (var connection = TestStack.database().connect();
             var statement = connection.prepareStatement("select client_ip, user_agent from platform.audit_event"
                     + " where actor_username = ? and path = ? and method = 'POST' order by id desc limit 1")) {
            statement.setString(1, username);
            statement.setString(2, path);
            try (var rows = statement.executeQuery()) {
                assertThat(rows.next()).as("an audit row").isTrue();
                return List.of(rows.getString(1), rows.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
