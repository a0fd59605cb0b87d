package org.townalliance.platform;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.townalliance.testkit.TestStack;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 21: people are told. A dispatch reaches each manager of the firm once in the console inbox and once by e-mail
 * (read back from the test JVM's SMTP server), and nobody of another firm or town; an escalation reaches the secretariat
 * and the operations centre; the resident hears of the request by SMS (the local gateway); quiet hours hold back an SMS,
 * an emergency does not wait; a robot whose webhook fails is retried and dead-lettered, then sent again by the platform
 * admin. The group robot's receiver is a local stand-in for DingTalk's webhook that checks DingTalk's signature.
 */
class NotificationsTest extends HotlineTest {

    private static final Duration SOON = Duration.ofSeconds(20);

    @Test
    void aDispatchTellsEachManagerOfTheFirmOnceInTheInboxAndByEmailAndNobodyElse() {
        var town = town();
        var slug = town.slug();
        TestStack.users().user("mgr-a2-" + slug, "/towns/" + slug + "/orgs/" + FIRM_A + "/managers");
        TestStack.users().user("mgr-b-" + slug, "/towns/" + slug + "/orgs/" + FIRM_B + "/managers");
        var other = town();   // the same firm A serves another town: its managers there hear nothing of this town
        var phone = Residents.phone();
        var ticket = intake(town, null, phone);
        var id = ticket.get("id");
        var number = ticket.get("number").toString();
        act("op-" + slug, town, id, "dispatch", Map.of("organisationId", town.firmA())).expectStatus().isOk();

        for (var manager : List.of("mgr-a-" + slug, "mgr-a2-" + slug)) {
            await().atMost(SOON).untilAsserted(() -> assertThat(inbox(manager)).singleElement().satisfies(message -> {
                assertThat(message).containsEntry("kind", "TICKET_DISPATCHED").containsEntry("town", slug);
                assertThat((String) message.get("title")).contains(number);
                assertThat((String) message.get("link")).endsWith("/console/towns/" + slug + "/tickets/" + id);
            }));
            await().atMost(SOON).untilAsserted(() -> assertThat(TestStack.mail().subjectsTo(manager + "@alliance.local"))
                    .singleElement().asString().contains(number));
        }
        // The resident: received, then dispatched, each by SMS with the tracking link.
        await().atMost(SOON).untilAsserted(() -> assertThat(count("select count(*) from platform.sms_message where phone = '" + phone
                + "' and template in ('report-filed', 'report-dispatched')")).isEqualTo(2));
        assertThat(Residents.lastSms(phone, "report-dispatched")).contains(number).contains("/track/" + slug + "/" + number + "-");

        // Exactly once: another round of the loops (and a notice queued again) adds nothing.
        assertThat(count("select count(*) from platform.notification n join platform.notice o on o.id = n.notice_id"
                + " where o.town = '" + slug + "' and o.kind = 'TICKET_DISPATCHED'")).isEqualTo(2);
        assertThat(inbox("mgr-b-" + slug)).isEmpty();
        assertThat(inbox("staff-b-" + slug)).isEmpty();
        assertThat(inbox("mgr-a-" + other.slug())).isEmpty();
        assertThat(TestStack.mail().to("mgr-b-" + slug + "@alliance.local")).isEmpty();
        assertThat(TestStack.mail().to("mgr-a-" + other.slug() + "@alliance.local")).isEmpty();

        // Read: the count drops; nobody else can read someone's message, nor see it.
        var mine = (Number) inbox("mgr-a-" + slug).getFirst().get("id");
        as("mgr-a-" + slug).get().uri("/api/me/notifications/unread").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.unread").isEqualTo(1).jsonPath("$.latest.id").isEqualTo(mine.intValue());
        as("mgr-a2-" + slug).post().uri("/api/me/notifications/{id}/read", mine).exchange().expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        as("mgr-a-" + slug).post().uri("/api/me/notifications/{id}/read", mine).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.readAt").isNotEmpty();
        as("mgr-a-" + slug).get().uri("/api/me/notifications/unread").exchange().expectBody().jsonPath("$.unread").isEqualTo(0);
        as("mgr-a2-" + slug).get().uri("/api/me/notifications?unread=true").exchange().expectBody().jsonPath("$.items.length()").isEqualTo(1);
        as("mgr-a2-" + slug).post().uri("/api/me/notifications/read-all").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.marked").isEqualTo(1);
        anonymous().get().uri("/api/me/notifications").exchange().expectStatus().isUnauthorized();
        as("mgr-a-" + slug).get().uri("/api/me/notifications?limit=0").exchange().expectStatus().isBadRequest();
    }

    @Test
    void anEscalationReachesTheFirmTheSecretariatAndTheOperationsCentre() {
        var town = town();
        var slug = town.slug();
        var id = intake(town, null, "13600000021").get("id");
        act("op-" + slug, town, id, "dispatch", Map.of("organisationId", town.firmA())).expectStatus().isOk();
        act("op-" + slug, town, id, "escalate", Map.of("note", "居民第三次来电")).expectStatus().isOk();
        for (var person : List.of("sec-" + slug, "op-" + slug, "mgr-a-" + slug)) {
            await().atMost(SOON).untilAsserted(() -> assertThat(inbox(person)).anySatisfy(message -> {
                assertThat(message).containsEntry("kind", "TICKET_ESCALATED");
                assertThat((String) message.get("body")).contains("居民第三次来电");
            }));
        }
        act("mgr-a-" + slug, town, id, "reject", Map.of("note", "不是我们的小区")).expectStatus().isOk();
        await().atMost(SOON).untilAsserted(() -> assertThat(inbox("op-" + slug)).anySatisfy(message ->
                assertThat(message).containsEntry("kind", "TICKET_REJECTED")));
        assertThat(inbox("sec-" + slug)).noneSatisfy(message -> assertThat(message).containsEntry("kind", "TICKET_REJECTED"));
    }

    @Test
    void quietHoursHoldBackAnSmsButNotAnEmergencys() {
        var town = town();
        var slug = town.slug();
        var phone = Residents.phone();
        // A manager invited by mobile number (no e-mail), who wants dispatches by SMS, with quiet hours around now.
        as("sec-" + slug).post().uri("/api/towns/{t}/people", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("phone", phone, "familyName", "赵", "givenName", "经理", "role", "ORG_MANAGER", "organisation", FIRM_A))
                .exchange().expectStatus().isCreated();
        TestStack.users().setPasswordToUsername(phone);
        var now = LocalTime.now(ZoneId.of("Asia/Shanghai"));
        as(phone).put().uri("/api/me/notification-preferences").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("locale", "zh-CN", "quietFrom", now.minusHours(1).withNano(0).withSecond(0).toString(),
                        "quietUntil", now.plusHours(2).withNano(0).withSecond(0).toString(), "timeZone", "Asia/Shanghai",
                        "channels", Map.of("TICKET_DISPATCHED", List.of("IN_APP", "SMS"))))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.channels.TICKET_DISPATCHED.length()").isEqualTo(2)
                .jsonPath("$.channels.TICKET_ESCALATED.length()").isEqualTo(3);
        as(phone).put().uri("/api/me/notification-preferences").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("locale", "zh-CN", "quietFrom", "22:00", "channels", Map.of())).exchange().expectStatus().isBadRequest();
        as(phone).put().uri("/api/me/notification-preferences").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("locale", "zh-CN", "channels", Map.of("RESIDENT_RECEIVED", List.of("SMS")))).exchange().expectStatus().isBadRequest();

        var quiet = intake(town, null, "13600000022").get("id");
        act("op-" + slug, town, quiet, "dispatch", Map.of("organisationId", town.firmA())).expectStatus().isOk();
        await().atMost(SOON).untilAsserted(() -> assertThat(inbox(phone)).hasSize(1));
        assertThat(count("select count(*) from platform.notification_delivery where address = '" + phone
                + "' and channel = 'SMS' and status = 'PENDING' and deferred and next_attempt_at > now() + interval '1 hour'")).isEqualTo(1);
        assertThat(count("select count(*) from platform.sms_message where phone = '" + phone + "'")).isZero();

        // An emergency goes at once, quiet hours or not.
        var urgent = as("op-" + slug).post().uri("/api/towns/{t}/tickets", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("kind", "SERVICE_REQUEST", "channel", "PHONE", "categoryCode", "repairs", "estateId", town.estateId(),
                        "reporterName", "王阿姨", "reporterPhone", "13600000023", "description", "煤气味很重", "emergency", true))
                .exchange().expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("id");
        act("op-" + slug, town, urgent, "dispatch", Map.of("organisationId", town.firmA())).expectStatus().isOk();
        await().atMost(SOON).untilAsserted(() -> assertThat(count("select count(*) from platform.sms_message where phone = '" + phone + "'"))
                .isEqualTo(1));
    }

    @Test
    void aFailingRobotIsRetriedThenDeadAndTheAdminSendsItAgain() throws IOException {
        var town = town();
        var slug = town.slug();
        var secret = "SEC" + Long.toHexString(System.nanoTime());
        var failing = new AtomicInteger(1);
        var received = new CopyOnWriteArrayList<String>();
        var receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/robot/send", exchange -> {
            var query = exchange.getRequestURI().getRawQuery();
            var params = java.util.Arrays.stream(query.split("&")).map(p -> p.split("=", 2))
                    .collect(java.util.stream.Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            var signed = dingTalkSign(secret, params.get("timestamp")).equals(params.get("sign"));
            var answer = failing.get() == 1 ? "{\"errcode\":130101,\"errmsg\":\"send too fast\"}"
                    : signed ? "{\"errcode\":0,\"errmsg\":\"ok\"}" : "{\"errcode\":310000,\"errmsg\":\"sign not match\"}";
            if (failing.get() == 0 && signed) {
                received.add(body);
            }
            var bytes = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        receiver.start();
        try {
            var webhook = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/robot/send?access_token=t0k3n";
            // Only the firm's own managers set up its robots; another firm's manager does not even find them.
            TestStack.users().user("mgr-b-" + slug, "/towns/" + slug + "/orgs/" + FIRM_B + "/managers");
            var robot = Map.of("provider", "DINGTALK", "name", "维修群", "webhookUrl", webhook, "secret", secret,
                    "kinds", List.of("TICKET_DISPATCHED"));
            post("mgr-b-" + slug, "/api/towns/{t}/organisations/{o}/robots", slug, town.firmA(), robot).expectStatus().isNotFound();
            post("mgr-a-" + slug, "/api/towns/{t}/organisations/{o}/robots", slug, town.firmA(),
                    Map.of("provider", "DINGTALK", "name", "维修群", "webhookUrl", webhook, "kinds", List.of("TICKET_DISPATCHED")))
                    .expectStatus().isBadRequest().expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:robot-secret-required");
            post("mgr-a-" + slug, "/api/towns/{t}/organisations/{o}/robots", slug, town.firmA(),
                    Map.of("provider", "WECOM", "name", "内网", "webhookUrl", "http://10.0.0.1/hook", "kinds", List.of("TICKET_DISPATCHED")))
                    .expectStatus().isBadRequest().expectBody().jsonPath("$.type").isEqualTo("urn:town-alliance:problem:invalid-webhook");
            post("mgr-a-" + slug, "/api/towns/{t}/organisations/{o}/robots", slug, town.firmA(), robot).expectStatus().isCreated()
                    .expectBody().jsonPath("$.signed").isEqualTo(true).jsonPath("$.webhookHost").isEqualTo("127.0.0.1")
                    .jsonPath("$.secret").doesNotExist();
            assertThat(count("select count(*) from " + schema(town) + ".notification_robot where secret like '%" + secret + "%'")).isZero();

            var id = intake(town, null, "13600000024").get("id");
            act("op-" + slug, town, id, "dispatch", Map.of("organisationId", town.firmA())).expectStatus().isOk();
            // Three attempts (the tests' maximum), each refused by the robot: dead, and on the platform admin's list.
            await().atMost(SOON).untilAsserted(() -> assertThat(count("select count(*) from platform.notification_delivery where town = '"
                    + slug + "' and channel = 'ROBOT' and status = 'DEAD' and attempts = 3")).isEqualTo(1));
            var dead = (List<Map<String, Object>>) admin().get().uri("/api/platform/notifications/dead?town={t}", slug).exchange()
                    .expectStatus().isOk().expectBody(Map.class).returnResult().getResponseBody().get("items");
            assertThat(dead).singleElement().satisfies(row -> assertThat(row).containsEntry("channel", "ROBOT")
                    .containsEntry("lastError", "robot answered code 130101"));
            as("sec-" + slug).get().uri("/api/platform/notifications/dead").exchange().expectStatus().isForbidden();

            failing.set(0);
            admin().post().uri("/api/platform/notifications/dead/{id}/retry", dead.getFirst().get("id")).exchange().expectStatus().isAccepted();
            await().atMost(SOON).untilAsserted(() -> assertThat(received).singleElement().asString().contains("\"msgtype\":\"text\"")
                    .contains("工单"));
            admin().get().uri("/api/platform/notifications/figures").exchange().expectStatus().isOk()
                    .expectBody().jsonPath("$.channels[?(@.channel == 'ROBOT')].sent").exists();
        } finally {
            receiver.stop(0);
        }
    }

    @Test
    void theSecretariatWordsItsOwnMessagesWithThePlaceholdersOfTheKind() {
        var town = town();
        var slug = town.slug();
        as("sec-" + slug).put().uri("/api/towns/{t}/notification-templates/TICKET_DISPATCHED/zh-CN", slug)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "请接单：{number}", "body", "{category}，{place}；{nonsense}"))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.unknown[0]").isEqualTo("nonsense");
        as("sec-" + slug).put().uri("/api/towns/{t}/notification-templates/TICKET_DISPATCHED/zh-CN", slug)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "请接单：{number}", "body", "{category}，{place}"))
                .exchange().expectStatus().isOk();
        as("mgr-a-" + slug).put().uri("/api/towns/{t}/notification-templates/TICKET_DISPATCHED/zh-CN", slug)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("title", "x", "body", "y")).exchange().expectStatus().isForbidden();
        var ticket = intake(town, null, "13600000025");
        act("op-" + slug, town, ticket.get("id"), "dispatch", Map.of("organisationId", town.firmA())).expectStatus().isOk();
        await().atMost(SOON).untilAsserted(() -> assertThat(inbox("mgr-a-" + slug)).singleElement()
                .satisfies(message -> assertThat(message).containsEntry("title", "请接单：" + ticket.get("number"))));
        as("sec-" + slug).put().uri("/api/towns/{t}/notification-settings", slug).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("emailEnabled", true, "smsEnabled", true, "robotsEnabled", false, "smsMonthlyQuota", -1))
                .exchange().expectStatus().isBadRequest();
        admin().get().uri("/api/platform/notifications/sms-quota/{t}", slug).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.quota").isEqualTo(2000).jsonPath("$.sent").isNumber();
    }

    @Test
    void aLearnerIsToldOfTheEnrolmentAndTheDayBeforeTheSession() {
        var town = town();
        var slug = town.slug();
        var programme = post("sec-" + slug, "/api/towns/{t}/training/programmes", slug, Map.of("title", "电梯安全管理培训", "category", "CORE_CAMP",
                "description", "电梯日常管理", "hours", new java.math.BigDecimal("8"), "minAttendancePercent", 80, "certificateTitle", "结业证书"))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        var tomorrow = java.time.LocalDate.now(ZoneId.of("Asia/Shanghai")).plusDays(1).toString();
        var session = post("sec-" + slug, "/api/towns/{t}/training/programmes/{p}/sessions", slug, programme.get("id"), Map.of("name", "第1期",
                "startsOn", tomorrow, "endsOn", tomorrow, "venue", "大场镇社区学校", "trainer", "镇房管办", "capacity", 10))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody();
        post("mgr-a-" + slug, "/api/towns/{t}/training/sessions/{s}/enrolments", slug, session.get("id"), Map.of()).expectStatus().isCreated();
        await().atMost(SOON).untilAsserted(() -> assertThat(inbox("mgr-a-" + slug)).extracting(m -> m.get("kind"))
                .containsExactlyInAnyOrder("TRAINING_ENROLLED", "TRAINING_SESSION_TOMORROW"));
        assertThat(inbox("mgr-a-" + slug)).allSatisfy(m -> assertThat((String) m.get("body")).contains("大场镇社区学校"));
    }

    private List<Map<String, Object>> inbox(String user) {
        var page = as(user).get().uri("/api/me/notifications").exchange().expectStatus().isOk()
                .expectBody(Map.class).returnResult().getResponseBody();
        return (List<Map<String, Object>>) page.get("items");
    }

    /** DingTalk's signature as its documentation gives it, computed here independently of the platform's code. */
    private static String dingTalkSign(String secret, String timestamp) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal((timestamp + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
