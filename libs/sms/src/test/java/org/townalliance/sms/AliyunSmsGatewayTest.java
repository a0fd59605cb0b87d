package org.townalliance.sms;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.townalliance.web.ProblemException;
import tools.jackson.databind.json.JsonMapper;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Aliyun SMS gateway through Aliyun's own SDK, against a local HTTP server standing in for Aliyun's endpoint: a real
 * SMS provider cannot run here. What is checked is what the SDK puts on the wire (the SendSms action, the template code,
 * signature name, phone and parameters, a request signature) and how the gateway takes Aliyun's answers; whether Aliyun
 * accepts the signature is not checked here.
 */
class AliyunSmsGatewayTest {

    private ProviderStandIn aliyun;

    @BeforeEach
    void standIn() {
        aliyun = new ProviderStandIn(exchange -> {
            var query = exchange.getRequestURI().getRawQuery();
            return URLDecoder.decode(query == null ? "" : query, StandardCharsets.UTF_8) + "&"
                    + URLDecoder.decode(ProviderStandIn.body(exchange), StandardCharsets.UTF_8)
                    + "&action=" + exchange.getRequestHeaders().getFirst("x-acs-action")
                    + "&authorization=" + exchange.getRequestHeaders().getFirst("Authorization");
        });
    }

    @AfterEach
    void stop() {
        aliyun.close();
    }

    private AliyunSmsGateway gateway() {
        var properties = new SmsProperties("aliyun", "大场镇物业联盟",
                new SmsProperties.Templates("SMS_0000001", "SMS_0000002"),
                new SmsProperties.Aliyun("LTAI-test-key", "test-secret", aliyun.address(), "HTTP"), null);
        return new AliyunSmsGateway(properties, JsonMapper.builder().build());
    }

    @Test
    void aCodeGoesAsItsApprovedTemplateWithItsParameters() {
        aliyun.answer("{\"Code\":\"OK\",\"Message\":\"OK\",\"BizId\":\"9006197469364984400\",\"RequestId\":\"F655A8D5-B967-440B-8683-DAD6FF8DE990\"}");
        gateway().send(new SmsGateway.Message("dachang", "13912345678", SmsGateway.Templates.VERIFICATION_CODE,
                "【大场镇】您的验证码是 123456", Map.of("code", "123456"))).block();
        assertThat(aliyun.requests).singleElement().satisfies(request -> assertThat(request)
                .contains("action=SendSms").contains("PhoneNumbers=13912345678").contains("TemplateCode=SMS_0000001")
                .contains("SignName=大场镇物业联盟").contains("TemplateParam={\"code\":\"123456\"}")
                // Signed with Aliyun's V3 scheme, by the key given.
                .contains("authorization=ACS3-HMAC-SHA256 Credential=LTAI-test-key"));
    }

    @Test
    void aRefusalIsASendingFailureNotASilentLoss() {
        aliyun.answer("{\"Code\":\"isv.BUSINESS_LIMIT_CONTROL\",\"Message\":\"触发分钟级流控\",\"RequestId\":\"x\"}");
        assertThatThrownBy(() -> gateway().send(new SmsGateway.Message("dachang", "13912345678", SmsGateway.Templates.REPORT_FILED, "…",
                Map.of("number", "7", "link", "https://alliance.example/track/dachang/7-abc"))).block())
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.code()).isEqualTo("sms-not-sent"));
        aliyun.close();
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
