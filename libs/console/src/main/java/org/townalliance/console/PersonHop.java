package org.townalliance.console;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import reactor.util.context.ContextView;

import java.util.Optional;

/**
 * Who is at the other end of a console request (their address, behind a trusted proxy already the real one, and their
 * browser), carried in the Reactor context so that {@link ConsoleApi} passes both on to the API: the API's audit then
 * records the person's address and user agent for the console's writes, not the console's loopback.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class PersonHop implements WebFilter {

    record Hop(String address, String userAgent) {
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var request = exchange.getRequest();
        var path = request.getPath().pathWithinApplication().value();
        if (path.startsWith("/api/") || path.startsWith("/actuator/")) {
            return chain.filter(exchange);
        }
        var remote = request.getRemoteAddress();
        var address = remote == null ? null : remote.getAddress() != null ? remote.getAddress().getHostAddress() : remote.getHostString();
        var hop = new Hop(address, request.getHeaders().getFirst(HttpHeaders.USER_AGENT));
        return chain.filter(exchange).contextWrite(context -> context.put(Hop.class, hop));
    }

    static Optional<Hop> of(ContextView context) {
        return context.getOrEmpty(Hop.class);
    }
}
