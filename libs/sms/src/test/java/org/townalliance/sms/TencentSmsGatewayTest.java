package org.townalliance.sms;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.townalliance.web.ProblemException;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Tencent Cloud SMS gateway through Tencent's own SDK, against a local HTTP server standing in for Tencent's endpoint:
 * a real SMS provider cannot run here. What is checked is what the SDK sends (the SendSms action, the application, the
 * signature, the template and its parameters in order, a TC3 signature) and how the gateway takes Tencent's answers.
 */
class TencentSmsGatewayTest {

    private ProviderStandIn tencent;

    @BeforeEach
    void standIn() {
        tencent = new ProviderStandIn(exchange -> ProviderStandIn.body(exchange)
                + " action=" + exchange.getRequestHeaders().getFirst("X-TC-Action")
                + " authorization=" + exchange.getRequestHeaders().getFirst("Authorization"));
    }

    @AfterEach
    void stop() {
        tencent.close();
    }

    private TencentSmsGateway gateway() {
        return new TencentSmsGateway(new SmsProperties("tencent", "大场镇物业联盟", new SmsProperties.Templates("1110001", "1110002"), null,
                new SmsProperties.Tencent("AKIDtest", "secret", "1400006666", null, tencent.address(), "http://")));
    }

    @Test
    void aTrackingLinkGoesAsItsTemplateWithItsParametersInOrder() {
        tencent.answer("{\"Response\":{\"SendStatusSet\":[{\"SerialNo\":\"5000:1045710669157053657849499619\",\"PhoneNumber\":\"+8613912345678\","
                + "\"Fee\":1,\"SessionContext\":\"\",\"Code\":\"Ok\",\"Message\":\"send success\",\"IsoCode\":\"CN\"}],\"RequestId\":\"a0aabda6\"}}");
        gateway().send(new SmsGateway.Message("dachang", "13912345678", SmsGateway.Templates.REPORT_FILED, "…",
                Map.of("link", "https://alliance.example/track/dachang/7-abc", "number", "7"))).block();
        assertThat(tencent.requests).singleElement().satisfies(request -> assertThat(request)
                .contains("\"PhoneNumberSet\":[\"+8613912345678\"]").contains("\"SmsSdkAppId\":\"1400006666\"")
                .contains("\"TemplateId\":\"1110002\"").contains("\"SignName\":\"大场镇物业联盟\"")
                .contains("\"TemplateParamSet\":[\"7\",\"https://alliance.example/track/dachang/7-abc\"]")
                .contains("action=SendSms").contains("authorization=TC3-HMAC-SHA256 Credential=AKIDtest/"));
    }

    @Test
    void aRefusalIsASendingFailureNotASilentLoss() {
        tencent.answer("{\"Response\":{\"SendStatusSet\":[{\"SerialNo\":\"\",\"PhoneNumber\":\"+8613912345678\",\"Fee\":0,\"SessionContext\":\"\","
                + "\"Code\":\"LimitExceeded.PhoneNumberDailyLimit\",\"Message\":\"daily limit\",\"IsoCode\":\"CN\"}],\"RequestId\":\"b\"}}");
        assertThatThrownBy(() -> gateway().send(new SmsGateway.Message("dachang", "13912345678", SmsGateway.Templates.VERIFICATION_CODE, "…",
                Map.of("code", "123456"))).block())
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.code()).isEqualTo("sms-not-sent"));
        tencent.answer("{\"Response\":{\"Error\":{\"Code\":\"FailedOperation.TemplateIncorrectOrUnapproved\",\"Message\":\"template\"},\"RequestId\":\"c\"}}");
        assertThatThrownBy(() -> gateway().send(new SmsGateway.Message("dachang", "13912345678", SmsGateway.Templates.VERIFICATION_CODE, "…",
                Map.of("code", "123456"))).block())
                .isInstanceOfSatisfying(ProblemException.class, p -> assertThat(p.code()).isEqualTo("sms-not-sent"));
    }

    @Test
    void withoutItsApplicationOrKeysThePlatformDoesNotStart() {
        assertThatThrownBy(() -> new TencentSmsGateway(new SmsProperties("tencent", "签名", new SmsProperties.Templates("1", "2"), null,
                new SmsProperties.Tencent("id", "key", "", null, null, null)))).hasMessageContaining("sdk-app-id");
    }
}
