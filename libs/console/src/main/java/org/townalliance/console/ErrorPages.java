package org.townalliance.console;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.ISpringWebFluxTemplateEngine;
import org.townalliance.web.BrowserErrorPages;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a browser gets when a console or public page fails (no such page, forbidden, the CSRF token missing, an
 * unexpected error): an HTML page in the person's language with a way back, never problem JSON. The API and the
 * machine surfaces (Open311, the public JSON API, actuator) keep answering {@code application/problem+json}.
 */
@Component
class ErrorPages implements BrowserErrorPages {

    private static final List<String> MACHINE = List.of("/api/", "/public/", "/open311/", "/actuator/", "/v3/", "/swagger-ui", "/webjars/");

    private final ISpringWebFluxTemplateEngine templates;
    private final ConsoleLocale locales;

    ErrorPages(ISpringWebFluxTemplateEngine templates, ConsoleLocale locales) {
        this.templates = templates;
        this.locales = locales;
    }

    @Override
    public Optional<Mono<Void>> render(ServerWebExchange exchange, ProblemDetail problem) {
        var path = exchange.getRequest().getPath().pathWithinApplication().value();
        var accepted = exchange.getRequest().getHeaders().getAccept();
        var browser = accepted.stream().anyMatch(type -> type.isCompatibleWith(MediaType.TEXT_HTML) && !type.isWildcardType());
        if (!browser || MACHINE.stream().anyMatch(path::startsWith)) {
            return Optional.empty();
        }
        return Optional.of(page(exchange, problem.getStatus(), code(problem), problem.getDetail()));
    }

    /** Also for Spring Security's refusals on the console's chain (a form posted without its CSRF token). */
    Mono<Void> page(ServerWebExchange exchange, int status, String code, String detail) {
        var locale = locales.resolveLocaleContext(exchange).getLocale();
        var context = new Context(locale, Map.of("status", status, "code", code, "detail", detail == null ? "" : detail,
                "path", exchange.getRequest().getPath().pathWithinApplication().value()));
        var html = templates.process("console/error", context);
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatusCode.valueOf(status));
        response.getHeaders().setContentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8));
        DataBuffer body = response.bufferFactory().wrap(html.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(body));
    }

    private static String code(ProblemDetail problem) {
        var type = problem.getType() == null ? "" : problem.getType().toString();
        return type.substring(type.lastIndexOf(':') + 1);
    }
}
