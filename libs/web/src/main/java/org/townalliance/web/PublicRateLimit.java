package org.townalliance.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A token bucket per client address on what anyone can reach without an account: the public API (`/public/**`,
 * certificate verification included), Open311 and the console's public pages (rating, verification). Over the
 * limit: 429 with {@code Retry-After}. Loopback is not counted: the console calls the public API over loopback
 * for the person whose request it already counted where it came in. Behind a proxy, the client address comes from
 * the forwarded headers (see docs/operations.md).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class PublicRateLimit implements WebFilter {

    private static final List<String> PUBLIC = List.of("/public/", "/open311/", "/rate/", "/verify");

    private final int perMinute;
    private final boolean countLoopback;
    private final Cache<String, Bucket> buckets = Caffeine.newBuilder().maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(10)).build();

    PublicRateLimit(@Value("${alliance.web.public-rate-limit.requests-per-minute:120}") int perMinute,
                    @Value("${alliance.web.public-rate-limit.count-loopback:false}") boolean countLoopback) {
        this.perMinute = perMinute;
        this.countLoopback = countLoopback;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var path = exchange.getRequest().getPath().pathWithinApplication().value();
        var client = exchange.getRequest().getRemoteAddress();
        if (perMinute <= 0 || PUBLIC.stream().noneMatch(path::startsWith) || client == null || client.getAddress() == null
                || (!countLoopback && client.getAddress().isLoopbackAddress())) {
            return chain.filter(exchange);
        }
        var probe = buckets.get(client.getAddress().getHostAddress(), address -> Bucket.builder()
                        .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1))).build())
                .tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) {
            return chain.filter(exchange);
        }
        var seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
        return Mono.error(new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                "At most " + perMinute + " requests a minute from one address here; try again in " + seconds + " s.", Map.of(),
                Map.of(HttpHeaders.RETRY_AFTER, Long.toString(seconds))));
    }
}
