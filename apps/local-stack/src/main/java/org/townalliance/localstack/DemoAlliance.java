package org.townalliance.localstack;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import tools.jackson.databind.json.JsonMapper;

/**
 * A demo town's alliance (Dachang, Gucun), stood up the way a secretariat would: the profile, members and estates through
 * the bulk-import API from the example files in infra/examples, public-welfare services, and a
 * published public-welfare list.
 */
final class DemoAlliance {

    private static final Logger log = LoggerFactory.getLogger(DemoAlliance.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String api;
    private final DemoApi calls;

    DemoAlliance(String api, String token) {
        this.api = api;
        this.calls = new DemoApi(token);
    }

    /** The alliance's profile as the secretariat would type it, per demo town. */
    private static final java.util.Map<String, String> PROFILES = java.util.Map.of(
            "dachang", """
                    {"name":"大场镇物业服务联合体","foundedOn":"2024-10-09","hotlineNumber":"021-56000000",
                     "operationsCentreAddress":"大场镇城市运行管理中心",
                     "charter":"为提升大场镇物业服务水平，由镇内29家物业企业及专业服务机构组成物业服务联合体，提供基础物业服务、增值服务、公益服务，参与社区治理。"}""",
            "gucun", """
                    {"name":"顾村镇物业服务联盟","foundedOn":"2025-03-01","hotlineNumber":"021-56040000",
                     "operationsCentreAddress":"顾村镇城市运行管理中心",
                     "charter":"参照大场镇做法，由在顾村镇服务的物业企业和专业服务机构组成联盟，统一受理居民物业诉求。"}""");

    void seed(String town) {
        var base = api + "/api/towns/" + town;
        send("PUT", base + "/alliance", "application/json", PROFILES.get(town));
        send("POST", base + "/members/import", "text/csv", resource(town + "-members.csv"));
        send("POST", base + "/estates/import", "text/csv", resource(town + "-estates.csv"));
        var agencies = JSON.readTree(send("GET", base + "/members?kind=AGENCY", null, null));
        var provider = agencies.isEmpty() ? null : agencies.get(0).get("organisationId").asString();
        var welfare = JSON.readTree(send("GET", base + "/services?kind=PUBLIC_WELFARE", null, null));
        if (provider != null && welfare.isEmpty()) {
            for (var service : new String[]{
                    "{\"kind\":\"PUBLIC_WELFARE\",\"nameZh\":\"免费法律咨询\",\"description\":\"物业纠纷、租赁合同等法律问题现场咨询\",\"providerId\":\"%s\",\"schedule\":\"每月第一个周六 9:00-11:30\",\"eligibility\":\"本镇居民\"}",
                    "{\"kind\":\"PUBLIC_WELFARE\",\"nameZh\":\"高龄老人上门小修\",\"description\":\"水龙头、灯具、门锁等小修小补\",\"providerId\":\"%s\",\"schedule\":\"工作日预约\",\"eligibility\":\"80岁以上独居老人\"}",
                    "{\"kind\":\"PUBLIC_WELFARE\",\"nameZh\":\"空调清洗公益日\",\"description\":\"挂机空调滤网清洗\",\"providerId\":\"%s\",\"schedule\":\"每年5月\",\"eligibility\":\"低保、困难家庭\",\"listPrice\":10.00,\"unit\":\"台\"}"}) {
                send("POST", base + "/services", "application/json", service.formatted(provider));
            }
            send("POST", base + "/public-welfare-list/publish", "application/json", "{\"title\":\"" + (town.equals("dachang") ? "大场镇物业服务联合体" : "顾村镇物业服务联盟") + "公益服务清单\"}");
        }
        log.info("Demo alliance of {} seeded: members, estates, public-welfare list at {}/public/towns/{}/public-welfare-list.html",
                town, api, town);
    }

    /**
     * Dachang's secretary-general and this year's two general member meetings (the first held with its
     * minutes, the second scheduled). The rotating chair comes from the demo's past election. Once only.
     */
    void seedOffices(String town) {
        var base = api + "/api/towns/" + town;
        if (!JSON.readTree(send("GET", base + "/offices/secretary-general/terms", null, null)).isEmpty()) {
            return;
        }
        String secretary = null;
        for (var person : JSON.readTree(send("GET", base + "/people", null, null))) {
            if (("secretariat-" + town).equals(person.get("username").asString())) {
                secretary = person.get("id").asString();
            }
        }
        if (secretary == null) {
            log.warn("Demo offices of {} not seeded: the demo secretariat person is missing", town);
            return;
        }
        send("POST", base + "/offices/secretary-general/terms", "application/json",
                "{\"personId\":\"%s\",\"startsOn\":\"2024-10-09\",\"endsOn\":\"2027-10-09\"}".formatted(secretary));
        // Two general member meetings this year: the first held (with minutes), the second scheduled.
        var held = JSON.readTree(send("POST", base + "/meetings", "application/json", """
                {"kind":"GENERAL","title":"2026年第一次全体成员大会","startsAt":"2026-06-12T09:30:00+08:00","endsAt":"2026-06-12T11:30:00+08:00",
                 "location":"大场镇城市运行管理中心","agenda":["上半年工作报告","公益服务清单审议","轮值主席工作交接"]}"""));
        send("POST", base + "/meetings/" + held.get("id").asString() + "/minutes", "application/json",
                "{\"minutes\":\"一、听取秘书处上半年工作报告。二、审议通过公益服务清单。三、轮值主席工作交接。\"}");
        send("POST", base + "/meetings", "application/json", """
                {"kind":"GENERAL","title":"2026年第二次全体成员大会","startsAt":"2026-12-11T09:30:00+08:00","endsAt":"2026-12-11T11:30:00+08:00",
                 "location":"大场镇城市运行管理中心","agenda":["年度工作总结","2027年度轮值主席选举"]}""");
        log.info("Demo governance of {} seeded: secretary-general, two general meetings this year", town);
    }

    private static byte[] resource(String name) {
        try (InputStream in = DemoAlliance.class.getResourceAsStream("/examples/" + name)) {
            if (in == null) {
                throw new IllegalStateException("example file missing from the class path: " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String send(String method, String url, String contentType, Object body) {
        return calls.send(method, url, contentType, body);
    }
}
