package org.townalliance.web;

import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.proxy.AsyncProxyManager;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Buckets in Redis, shared by every replica: Bucket4j's compare-and-swap over Lettuce's asynchronous commands (no
 * thread waits on Redis). A bucket expires once it would be full again, so idle clients leave nothing behind.
 */
final class RedisClientBuckets implements ClientBuckets {

    private static final String PREFIX = "alliance:rate:public:";

    private final RedisClient redis;
    private final StatefulRedisConnection<String, byte[]> connection;
    private final AsyncProxyManager<String> buckets;

    RedisClientBuckets(RedisClient redis) {
        this.redis = redis;
        this.connection = redis.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        this.buckets = Bucket4jLettuce.casBasedBuilder(connection)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofSeconds(10)))
                .build().asAsync();
    }

    @Override
    public Mono<ConsumptionProbe> tryConsume(String client, BucketConfiguration limit) {
        return Mono.fromFuture(() -> buckets.builder().build(PREFIX + client, () -> CompletableFuture.completedFuture(limit))
                .tryConsumeAndReturnRemaining(1)).timeout(Duration.ofSeconds(2));
    }

    @Override
    public void close() {
        connection.close();
        redis.shutdown();
    }
}
