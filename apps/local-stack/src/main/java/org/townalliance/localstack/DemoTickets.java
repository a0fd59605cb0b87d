package org.townalliance.localstack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * A realistic past month of hotline tickets for the demo town, so the board, the overdue list and the
 * statistics have something to show from the first minute. The API stamps tickets with the current
 * time, so a history with past dates is written straight into the town's schema here, once (skipped when
 * the town has tickets). Development data only: seeded from a fixed seed, so every run shows the same month.
 */
final class DemoTickets {

    private static final Logger log = LoggerFactory.getLogger(DemoTickets.class);

    private record Estate(UUID id, String name, String address, UUID firm) {
    }

    private record Event(UUID ticket, String action, String from, String to, UUID organisation, String note, String actor, Instant at) {
    }

    /** Category, weight, and what residents say about it. */
    private record Category(String code, int weight, String[] descriptions) {
    }

    private static final List<Category> CATEGORIES = List.of(
            new Category("repairs-water", 14, new String[]{"楼上漏水到我家卫生间", "水管爆裂，楼道积水", "厨房下水管渗水"}),
            new Category("repairs-elevator", 9, new String[]{"电梯不动了", "电梯门关不上", "电梯异响，老人不敢坐"}),
            new Category("repairs-lighting", 7, new String[]{"楼道灯坏了一个礼拜", "小区路灯不亮"}),
            new Category("repairs-drainage", 6, new String[]{"窨井盖冒水", "下水道堵了，有异味"}),
            new Category("repairs-door", 5, new String[]{"单元门禁坏了，门关不上", "门禁卡刷不开"}),
            new Category("cleaning-refuse", 10, new String[]{"垃圾箱房满了没人清", "湿垃圾破袋不到位，有异味", "楼道堆放杂物"}),
            new Category("parking", 9, new String[]{"外来车辆占用消防通道", "地面车位被长期占用", "车辆乱停堵住出口"}),
            new Category("parking-ev", 5, new String[]{"电动车在楼道充电", "充电桩坏了"}),
            new Category("noise", 8, new String[]{"楼上装修噪音太大", "夜里广场舞音响太响", "空调外机噪音"}),
            new Category("greening", 5, new String[]{"树枝挡住窗户", "绿化带里有蚊虫，要求消杀"}),
            new Category("fees", 6, new String[]{"物业费收费标准有疑问", "停车费发票开不出来"}),
            new Category("security-fire", 4, new String[]{"消防通道被杂物堵住", "灭火器过期"}),
            new Category("group-rental", 3, new String[]{"隔壁群租，人员进出频繁"}),
            new Category("illegal-construction", 3, new String[]{"一楼住户违章搭建阳光房"}),
            new Category("renovation", 4, new String[]{"装修垃圾堆在楼下", "装修时间不符合规定"}),
            new Category("other", 2, new String[]{"建议增加小区健身器材", "希望物业公布维修资金使用情况"}));

