package org.townalliance.sms;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.townalliance.web.ProblemException;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Aliyun SMS gateway through Aliyun's own SDK, against a local HTTP server standing in for Aliyun's endpoint: a real
 * SMS provider cannot run here. What is checked is what the SDK puts on the wire (the SendSms action, the template code,
 * signature name, phone and parameters, a request signature) and how the gateway takes Aliyun's answers; whether Aliyun
 * accepts the signature is not checked here.
 */
class AliyunSmsGatewayTest {

    private HttpServer aliyun;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicReference<String> answer = new AtomicReference<>();

    @BeforeEach
    void standIn() throws IOException {
        aliyun = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        aliyun.createContext("/", exchange -> {
            var body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(URLDecoder.decode(exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery(),
                    StandardCharsets.UTF_8) + "&" + URLDecoder.decode(body, StandardCharsets.UTF_8)
                    + "&action=" + exchange.getRequestHeaders().getFirst("x-acs-action")
                    + "&authorization=" + exchange.getRequestHeaders().getFirst("Authorization"));
            var bytes = answer.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
            exchange.sendResponseHeaders(200, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        aliyun.start();
    }

    @AfterEach
    void stop() {
        aliyun.stop(0);
    }

    private AliyunSmsGateway gateway() {
        var properties = new SmsProperties("aliyun", "大场镇物业联盟",
                new SmsProperties.Templates("SMS_0000001", "SMS_0000002"),
                new SmsProperties.Aliyun("LTAI-test-key", "test-secret", "127.0.0.1:" + aliyun.getAddress().getPort(), "HTTP"), null);
        return new AliyunSmsGateway(properties, JsonMapper.builder().build());
    }

    @Test
    void aCodeGoesAsItsApprovedTemplateWithItsParameters() {
        answer.set("{\"Code\":\"OK\",\"Message\":\"OK\",\"BizId\":\"9006197469364984400\",\"RequestId\":\"F655A8D5-B967-440B-8683-DAD6FF8DE990\"}");
        gateway().send(new SmsGateway.Message("dachang", "13912345678", SmsGateway.Templates.VERIFICATION_CODE,
                "【大场镇】您的验证码是 123456", Map.of("code", "123456"))).block();
        assertThat(requests).singleElement().satisfies(request -> assertThat(request)
                .contains("action=SendSms").contains("PhoneNumbers=13912345678").contains("TemplateCode=SMS_0000001")
                .contains("SignName=大场镇物业联盟").contains("TemplateParam={\"code\":\"123456\"}")
                // Signed with Aliyun's V3 scheme, by the key given.
                .contains("authorization=ACS3-HMAC-SHA256 Credential=LTAI-test-key"));
    }

    @Test
    void aRefusalIsASendingFailureNotASilentLoss() {
        answer.set("{\"Code\":\"isv.BUSINESS_LIMIT_CONTROL\",\"Message\":\"触发分钟级流控\",\"RequestId\":\"x\"}");
        assertThatThrownBy(() -> gateway().send(new SmsGateway.Message("dachang", "13912345678", SmsGateway.Templates.REPORT_FILED, "…",
                Map.of("number", "7", "link", "https://alliance.example/track/dachang/7-abc"))).block())
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.code()).isEqualTo("sms-not-sent"));
        aliyun.stop(0);
        assertThatThrownBy(() -> gateway().send(new SmsGateway.Message("dachang", "13912345678", SmsGateway.Templates.VERIFICATION_CODE, "…",
                Map.of("code", "1"))).block())
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.code()).isEqualTo("sms-not-sent"));
    }

    @Test
    void withoutItsTemplatesOrCredentialsThePlatformDoesNotStart() {
        assertThatThrownBy(() -> new AliyunSmsGateway(new SmsProperties("aliyun", "签名", new SmsProperties.Templates("SMS_1", null),
                new SmsProperties.Aliyun("k", "s", null, null), null), JsonMapper.builder().build())).hasMessageContaining("report-filed");
        assertThatThrownBy(() -> new AliyunSmsGateway(new SmsProperties("aliyun", "签名", null, null, null), JsonMapper.builder().build()))
                .hasMessageContaining("access-key-id");
        assertThatThrownBy(() -> new AliyunSmsGateway(new SmsProperties("aliyun", "", null, new SmsProperties.Aliyun("k", "s", null, null), null),
                JsonMapper.builder().build())).hasMessageContaining("sign-name");
    }
}
