package org.townalliance.notifications;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code alliance.notifications.*}: how often the loops look for work (a queued notice also wakes them at once), how
 * deliveries are retried (exponential from {@code first-retry} up to {@code max-retry}, dead after {@code max-attempts}),
 * the lease of a claimed delivery, the time one send may take, and the sender of e-mail ({@code spring.mail.*} says
 * which SMTP server; without it e-mail is not sent).
 */
@ConfigurationProperties("alliance.notifications")
record NotificationsProperties(@DefaultValue("1s") Duration pollInterval, @DefaultValue("6") int maxAttempts,
                               @DefaultValue("30s") Duration firstRetry, @DefaultValue("1h") Duration maxRetry,
                               @DefaultValue("2m") Duration lease, @DefaultValue("15s") Duration sendTimeout,
                               @DefaultValue("town-alliance@localhost") String mailFrom) {

    Duration retryAfter(int attempts) {
        var factor = 1L << Math.min(Math.max(attempts - 1, 0), 20);
        var wait = firstRetry.multipliedBy(factor);
        return wait.compareTo(maxRetry) > 0 ? maxRetry : wait;
    }
}
