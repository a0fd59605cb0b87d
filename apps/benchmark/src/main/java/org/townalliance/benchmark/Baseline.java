package org.townalliance.benchmark;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The physical limit the API is judged against: the rows one intake writes, in the same transaction
 * shape, straight into PostgreSQL over JDBC (no HTTP, no token, no validation, no reads): the ticket,
 * its RECEIVE event, a notification of the same size (on a channel nobody listens to) and the two
 * deadline timers, committed.
 */
final class Baseline {

    private final String jdbcUrl;
    private final String user;
    private final String password;

    Baseline(String jdbcUrl, String user, String password) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
        this.password = password;
    }

    /**
     * {@code clients} connections write intakes for {@code duration}; {@code beforeClose} runs while the
     * connections are still open (their server processes still alive, so their CPU time can be read).
     */
    Latencies run(List<String> towns, int clients, Duration duration, Runnable beforeClose) throws InterruptedException, SQLException {
        var latencies = new Latencies();
        var end = System.nanoTime() + duration.toNanos();
        var threads = new ArrayList<Thread>();
        var connections = new ArrayList<Connection>();
        try {
            for (int c = 0; c < clients; c++) {
                var db = DriverManager.getConnection(jdbcUrl, user, password);
                db.setAutoCommit(false);
                connections.add(db);
            }
            for (int c = 0; c < clients; c++) {
                var town = towns.get(c % towns.size());
                var db = connections.get(c);
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        while (System.nanoTime() < end) {
                            var started = System.nanoTime();
                            intake(db, town);
                            latencies.record(System.nanoTime() - started);
                        }
                    } catch (SQLException e) {
                        latencies.failed(e.getMessage());
                    }
                }));
            }
            for (var thread : threads) {
                thread.join();
            }
            beforeClose.run();
        } finally {
            for (var db : connections) {
                db.close();
            }
        }
        return latencies;
    }

    private static void intake(Connection db, String town) throws SQLException {
        var schema = "town_" + town.replace('-', '_');
        var id = UUID.randomUUID();
        long number;
        try (var ticket = db.prepareStatement("insert into " + schema + ".ticket (id, kind, channel, category_code, reporter_phone, description,"
                + " priority, status, created_by, resolve_due_at) values (?, 'SERVICE_REQUEST', 'PHONE', 'repairs-elevator', '13800000000',"
                + " '基准：电梯故障', 'NORMAL', 'RECEIVED', 'baseline', now() + interval '24 hours') returning number")) {
            ticket.setObject(1, id);
            try (var rows = ticket.executeQuery()) {
                rows.next();
                number = rows.getLong(1);
            }
        }
        try (var event = db.prepareStatement("insert into " + schema + ".ticket_event (ticket_id, action, to_status, actor)"
                + " values (?, 'RECEIVE', 'RECEIVED', 'baseline') returning id, occurred_at")) {
            event.setObject(1, id);
            event.executeQuery().close();
        }
        try (var notify = db.prepareStatement("select pg_notify('benchmark_baseline', ?)")) {
            notify.setString(1, "{\"town\":\"" + town + "\",\"number\":" + number + "}");
            notify.executeQuery().close();
        }
        try (var timer = db.prepareStatement("insert into platform.hotline_timer (town, ticket_id, kind, due_at, deadline_at)"
                + " values (?, ?, ?, now() + interval '19 hours', now() + interval '24 hours')")) {
            for (var kind : new String[]{"RESOLVE_WARNING", "RESOLVE_DUE"}) {
                timer.setString(1, town);
                timer.setObject(2, id);
                timer.setString(3, kind);
                timer.addBatch();
            }
            timer.executeBatch();
        }
        db.commit();
    }
}
