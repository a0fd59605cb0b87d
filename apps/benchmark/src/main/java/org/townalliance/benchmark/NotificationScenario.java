package org.townalliance.benchmark;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import org.townalliance.devstack.EmbeddedDatabase;
import org.townalliance.devstack.Ports;

import java.sql.SQLException;
import java.time.Duration;

/**
 * The messages of many dispatches: each intake is dispatched at once by a town rule to a firm with two managers, so
 * each makes one notice, two in-app messages and two e-mails (to a real SMTP server in this process, GreenMail). The
 * delays are read from the database: from the notice's transaction (the change) to the inbox row (in-app visibility:
 * the badge hears of it in the same commit) and to the e-mail's sending.
 */
final class NotificationScenario {

    record Result(int dispatches, long inApp, long emails, int mailReceived, double inAppP50, double inAppP99, double emailP50,
                  double emailP99, Duration drained, Duration backlogDrained, long backlog) {
    }

    private NotificationScenario() {
    }

    static GreenMail mailServer() {
        var server = new GreenMail(new ServerSetup(Ports.free(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return server;
    }

    /** Waits until no notice waits to be fanned out (what earlier scenarios queued); answers how long it took and how many there were. */
    static long[] drainBacklog(EmbeddedDatabase database, Duration atMost) throws Exception {
        var started = System.nanoTime();
        var backlog = count(database, "select count(*) from platform.notice where fanned_out_at is null and dead_at is null");
        while (System.nanoTime() - started < atMost.toNanos()
                && count(database, "select count(*) from platform.notice where fanned_out_at is null and dead_at is null") > 0) {
            Thread.sleep(200);
        }
        return new long[]{backlog, System.nanoTime() - started};
    }

    /** Waits until every dispatch's messages are in and sent (or {@code atMost}); answers the figures. */
    static Result measure(EmbeddedDatabase database, String town, int dispatches, GreenMail mail, Duration atMost, long[] backlog)
            throws Exception {
        var started = System.nanoTime();
        var expected = 2L * dispatches;
        while (System.nanoTime() - started < atMost.toNanos()
                && count(database, "select count(*) from platform.notification_delivery where town = '" + town
                        + "' and channel = 'EMAIL' and status = 'SENT'") < expected) {
            Thread.sleep(100);
        }
        var drained = Duration.ofNanos(System.nanoTime() - started);
        var join = " from platform.notice o join %s x on x.notice_id = o.id where o.town = '" + town + "' and o.kind = 'TICKET_DISPATCHED'";
        var inApp = percentiles(database, "select percentile_cont(array[0.5, 0.99]) within group (order by extract(epoch from x.created_at - o.created_at) * 1000)"
                + join.formatted("platform.notification"));
        var email = percentiles(database, "select percentile_cont(array[0.5, 0.99]) within group (order by extract(epoch from x.sent_at - o.created_at) * 1000)"
                + join.formatted("platform.notification_delivery") + " and x.channel = 'EMAIL' and x.status = 'SENT'");
        return new Result(dispatches, count(database, "select count(*)" + join.formatted("platform.notification")),
                count(database, "select count(*)" + join.formatted("platform.notification_delivery") + " and x.channel = 'EMAIL' and x.status = 'SENT'"),
                mail.getReceivedMessages().length, inApp[0], inApp[1], email[0], email[1], drained, Duration.ofNanos(backlog[1]), backlog[0]);
    }

    private static long count(EmbeddedDatabase database, String query) throws SQLException {
        try (var db = database.connect(); var statement = db.createStatement(); var rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static double[] percentiles(EmbeddedDatabase database, String query) throws SQLException {
        try (var db = database.connect(); var statement = db.createStatement(); var rows = statement.executeQuery(query)) {
            rows.next();
            var array = rows.getArray(1);
            if (array == null) {
                return new double[]{Double.NaN, Double.NaN};
            }
            var values = (Double[]) array.getArray();
            return new double[]{values[0], values[1]};
        }
    }
}
