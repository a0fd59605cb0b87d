package org.townalliance.web;

import org.springframework.http.ProblemDetail;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

import java.util.Optional;

/**
 * A failure answered to a person's browser as a page in their language instead of problem JSON (the console provides
 * it). Empty for requests it does not serve (the API, machine clients): those keep {@code application/problem+json}.
 */
public interface BrowserErrorPages {

    Optional<Mono<Void>> render(ServerWebExchange exchange, ProblemDetail problem);
}