    private static final String[] SURNAMES = {"王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "朱", "沈", "陆"};
    private static final String[] TITLES = {"阿姨", "先生", "女士", "老伯", "师傅"};
    /** Calls per hour of day (0-23), as a hotline sees them: a morning and an evening peak, a quiet night. */
    private static final int[] HOURLY = {1, 1, 0, 0, 0, 1, 3, 7, 10, 9, 8, 6, 4, 5, 6, 6, 6, 6, 8, 9, 8, 5, 3, 2};

    private final Random random = new Random(20261128);

    void seed(Connection db, String town, ZoneId zone, int days) throws SQLException {
        var schema = "town_" + town.replace('-', '_');
        try (var st = db.createStatement(); var rs = st.executeQuery("select count(*) from " + schema + ".ticket")) {
            rs.next();
            if (rs.getLong(1) > 0) {
                return;
            }
        }
        var estates = estates(db, schema);
        if (estates.isEmpty()) {
            return;
        }
        var now = Instant.now();
        var tickets = new ArrayList<Object[]>();
        var events = new ArrayList<Event>();
        var feedback = new ArrayList<Object[]>();
        var timers = new ArrayList<Object[]>();
        var today = LocalDate.now(zone);
        var caseNumber = 0;
        for (var day = today.minusDays(days); !day.isAfter(today); day = day.plusDays(1)) {
            var weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
            var count = weekend ? 10 + random.nextInt(6) : 18 + random.nextInt(9);
            for (int i = 0; i < count; i++) {
                var created = day.atStartOfDay(zone).plusHours(hour()).plusMinutes(random.nextInt(60)).plusSeconds(random.nextInt(60)).toInstant();
                if (created.isAfter(now)) {
                    continue;
                }
                var city = random.nextInt(100) < 20;
                tickets.add(ticket(created, now, estates.get(random.nextInt(estates.size())), city ? "SH12345-" + day.toString().replace("-", "")
                        + "-" + String.format("%04d", ++caseNumber) : null, events, feedback, timers, town));
            }
        }
        tickets.sort(Comparator.comparing(t -> (Timestamp) t[16]));
        insert(db, schema, tickets, events, feedback, timers);
        log.info("Demo hotline history of {}: {} tickets over {} days, {} events", town, tickets.size(), days + 1, events.size());
    }

    private int hour() {
        var pick = random.nextInt(java.util.Arrays.stream(HOURLY).sum());
        for (int h = 0; h < 24; h++) {
            pick -= HOURLY[h];
            if (pick < 0) {
                return h;
            }
        }
        return 12;
    }

    private Category category() {
        var pick = random.nextInt(CATEGORIES.stream().mapToInt(Category::weight).sum());
        for (var category : CATEGORIES) {
            pick -= category.weight();
            if (pick < 0) {
                return category;
            }
        }
        return CATEGORIES.getLast();
    }

    /** One ticket and its life so far; answers the ticket row's values, adds its events. */
    private Object[] ticket(Instant created, Instant now, Estate estate, String cityCase, List<Event> events, List<Object[]> feedback,
                            List<Object[]> timers, String town) {
        var id = UUID.randomUUID();
        var category = category();
        var roll = random.nextInt(100);
        var kind = roll < 75 ? "SERVICE_REQUEST" : roll < 95 ? "COMPLAINT" : "SUGGESTION";
        var priority = category.code().equals("repairs-elevator") && random.nextInt(4) == 0 ? "URGENT"
                : random.nextInt(10) == 0 ? "HIGH" : random.nextInt(20) == 0 ? "LOW" : "NORMAL";
        var channel = cityCase != null ? "CITY_HOTLINE" : new String[]{"PHONE", "PHONE", "PHONE", "PHONE", "WECHAT", "WECHAT", "WEB", "WALK_IN"}[random.nextInt(8)];
        var acceptMinutes = priority.equals("URGENT") ? 10 : priority.equals("HIGH") ? 20 : kind.equals("SUGGESTION") ? 480 : 30;
        var resolveMinutes = priority.equals("URGENT") ? 120 : priority.equals("HIGH") ? 480 : kind.equals("COMPLAINT") ? 2880
                : kind.equals("SUGGESTION") ? 7200 : category.code().equals("repairs-elevator") ? 240 : 1440;
        var resolveDue = created.plus(Duration.ofMinutes(resolveMinutes));
        var operator = "hotline-" + town;
        var description = category.descriptions()[random.nextInt(category.descriptions().length)];
        events.add(new Event(id, "RECEIVE", null, "RECEIVED", null, null, operator, created));
        String status = "RECEIVED";
        UUID assigned = null;
        Instant dispatched = null, acceptDue = null, acceptBreached = null, resolveBreached = null, resolved = null, closed = null, cancel = null;
        var at = created.plus(Duration.ofMinutes(1 + random.nextInt(20)));
        var lateAccept = random.nextInt(100) < 8;
        var lateResolve = random.nextInt(100) < 12;
        if (random.nextInt(100) < 4 && at.isBefore(now)) {
            status = "CANCELLED";
            cancel = at;
            events.add(new Event(id, "CANCEL", "RECEIVED", "CANCELLED", null, "重复来电 / repeated call", operator, at));
        } else if (at.isBefore(now)) {
            status = "DISPATCHED";
            assigned = estate.firm();
            dispatched = at;
            acceptDue = at.plus(Duration.ofMinutes(acceptMinutes));
            events.add(new Event(id, "DISPATCH", "RECEIVED", "DISPATCHED", assigned, null, operator, at));
            var accepted = lateAccept ? acceptDue.plus(Duration.ofMinutes(5 + random.nextInt(40))) : at.plus(Duration.ofMinutes(2 + random.nextInt(acceptMinutes - 1)));
            if (lateAccept && acceptDue.isBefore(now)) {
                acceptBreached = acceptDue;
                events.add(new Event(id, "ESCALATE", "DISPATCHED", "DISPATCHED", assigned, "超时未接单 / not accepted in time", "deadline-timer", acceptDue));
            }
            if (accepted.isBefore(now)) {
                status = "IN_PROGRESS";
                events.add(new Event(id, "ACCEPT", "DISPATCHED", "ACCEPTED", assigned, null, "staff", accepted));
                events.add(new Event(id, "START", "ACCEPTED", "IN_PROGRESS", assigned, null, "staff", accepted.plus(Duration.ofMinutes(3))));
                var span = Duration.between(created, resolveDue).toMinutes();
                // A quarter of the late ones are still open: the overdue list has something to show.
                var stuck = lateResolve && random.nextInt(4) == 0;
                var done = stuck ? now.plus(Duration.ofDays(1)) : lateResolve ? resolveDue.plus(Duration.ofMinutes(30 + random.nextInt(600)))
                        : accepted.plus(Duration.ofMinutes(10 + random.nextLong(Math.max(20, span - Duration.between(created, accepted).toMinutes() - 5))));
                if (lateResolve && resolveDue.isBefore(now)) {
                    resolveBreached = resolveDue;
                    events.add(new Event(id, "ESCALATE", "IN_PROGRESS", "IN_PROGRESS", assigned, "超时未办结 / not resolved in time", "deadline-timer", resolveDue));
                }
                if (done.isBefore(now)) {
                    status = "RESOLVED";
                    resolved = done;
                    events.add(new Event(id, "RESOLVE", "IN_PROGRESS", "RESOLVED", assigned, "已处理完毕", "staff", done));
                    var callback = done.plus(Duration.ofHours(2 + random.nextInt(30)));
                    if (callback.isBefore(now) && random.nextInt(100) < 75) {
                        var satisfied = random.nextInt(100) < (lateResolve ? 70 : 93);
                        var score = satisfied ? 4 + random.nextInt(2) : 1 + random.nextInt(2);
                        feedback.add(new Object[]{id, satisfied, score, satisfied ? "满意" : "问题没有彻底解决", operator, Timestamp.from(callback)});
                        if (satisfied) {
                            status = "CLOSED";
                            closed = callback;
                            events.add(new Event(id, "CLOSE", "RESOLVED", "CLOSED", assigned, "回访满意 / resident satisfied", operator, callback));
                        }
                    }
                }
            }
        }
        if (List.of("RECEIVED", "DISPATCHED", "IN_PROGRESS").contains(status) && resolveBreached == null && resolveDue.isAfter(now)) {
            timers.add(new Object[]{town, id, "RESOLVE_DUE", Timestamp.from(resolveDue), Timestamp.from(resolveDue)});
        }
        var last = events.stream().filter(e -> e.ticket().equals(id)).map(Event::at).max(Comparator.naturalOrder()).orElse(created);
        return new Object[]{id, kind, channel, category.code(), estate.id(), estate.address(),
                SURNAMES[random.nextInt(SURNAMES.length)] + TITLES[random.nextInt(TITLES.length)],
                "13" + (100_000_000 + random.nextInt(900_000_000)), description, priority, status, assigned, estate.firm(),
                cityCase, cityCase == null ? null : "12345:" + cityCase, cancel == null ? null : "INVALID",
                Timestamp.from(created), Timestamp.from(last), operator, ts(dispatched), ts(acceptDue), Timestamp.from(resolveDue),
                ts(acceptBreached), ts(resolveBreached), ts(resolved), ts(closed)};
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static List<Estate> estates(Connection db, String schema) throws SQLException {
        var estates = new ArrayList<Estate>();
        try (var st = db.createStatement(); var rs = st.executeQuery("select e.id, e.name, e.address, m.organisation_id from " + schema
                + ".estate e join " + schema + ".estate_management m on m.estate_id = e.id and m.to_date is null order by e.name")) {
            while (rs.next()) {
                estates.add(new Estate(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getObject(4, UUID.class)));
            }
        }
        return estates;
    }

    private static void insert(Connection db, String schema, List<Object[]> tickets, List<Event> events, List<Object[]> feedback,
                               List<Object[]> timers) throws SQLException {
        db.setAutoCommit(false);
        batch(db, "insert into " + schema + ".ticket (id, kind, channel, category_code, estate_id, address, reporter_name, reporter_phone,"
                + " description, priority, status, assigned_organisation_id, suggested_organisation_id, city_case_id, idempotency_key,"
                + " cancel_reason, created_at, updated_at, created_by, dispatched_at, accept_due_at, resolve_due_at, accept_breached_at,"
                + " resolve_breached_at, resolved_at, closed_at) values (" + "?,".repeat(25) + "?)", tickets);
        batch(db, "insert into " + schema + ".ticket_event (ticket_id, action, from_status, to_status, organisation_id, note, actor, occurred_at)"
                + " values (?,?,?,?,?,?,?,?)", events.stream().sorted(Comparator.comparing(Event::at))
                .map(e -> new Object[]{e.ticket(), e.action(), e.from(), e.to(), e.organisation(), e.note(), e.actor(), Timestamp.from(e.at())}).toList());
        batch(db, "insert into " + schema + ".ticket_feedback (ticket_id, source, satisfied, score, comment, recorded_by, recorded_at)"
                + " values (?, 'CALLBACK', ?, ?, ?, ?, ?)", feedback);
        batch(db, "insert into platform.hotline_timer (town, ticket_id, kind, due_at, deadline_at) values (?,?,?,?,?)", timers);
        db.commit();
    }

    private static void batch(Connection db, String sql, List<Object[]> rows) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            for (var row : rows) {
                for (int i = 0; i < row.length; i++) {
                    statement.setObject(i + 1, row[i]);
                }
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }
}
