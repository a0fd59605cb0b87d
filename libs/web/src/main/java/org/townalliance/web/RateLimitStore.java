package org.townalliance.web;

import io.lettuce.core.RedisClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The rate limit's buckets: shared in Redis when {@code alliance.redis.url} is set (several replicas: the chart sets
 * it), else in this process (the embedded default, one replica).
 */
@Configuration(proxyBeanMethods = false)
class RateLimitStore {

    private static final Logger log = LoggerFactory.getLogger(RateLimitStore.class);

    @Bean(destroyMethod = "close")
    ClientBuckets clientBuckets(@Value("${alliance.redis.url:}") String redisUrl) {
        if (redisUrl.isBlank()) {
            log.info("Public rate limits counted in this process (no alliance.redis.url): right for one replica only");
            return new LocalClientBuckets();
        }
        var redis = RedisClient.create(redisUrl);
        return new RedisClientBuckets(redis);
    }
}
