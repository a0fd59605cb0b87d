package org.townalliance.web;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import reactor.core.publisher.Mono;

/**
 * Where the public rate limit keeps its token buckets, one per client address: in this process (the embedded
 * default, one replica) or shared by every replica (Redis, {@link RedisClientBuckets}).
 */
interface ClientBuckets extends AutoCloseable {

    @Override
    default void close() {
    }

    Mono<ConsumptionProbe> tryConsume(String client, BucketConfiguration limit);
}
