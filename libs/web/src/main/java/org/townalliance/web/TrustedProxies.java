package org.townalliance.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.server.adapter.ForwardedHeaderTransformer;
import reactor.core.publisher.Mono;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;

/**
 * The client's address, scheme and host behind a reverse proxy, believed only from proxies we trust. A request whose
 * peer is a trusted proxy (e.g. the ingress controller) takes its scheme, host, port and prefix from the
 * {@code X-Forwarded-*} / {@code Forwarded} headers, and its client address from {@code X-Forwarded-For}: the
 * rightmost address that is not itself a trusted proxy (what a client writes there itself sits further left, so it
 * cannot pick its own address). From any other peer those headers are removed unread. The remote address is then
 * always a resolved IP literal, never an unresolved name, so audit and rate limits always have one. The process's own
 * loopback address is always trusted: the console forwards the person's address on its calls into the API.
 *
 * <p>Replaces Spring's {@code server.forward-headers-strategy} (which trusts every peer); the chart sets that to
 * {@code none} and lists the proxies in {@code alliance.web.trusted-proxies} (docs/operations.md).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class TrustedProxies implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger(TrustedProxies.class);
    /** Exchange attribute: present when the client address was taken from a trusted proxy's header. */
    static final String FORWARDED = TrustedProxies.class.getName() + ".forwarded";
    /** The console's own calls to the API of its process come from here, with the person's address forwarded. */
    private static final List<String> OWN_PROCESS = List.of("127.0.0.1", "::1");

    private final List<Cidr> trusted;
    private final Transformer apply = new Transformer();
    private final Transformer remove = new Transformer();

    TrustedProxies(@Value("${alliance.web.trusted-proxies:}") List<String> trusted) {
        this.trusted = java.util.stream.Stream.concat(OWN_PROCESS.stream(), trusted.stream())
                .map(String::trim).filter(s -> !s.isEmpty()).distinct().map(Cidr::parse).toList();
        this.remove.setRemoveOnly(true);
        log.info("Forwarded headers are believed from {}", this.trusted);
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        if (!apply.hasForwardedHeaders(request)) {
            return chain.filter(exchange);
        }
        var peer = request.getRemoteAddress();
        if (peer == null || peer.getAddress() == null || !isTrusted(peer.getAddress())) {
            return chain.filter(exchange.mutate().request(remove.apply(request)).build());
        }
        var client = client(request.getHeaders().getValuesAsList("X-Forwarded-For"), peer);
        var forwarded = apply.apply(request).mutate().remoteAddress(client).build();
        exchange.getAttributes().put(FORWARDED, Boolean.TRUE);
        return chain.filter(exchange.mutate().request(forwarded).build());
    }

    boolean isTrusted(InetAddress address) {
        return trusted.stream().anyMatch(cidr -> cidr.contains(address));
    }

    /** From the right: the first hop that is not one of our proxies; all trusted (or unreadable): the leftmost readable. */
    private InetSocketAddress client(List<String> forwardedFor, InetSocketAddress peer) {
        var hops = forwardedFor.stream().flatMap(value -> Arrays.stream(value.split(","))).map(TrustedProxies::literal).toList();
        InetAddress client = peer.getAddress();
        for (int i = hops.size() - 1; i >= 0; i--) {
            var hop = hops.get(i);
            if (hop == null) {
                break; // a hop we cannot read: nothing left of it can be believed
            }
            client = hop;
            if (!isTrusted(hop)) {
                break;
            }
        }
        return new InetSocketAddress(client, 0);
    }

    /** An IP literal (IPv4 with an optional port, IPv6 optionally in brackets); anything else (names, "unknown"): null. */
    static InetAddress literal(String hop) {
        var value = hop.trim();
        if (value.startsWith("[")) {
            var end = value.indexOf(']');
            value = end < 0 ? value : value.substring(1, end);
        } else if (value.indexOf(':') > 0 && value.indexOf(':') == value.lastIndexOf(':')) {
            value = value.substring(0, value.indexOf(':')); // 203.0.113.7:51234
        }
        try {
            return value.isEmpty() ? null : InetAddress.ofLiteral(value);
        } catch (IllegalArgumentException notLiteral) {
            return null;
        }
    }

    /** Spring's transformer of forwarded headers, asked whether a request has any. */
    private static final class Transformer extends ForwardedHeaderTransformer {
        @Override
        protected boolean hasForwardedHeaders(org.springframework.http.server.reactive.ServerHttpRequest request) {
            return super.hasForwardedHeaders(request);
        }
    }

    /** An address block such as 10.0.0.0/8 or fd00::/8; a bare address is a block of one. */
    record Cidr(byte[] network, int prefix, String text) {

        static Cidr parse(String text) {
            var slash = text.indexOf('/');
            var address = InetAddress.ofLiteral(slash < 0 ? text : text.substring(0, slash));
            var bits = address.getAddress().length * 8;
            var prefix = slash < 0 ? bits : Integer.parseInt(text.substring(slash + 1));
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("alliance.web.trusted-proxies: bad prefix in " + text);
            }
            return new Cidr(address.getAddress(), prefix, text);
        }

        boolean contains(InetAddress candidate) {
            var bytes = candidate.getAddress();
            if (bytes.length != network.length) {
                return false;
            }
            for (int bit = 0; bit < prefix; bit++) {
                var mask = 0x80 >> (bit % 8);
                if ((bytes[bit / 8] & mask) != (network[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return text;
        }
    }
}
