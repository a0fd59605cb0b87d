package org.townalliance.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import reactor.core.publisher.Mono;

import java.time.Duration;

/** Buckets in this process only: right for one replica (the embedded default); with several, each counts alone. */
final class LocalClientBuckets implements ClientBuckets {

    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(10)).build();

    @Override
    public Mono<ConsumptionProbe> tryConsume(String client, BucketConfiguration limit) {
        return Mono.fromSupplier(() -> buckets.get(client, address -> Bucket.builder()
                .addLimit(limit.getBandwidths()[0]).build()).tryConsumeAndReturnRemaining(1));
    }
}
