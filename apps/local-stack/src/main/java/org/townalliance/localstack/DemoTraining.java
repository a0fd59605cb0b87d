package org.townalliance.localstack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.function.Function;

/**
 * Dachang's training: the property manager core training camp with a completed session (manager-multi and
 * staff-dachang completed and hold certificates; manager-changzhong missed a day and did not complete), and a
 * policy training session open for enrolment. Once only.
 */
final class DemoTraining {

    private static final Logger log = LoggerFactory.getLogger(DemoTraining.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final Function<String, String> tokens;

    DemoTraining(String api, String town, Function<String, String> tokens) {
        this.base = api + "/api/towns/" + town;
        this.tokens = tokens;
    }

    void seed() {
        var secretariat = new DemoApi(tokens.apply("secretariat-dachang"));
        if (!JSON.readTree(secretariat.send("GET", base + "/training/programmes", null, null)).isEmpty()) {
            return;
        }
        var today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        var camp = id(secretariat.json("POST", base + "/training/programmes", """
                {"title":"物业项目经理核心训练营","category":"CORE_CAMP","description":"项目经理的法规、服务标准、应急处置与业主沟通",
                 "hours":24,"minAttendancePercent":80,"passMark":60,"certificateTitle":"结业证书"}"""));
        var first = today.minusDays(16);
        var session = JSON.readTree(secretariat.json("POST", base + "/training/programmes/" + camp + "/sessions", """
                {"name":"%d年第1期","startsOn":"%s","endsOn":"%s","venue":"大场镇社区党群服务中心","trainer":"镇房管办、区物业行业协会","capacity":40}"""
                .formatted(first.getYear(), first, first.plusDays(2))));
        var sessionId = session.get("id").asString();
        var multi = new DemoApi(tokens.apply("manager-multi"));
        multi.json("POST", base + "/training/sessions/" + sessionId + "/enrolments", "{}");
        var staff = personId(secretariat, "staff-dachang");
        multi.json("POST", base + "/training/sessions/" + sessionId + "/enrolments", "{\"personId\":\"" + staff + "\"}");
        new DemoApi(tokens.apply("manager-changzhong")).json("POST", base + "/training/sessions/" + sessionId + "/enrolments", "{}");

        var changzhong = personId(secretariat, "manager-changzhong");
        var view = JSON.readTree(secretariat.send("GET", base + "/training/sessions/" + sessionId, null, null));
        var marks = new ArrayList<String>();
        var scores = new ArrayList<String>();
        for (var enrolment : view.get("enrolments")) {
            var id = enrolment.get("id").asString();
            var absentOnDay = changzhong.equals(enrolment.get("personId").asString()) ? 1 : -1;
            var day = 0;
            for (var date : view.get("days")) {
                marks.add("{\"enrolmentId\":\"%s\",\"day\":\"%s\",\"present\":%s}".formatted(id, date.asString(), day++ != absentOnDay));
            }
            scores.add("{\"enrolmentId\":\"%s\",\"score\":%d}".formatted(id, 70 + marks.size() % 20));
        }
        secretariat.json("PUT", base + "/training/sessions/" + sessionId + "/register",
                "{\"attendance\":[" + String.join(",", marks) + "],\"scores\":[" + String.join(",", scores) + "]}");
        var results = JSON.readTree(secretariat.json("POST", base + "/training/sessions/" + sessionId + "/completion", "{}"));

        var policy = id(secretariat.json("POST", base + "/training/programmes", """
                {"title":"物业管理政策法规培训","category":"POLICY","description":"《上海市住宅物业管理规定》要点与近期政策",
                 "hours":4,"minAttendancePercent":100,"certificateTitle":"培训合格证明"}"""));
        var upcoming = today.plusDays(12);
        var open = id(secretariat.json("POST", base + "/training/programmes/" + policy + "/sessions", """
                {"name":"%d年%d月","startsOn":"%s","endsOn":"%s","venue":"大场镇社区学校","trainer":"区房管局","capacity":60}"""
                .formatted(upcoming.getYear(), upcoming.getMonthValue(), upcoming, upcoming)));
        multi.json("POST", base + "/training/sessions/" + open + "/enrolments", "{}");
        log.info("Demo training: a core training camp session completed ({} certificates), a policy session open for enrolment",
                results.valueStream().filter(r -> r.path("completed").asBoolean(false)).count());
    }

    private static String id(String json) {
        return JSON.readTree(json).get("id").asString();
    }

    private String personId(DemoApi secretariat, String username) {
        for (JsonNode person : JSON.readTree(secretariat.send("GET", base + "/people", null, null))) {
            if (username.equals(person.path("username").asString(""))) {
                return person.get("id").asString();
            }
        }
        throw new IllegalStateException("demo person " + username + " not in the town");
    }
}
