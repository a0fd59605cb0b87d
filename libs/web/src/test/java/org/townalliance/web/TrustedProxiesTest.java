package org.townalliance.web;

import org.junit.jupiter.api.Test;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Which address, host and scheme a request is believed to come from, by who its peer is. */
class TrustedProxiesTest {

    private final TrustedProxies filter = new TrustedProxies(List.of("10.0.0.0/8", "fd00::/8"));

    @Test
    void aTrustedProxysHeaderGivesTheRightmostHopThatIsNotAProxy() {
        var seen = through(request("10.1.2.3").header("X-Forwarded-For", "203.0.113.9, 198.51.100.7, 10.9.9.9")
                .header("X-Forwarded-Host", "alliance.example.cn").header("X-Forwarded-Proto", "https"));
        assertThat(seen.getRemoteAddress().getAddress().getHostAddress()).isEqualTo("198.51.100.7");
        assertThat(seen.getURI().toString()).startsWith("https://alliance.example.cn/");
    }

    @Test
    void anUntrustedPeersForwardedHeadersAreDroppedUnread() {
        var seen = through(request("198.51.100.20").header("X-Forwarded-For", "203.0.113.9").header("X-Forwarded-Host", "evil.example"));
        assertThat(seen.getRemoteAddress().getAddress().getHostAddress()).isEqualTo("198.51.100.20");
        assertThat(seen.getHeaders().containsHeader("X-Forwarded-For")).isFalse();
        assertThat(seen.getURI().getHost()).isEqualTo("localhost");
    }

    @Test
    void theProcesssOwnLoopbackIsAlwaysTrustedForTheConsolesCalls() {
        var seen = through(request("127.0.0.1").header("X-Forwarded-For", "203.0.113.9"));
        assertThat(seen.getRemoteAddress().getAddress().getHostAddress()).isEqualTo("203.0.113.9");
    }

    @Test
    void unreadableHopsStopTheWalkAndPortsAndBracketsAreUnderstood() {
        assertThat(through(request("10.0.0.1").header("X-Forwarded-For", "203.0.113.9, unknown, 198.51.100.7:4711"))
                .getRemoteAddress().getAddress().getHostAddress()).isEqualTo("198.51.100.7");
        assertThat(through(request("10.0.0.1").header("X-Forwarded-For", "203.0.113.9, unknown"))
                .getRemoteAddress().getAddress().getHostAddress()).isEqualTo("10.0.0.1");
        assertThat(through(request("10.0.0.1").header("X-Forwarded-For", "[2001:db8::1]:443"))
                .getRemoteAddress().getAddress().getHostAddress()).isEqualTo("2001:db8:0:0:0:0:0:1");
        assertThat(TrustedProxies.literal("evil.example")).as("names are never resolved").isNull();
    }

    @Test
    void blocksMatchByPrefix() {
        var block = TrustedProxies.Cidr.parse("10.244.0.0/16");
        assertThat(block.contains(TrustedProxies.literal("10.244.7.1"))).isTrue();
        assertThat(block.contains(TrustedProxies.literal("10.245.0.1"))).isFalse();
        assertThat(block.contains(TrustedProxies.literal("::1"))).isFalse();
    }

    private static MockServerHttpRequest.BaseBuilder<?> request(String peer) {
        return MockServerHttpRequest.get("http://localhost/api/me").remoteAddress(new InetSocketAddress(TrustedProxies.literal(peer), 40000));
    }

    private org.springframework.http.server.reactive.ServerHttpRequest through(MockServerHttpRequest.BaseBuilder<?> request) {
        var seen = new AtomicReference<org.springframework.http.server.reactive.ServerHttpRequest>();
        filter.filter(MockServerWebExchange.from(request), exchange -> {
            seen.set(exchange.getRequest());
            return Mono.empty();
        }).block();
        return seen.get();
    }
}
