package org.townalliance.sms;

import org.jooq.DSLContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * Chooses the gateway by {@code alliance.sms.provider}. Only {@code local} exists yet; the providers Chinese towns use
 * (Aliyun SMS, Tencent Cloud SMS) are to come as adapters of {@link SmsGateway} (issue 20). Any other value stops the
 * start-up rather than silently not sending.
 */
@Configuration(proxyBeanMethods = false)
class SmsConfiguration {

    @Bean
    SmsGateway smsGateway(@Value("${alliance.sms.provider:local}") String provider, DSLContext platform, Clock clock) {
        return switch (provider) {
            case "local" -> new LocalSmsGateway(platform, clock);
            default -> throw new IllegalStateException("alliance.sms.provider '" + provider + "' is not available; only 'local' is (docs/operations.md)");
        };
    }
}
