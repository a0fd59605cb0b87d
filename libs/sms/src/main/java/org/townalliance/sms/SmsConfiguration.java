package org.townalliance.sms;

import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * Chooses the gateway by {@code alliance.sms.provider}: {@code local} (kept in a table, none sent), {@code aliyun}
 * (Aliyun SMS) or {@code tencent} (Tencent Cloud SMS), each through the provider's own SDK. Any
 * other value, or a provider without its credentials, signature and template codes, stops the start-up rather than
 * silently not sending.
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.context.properties.EnableConfigurationProperties(SmsProperties.class)
class SmsConfiguration {

    @Bean
    SmsGateway smsGateway(@Value("${alliance.sms.provider:local}") String provider, SmsProperties properties, DSLContext platform, Clock clock,
                          tools.jackson.databind.json.JsonMapper json) {
        return switch (provider) {
            case "local" -> new LocalSmsGateway(platform, clock);
            case "aliyun" -> new AliyunSmsGateway(properties, json);
            case "tencent" -> new TencentSmsGateway(properties);
            default -> throw new IllegalStateException("alliance.sms.provider '" + provider + "' is not one of local, aliyun, tencent (docs/operations.md)");
        };
    }
}
