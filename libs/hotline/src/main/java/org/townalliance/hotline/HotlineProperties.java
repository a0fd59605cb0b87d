package org.townalliance.hotline;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Background work of the hotline, one loop of each kind per replica whatever the number of towns.
 *
 * @param timerPollInterval   how often due deadline timers are looked for
 * @param outboxPollInterval  how often the city-hotline outbox is looked at
 * @param outboxFirstRetry    wait after the first failed delivery; doubles per attempt up to {@code outboxMaxRetry}
 * @param outboxMaxRetry      the longest wait between two attempts
 * @param outboxMaxAttempts   after this many failed attempts a message is dead until replayed
 * @param outboxTimeout       how long the city's endpoint may take to answer
 * @param settingsCacheTtl    how long a town's hotline settings are kept between reads (other replicas see a change within it)
 * @param retention           how long fired deadline timers and delivered outbox messages are kept (the tickets keep their history)
 * @param retentionInterval   how often a replica removes what is older than {@code retention}
 */
@ConfigurationProperties("alliance.hotline")
record HotlineProperties(@DefaultValue("5s") Duration timerPollInterval,
                         @DefaultValue("1s") Duration outboxPollInterval,
                         @DefaultValue("10s") Duration outboxFirstRetry,
                         @DefaultValue("1h") Duration outboxMaxRetry,
                         @DefaultValue("12") int outboxMaxAttempts,
                         @DefaultValue("10s") Duration outboxTimeout,
                         @DefaultValue("10s") Duration settingsCacheTtl,
                         @DefaultValue("90d") Duration retention,
                         @DefaultValue("1h") Duration retentionInterval) {

    /** The wait before attempt {@code attempts + 1}: exponential, capped. */
    Duration retryAfter(int attempts) {
        var wait = outboxFirstRetry.multipliedBy(1L << Math.min(Math.max(attempts - 1, 0), 20));
        return wait.compareTo(outboxMaxRetry) > 0 ? outboxMaxRetry : wait;
    }
}
