package org.townalliance.console;

import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.server.context.WebSessionServerSecurityContextRepository;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * A multipart form is read (its CSRF token is one of its parts) only from someone logged in and only when it declares
 * no more than the largest upload allows: anyone else is answered before a byte of the body is parsed or stored, so an
 * anonymous multi-gigabyte POST costs nothing. Runs in the console's security chain, before the CSRF check.
 */
final class UploadLimits implements WebFilter {

    /** The largest form: a 10 MB document and its fields. */
    static final long MAX_FORM_BYTES = 12L * 1024 * 1024;

    private final ErrorPages pages;
    private final WebSessionServerSecurityContextRepository sessions = new WebSessionServerSecurityContextRepository();

    UploadLimits(ErrorPages pages) {
        this.pages = pages;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var type = exchange.getRequest().getHeaders().getContentType();
        if (type == null || !MediaType.MULTIPART_FORM_DATA.includes(type)) {
            return chain.filter(exchange);
        }
        if (exchange.getRequest().getHeaders().getContentLength() > MAX_FORM_BYTES) {
            return pages.page(exchange, 413, "form-too-large", null);
        }
        // The CSRF check runs before the chain has loaded the login into the request: read it from the session here.
        return sessions.load(exchange).map(SecurityContext::getAuthentication)
                .filter(Authentication::isAuthenticated)
                .flatMap(login -> chain.filter(exchange).thenReturn(true))
                .switchIfEmpty(Mono.defer(() -> pages.page(exchange, 401, "unauthenticated", null).thenReturn(true)))
                .then();
    }
}
