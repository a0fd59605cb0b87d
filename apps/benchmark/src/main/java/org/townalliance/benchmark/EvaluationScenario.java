package org.townalliance.benchmark;

import org.townalliance.devstack.EmbeddedDatabase;

import java.sql.SQLException;

/**
 * Computing a year's evaluation of one town: the Dachang members (29 property firms and 4 agencies),
 * 100 estates (ten of which change firm on 1 July), 100,000 tickets of 2025 with a third of them rated and
 * one in 33 reopened, written straight into the town's schema. The API's computation (facts from three
 * modules, scoring, storing the draft) is set against the raw aggregation of the ticket facts over JDBC.
 */
final class EvaluationScenario {

    record Result(int tickets, int estates, long firms, double fillSeconds, Latencies api, Latencies raw) {
    }

    private EvaluationScenario() {
    }

    static double fill(EmbeddedDatabase database, String schema, int tickets) throws SQLException {
        var started = System.nanoTime();
        try (var db = database.connect(); var statement = db.createStatement()) {
            statement.execute("insert into " + schema + ".estate (id, name, address, households) select md5('estate' || i)::uuid,"
                    + " '基准小区' || i, '基准路' || i || '号', 300 + (i * 37) % 2700 from generate_series(0, 99) i");
            statement.execute("insert into " + schema + ".estate_management (estate_id, organisation_id, from_date, to_date, created_by)"
                    + " select md5('estate' || i)::uuid, f.organisation_id, date '2020-01-01', case when i % 10 = 0 then date '2025-07-01' end, 'benchmark'"
                    + " from generate_series(0, 99) i join (select organisation_id, row_number() over (order by organisation_id) - 1 as n,"
                    + " count(*) over () as total from " + schema + ".member where kind = 'FIRM') f on f.n = i % f.total");
            statement.execute("insert into " + schema + ".estate_management (estate_id, organisation_id, from_date, created_by)"
                    + " select md5('estate' || i)::uuid, f.organisation_id, date '2025-07-01', 'benchmark'"
                    + " from generate_series(0, 99, 10) i join (select organisation_id, row_number() over (order by organisation_id) - 1 as n,"
                    + " count(*) over () as total from " + schema + ".member where kind = 'FIRM') f on f.n = (i + 1) % f.total");
            statement.execute("insert into " + schema + ".ticket (kind, channel, category_code, estate_id, description, priority, status, created_by,"
                    + " created_at, updated_at, resolve_due_at, resolved_at, closed_at)"
                    + " select case when g % 20 = 0 then 'COMPLAINT' else 'SERVICE_REQUEST' end, 'PHONE', 'repairs', md5('estate' || (g % 100))::uuid,"
                    + " '基准工单 ' || g, 'NORMAL', 'CLOSED', 'benchmark', t, t, t + interval '48 hours',"
                    + " t + case when g % 10 = 0 then interval '72 hours' else interval '20 hours' end, t + interval '80 hours'"
                    + " from generate_series(1, " + tickets + ") g, lateral (select timestamptz '2025-01-01 00:00+08' + make_interval(secs => g * (31536000.0 / "
                    + tickets + ")) as t) s");
            statement.execute("insert into " + schema + ".ticket_feedback (ticket_id, source, satisfied, score, recorded_at)"
                    + " select id, 'CALLBACK', number % 5 <> 0, case when number % 5 <> 0 then 5 else 2 end, created_at + interval '4 days'"
                    + " from " + schema + ".ticket where number % 3 = 0");
            statement.execute("insert into " + schema + ".ticket_event (ticket_id, action, from_status, to_status, actor, occurred_at)"
                    + " select id, 'REOPEN', 'CLOSED', 'DISPATCHED', 'benchmark', created_at + interval '5 days' from " + schema + ".ticket where number % 33 = 0");
            statement.execute("analyze " + schema + ".ticket");
            statement.execute("analyze " + schema + ".ticket_feedback");
            statement.execute("analyze " + schema + ".ticket_event");
        }
        return (System.nanoTime() - started) / 1e9;
    }

    static long firms(EmbeddedDatabase database, String schema) throws SQLException {
        try (var db = database.connect(); var statement = db.createStatement();
             var rows = statement.executeQuery("select count(*) from " + schema + ".member where kind = 'FIRM'")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    /** The same ticket facts as the API reads (per estate and day, as known at the cut-off), over plain JDBC. */
    static Latencies raw(EmbeddedDatabase database, String schema, int runs) throws SQLException {
        var latencies = new Latencies();
        var query = "select estate_id, (created_at at time zone 'Asia/Shanghai')::date d, count(*),"
                + " count(*) filter (where kind = 'COMPLAINT'), count(*) filter (where resolve_due_at is not null),"
                + " count(*) filter (where resolved_at <= resolve_due_at),"
                + " count(*) filter (where exists (select 1 from " + schema + ".ticket_event e where e.ticket_id = t.id and e.action = 'REOPEN')),"
                + " count(f.satisfied), count(*) filter (where f.satisfied)"
                + " from " + schema + ".ticket t left join lateral (select satisfied from " + schema + ".ticket_feedback f where f.ticket_id = t.id"
                + " order by f.id desc limit 1) f on true"
                + " where created_at >= timestamptz '2025-01-01 00:00+08' and created_at < timestamptz '2026-01-01 00:00+08' group by 1, 2";
        try (var db = database.connect(); var statement = db.createStatement()) {
            for (int i = 0; i < runs + 2; i++) {
                var started = System.nanoTime();
                try (var rows = statement.executeQuery(query)) {
                    while (rows.next()) {
                        rows.getObject(1);
                    }
                }
                if (i >= 2) {
                    latencies.record(System.nanoTime() - started);
                }
            }
        }
        return latencies;
    }
}
