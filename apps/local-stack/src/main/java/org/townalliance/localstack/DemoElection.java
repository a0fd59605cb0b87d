package org.townalliance.localstack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Dachang's past election, run through the API as the people involved would: the 2025 second general
 * meeting elects the 2026 rotating chair. The secretariat records the paper recommendations (each firm
 * recommends its own head, the other seconds), the candidates' acceptance and the check-in of 20 members;
 * three firm heads vote (secret ballot); the count elects the head of 上海大场物业 (2 to 1), whose term
 * runs through 2026 and ends within weeks of the demo's date, so the console's reminder shows. Once only.
 */
final class DemoElection {

    private static final Logger log = LoggerFactory.getLogger(DemoElection.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Demo firm heads (user name → the firm's credit code) and whom each votes for. */
    static final Map<String, String> HEADS = Map.of(
            "manager-multi", "91310113UYQ0DEJ014",
            "manager-changzhong", "913101136QXDJNKATP",
            "manager-qianxi", "91310113CDDF204G23");

    private final String base;
    private final DemoApi secretariat;
    private final Function<String, String> tokens;

    DemoElection(String api, String town, Function<String, String> tokens) {
        this.base = api + "/api/towns/" + town;
        this.secretariat = new DemoApi(tokens.apply("secretariat-" + town));
        this.tokens = tokens;
    }

    void seed() {
        // Once only; a demo database from before elections existed already has its chair recorded directly.
        if (!JSON.readTree(secretariat.send("GET", base + "/elections", null, null)).isEmpty()
                || !JSON.readTree(secretariat.send("GET", base + "/offices/rotating-chair/terms", null, null)).isEmpty()) {
            return;
        }
        var people = new HashMap<String, String>();
        JSON.readTree(secretariat.send("GET", base + "/people", null, null))
                .forEach(p -> people.put(p.get("username").asString(), p.get("id").asString()));
        var firms = new HashMap<String, String>();
        var members = JSON.readTree(secretariat.send("GET", base + "/members", null, null));
        members.forEach(m -> firms.put(m.get("uscc").asString(), m.get("organisationId").asString()));
        if (!people.keySet().containsAll(HEADS.keySet()) || !firms.keySet().containsAll(HEADS.values())) {
            log.warn("Demo election not seeded: demo firm heads or firms missing");
            return;
        }
        var multi = firms.get(HEADS.get("manager-multi"));
        var changzhong = firms.get(HEADS.get("manager-changzhong"));
        var meeting = JSON.readTree(secretariat.json("POST", base + "/meetings", """
                {"kind":"GENERAL","title":"2025年第二次全体成员大会","startsAt":"2025-12-12T09:30:00+08:00","endsAt":"2025-12-12T11:30:00+08:00",
                 "location":"大场镇城市运行管理中心","agenda":["2025年度工作总结","2026年度轮值主席选举"]}""")).get("id").asString();
        var election = JSON.readTree(secretariat.json("POST", base + "/elections", """
                {"officeCode":"rotating-chair","title":"2026年度轮值主席选举","nominationsCloseOn":"2025-12-05","meetingId":"%s",
                 "termStartsOn":"2026-01-01"}""".formatted(meeting))).get("id").asString();
        var elections = base + "/elections/" + election;
        var candidateMulti = candidate(elections, people.get("manager-multi"), multi, "以热线工单按时办结率 98% 的服务为联盟作表率");
        var candidateChangzhong = candidate(elections, people.get("manager-changzhong"), changzhong, "推动电梯维保联合采购");
        secretariat.json("POST", elections + "/candidates/" + candidateMulti + "/second", "{\"byOrganisationId\":\"%s\"}".formatted(changzhong));
        secretariat.json("POST", elections + "/candidates/" + candidateChangzhong + "/second", "{\"byOrganisationId\":\"%s\"}".formatted(multi));
        for (var candidate : List.of(candidateMulti, candidateChangzhong)) {
            secretariat.json("POST", elections + "/candidates/" + candidate + "/accept", "{}");
        }
        var present = 0;
        for (JsonNode member : members) {
            var firm = member.get("organisationId").asString();
            if (present < 20 || HEADS.containsValue(member.get("uscc").asString())) {
                secretariat.json("POST", base + "/meetings/" + meeting + "/check-in",
                        "{\"organisationId\":\"%s\",\"name\":\"%s\"}".formatted(firm, member.path("contactName").isString() ? member.get("contactName").asString() : "代表"));
                present++;
            }
        }
        secretariat.json("POST", elections + "/ballot/open", "{}");
        vote(elections, "manager-multi", multi, candidateMulti);
        vote(elections, "manager-qianxi", firms.get(HEADS.get("manager-qianxi")), candidateMulti);
        vote(elections, "manager-changzhong", changzhong, candidateChangzhong);
        secretariat.json("POST", elections + "/ballot/close", "{}");
        secretariat.json("POST", base + "/meetings/" + meeting + "/resolutions",
                "{\"text\":\"审议通过2025年度工作总结\",\"votesFor\":%d,\"votesAgainst\":0,\"abstentions\":0}".formatted(present));
        secretariat.json("POST", base + "/meetings/" + meeting + "/minutes", """
                {"minutes":"一、审议通过秘书处2025年度工作总结。二、选举2026年度轮值主席：到会成员单位%d家，无记名投票，上海大场物业管理有限公司负责人以2票对1票当选，任期自2026年1月1日起一年。"}"""
                .formatted(present));
        log.info("Demo past election seeded: 2026 rotating chair elected at the 2025 second general meeting");
    }

    private String candidate(String elections, String personId, String firm, String statement) {
        var election = JSON.readTree(secretariat.json("POST", elections + "/candidates",
                "{\"personId\":\"%s\",\"organisationId\":\"%s\",\"byOrganisationId\":\"%s\",\"statement\":\"%s\"}".formatted(personId, firm, firm, statement)));
        for (var candidate : election.get("candidates")) {
            if (personId.equals(candidate.get("personId").asString())) {
                return candidate.get("id").asString();
            }
        }
        throw new IllegalStateException("demo candidate not recorded");
    }

    private void vote(String elections, String head, String firm, String candidate) {
        new DemoApi(tokens.apply(head)).json("POST", elections + "/votes", "{\"organisationId\":\"%s\",\"candidateId\":\"%s\"}".formatted(firm, candidate));
    }
}
