package org.townalliance.web;

import io.github.bucket4j.BucketConfiguration;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Limits a module sets on its own sensitive flows (codes sent to a phone, per phone and per address), counted in the
 * same buckets as the public rate limit: in Redis when several replicas share them, else in this process.
 */
@Component
public class RateLimits {

    private final ClientBuckets buckets;

    RateLimits(ClientBuckets buckets) {
        this.buckets = buckets;
    }

    /** Takes one from the bucket {@code key} ({@code count} per {@code per}); empty, or a 429 problem saying when to retry. */
    public Mono<Void> take(String key, int count, Duration per, String detail) {
        var limit = BucketConfiguration.builder().addLimit(bandwidth -> bandwidth.capacity(count).refillGreedy(count, per)).build();
        return buckets.tryConsume(key, limit).flatMap(probe -> {
            if (probe.isConsumed()) {
                return Mono.<Void>empty();
            }
            var seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(probe.getNanosToWaitForRefill()) + 1);
            return Mono.error(new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                    detail + " Try again in " + seconds + " s.", Map.of(), Map.of("Retry-After", Long.toString(seconds))));
        });
    }
}
