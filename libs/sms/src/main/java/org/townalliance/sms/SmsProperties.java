package org.townalliance.sms;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code alliance.sms.*}: the provider, the signature (签名) approved with it, the code of each of the platform's
 * templates ({@link SmsGateway.Templates}) and the provider's credentials (from a Secret). As environment variables:
 * {@code ALLIANCE_SMS_SIGN_NAME}, {@code ALLIANCE_SMS_TEMPLATES_VERIFICATIONCODE}, {@code ALLIANCE_SMS_TEMPLATES_REPORTFILED},
 * {@code ALLIANCE_SMS_TEMPLATES_REPORTDISPATCHED}, {@code ALLIANCE_SMS_TEMPLATES_REPORTRESOLVED}, {@code ALLIANCE_SMS_TEMPLATES_NOTICE},
 * {@code ALLIANCE_SMS_ALIYUN_ACCESSKEYID}, {@code ALLIANCE_SMS_ALIYUN_ACCESSKEYSECRET}, or {@code ALLIANCE_SMS_TENCENT_SECRETID},
 * {@code ALLIANCE_SMS_TENCENT_SECRETKEY}, {@code ALLIANCE_SMS_TENCENT_SDKAPPID}.
 */
@ConfigurationProperties("alliance.sms")
record SmsProperties(String provider, String signName, Templates templates, Aliyun aliyun, Tencent tencent) {

    /**
     * The provider's code of each template the platform sends. The first two are required; without the others' codes
     * those messages are not sent (their deliveries end dead, "no SMS template", on the platform admin's list).
     */
    record Templates(String verificationCode, String reportFiled, String reportDispatched, String reportResolved, String notice) {
        Templates(String verificationCode, String reportFiled) {
            this(verificationCode, reportFiled, null, null, null);
        }
    }

    /** Aliyun SMS: credentials of a RAM user allowed to send; endpoint and protocol only to point elsewhere. */
    record Aliyun(String accessKeyId, String accessKeySecret, String endpoint, String protocol) {
    }

    /** Tencent Cloud SMS: an API key (SecretId/SecretKey) and the SMS application's SdkAppId; region defaults to ap-guangzhou. */
    record Tencent(String secretId, String secretKey, String sdkAppId, String region, String endpoint, String protocol) {
    }

    /** Every template the platform sends has its code, and the signature is set: else the start-up stops. */
    void checkTemplates() {
        if (signName == null || signName.isBlank()) {
            throw new IllegalStateException("alliance.sms.sign-name (ALLIANCE_SMS_SIGN_NAME) is the signature approved with the provider");
        }
        for (var template : SmsGateway.Templates.ALL) {
            var code = codeOrNull(template);
            if (code == null || code.isBlank()) {
                throw new IllegalStateException("alliance.sms.templates." + template + " (the provider's template code) is not set; "
                        + "the platform sends " + SmsGateway.Templates.ALL + " (docs/operations.md)");
            }
        }
    }

    String templateCode(String template) {
        var code = codeOrNull(template);
        if (code == null || code.isBlank()) {
            throw new SmsGateway.NoTemplate(template);
        }
        return code;
    }

    private String codeOrNull(String template) {
        if (templates == null) {
            return null;
        }
        return switch (template) {
            case SmsGateway.Templates.VERIFICATION_CODE -> templates.verificationCode();
            case SmsGateway.Templates.REPORT_FILED -> templates.reportFiled();
            case SmsGateway.Templates.REPORT_DISPATCHED -> templates.reportDispatched();
            case SmsGateway.Templates.REPORT_RESOLVED -> templates.reportResolved();
            case SmsGateway.Templates.NOTICE -> templates.notice();
            default -> null;
        };
    }
}
