package org.townalliance.web;

import io.github.bucket4j.BucketConfiguration;
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
 * for the person whose request it already counted where it came in (marked by {@link InternalCalls}). Behind a
 * proxy, the client address comes from a trusted proxy's forwarded header ({@link TrustedProxies}). With several
 * replicas the buckets are shared in Redis ({@link RateLimitStore}), so the limit holds whichever replica answers.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class PublicRateLimit implements WebFilter {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PublicRateLimit.class);
    private static final List<String> PUBLIC = List.of("/public/", "/open311/", "/rate/", "/verify", "/stars/", "/report/",
            "/track/");

    private final int perMinute;
    private final boolean countLoopback;
    private final BucketConfiguration limit;
    private final ClientBuckets buckets;
    private final InternalCalls internalCalls;

    PublicRateLimit(@Value("${alliance.web.public-rate-limit.requests-per-minute:120}") int perMinute,
                    @Value("${alliance.web.public-rate-limit.count-loopback:false}") boolean countLoopback,
                    ClientBuckets buckets, InternalCalls internalCalls) {
        this.perMinute = perMinute;
        this.countLoopback = countLoopback;
        this.limit = BucketConfiguration.builder()
                .addLimit(bandwidth -> bandwidth.capacity(Math.max(1, perMinute)).refillGreedy(Math.max(1, perMinute), Duration.ofMinutes(1)))
                .build();
        this.buckets = buckets;
        this.internalCalls = internalCalls;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        var path = request.getPath().pathWithinApplication().value();
        if (perMinute <= 0 || PUBLIC.stream().noneMatch(path::startsWith) || internalCalls.isInternal(request)) {
            return chain.filter(exchange);
        }
        var client = request.getRemoteAddress();
        var address = client == null ? null : client.getAddress();
        var direct = !exchange.getAttributes().containsKey(TrustedProxies.FORWARDED);
        if (!countLoopback && direct && address != null && address.isLoopbackAddress()) {
            return chain.filter(exchange); // a developer's or a test's own machine, not behind a proxy
        }
        var key = address != null ? address.getHostAddress() : client == null ? "unknown" : client.getHostString();
        return buckets.tryConsume(key, limit).map(java.util.Optional::of)
                .onErrorResume(failure -> {
                    // The shared store not answering must not take the public pages down with it: let the request in.
                    log.warn("Public rate limit not checked for this request: {}", failure.toString());
                    return Mono.just(java.util.Optional.empty());
                })
                .flatMap(checked -> {
            var probe = checked.orElse(null);
            if (probe == null || probe.isConsumed()) {
                return chain.filter(exchange);
            }
            var seconds = Math.max(1, (probe.getNanosToWaitForRefill() + 999_999_999L) / 1_000_000_000L);
            return Mono.error(new ProblemException(HttpStatus.TOO_MANY_REQUESTS, "rate-limited", "Too many requests",
                    "At most " + perMinute + " requests a minute from one address here; try again in " + seconds + " s.", Map.of(),
                    Map.of(HttpHeaders.RETRY_AFTER, Long.toString(seconds))));
        });
    }
}
