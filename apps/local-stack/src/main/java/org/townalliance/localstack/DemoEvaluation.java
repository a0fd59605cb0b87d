package org.townalliance.localstack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Dachang's evaluation: inspection scores for three firms and the current quarter computed from the demo
 * month's tickets (a draft the secretariat can explain, export and publish). Once only.
 */
final class DemoEvaluation {

    private static final Logger log = LoggerFactory.getLogger(DemoEvaluation.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final DemoApi secretariat;

    DemoEvaluation(String api, String town, String token) {
        this.base = api + "/api/towns/" + town;
        this.secretariat = new DemoApi(token);
    }

    void seed() {
        if (!JSON.readTree(secretariat.send("GET", base + "/evaluation/runs", null, null)).isEmpty()) {
            return;
        }
        var today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        var quarter = today.getYear() + "-Q" + ((today.getMonthValue() - 1) / 3 + 1);
        var scores = new String[]{"92", "85", "78"};
        var firms = 0;
        for (var member : JSON.readTree(secretariat.send("GET", base + "/members", null, null))) {
            if (firms < scores.length && "FIRM".equals(member.path("kind").asString(""))) {
                secretariat.json("POST", base + "/evaluation/inspections", """
                        {"organisationId":"%s","inspectedOn":"%s","score":%s,"inspector":"镇房管办检查组","note":"季度物业服务检查"}"""
                        .formatted(member.get("organisationId").asString(), today.minusDays(10), scores[firms]));
                firms++;
            }
        }
        secretariat.json("POST", base + "/evaluation/runs", "{\"period\":\"" + quarter + "\"}");
        log.info("Demo evaluation of {} computed (draft) from the demo month's tickets and {} inspections", quarter, firms);
    }
}
