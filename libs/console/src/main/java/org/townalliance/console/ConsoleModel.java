package org.townalliance.console;

import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.reactive.result.view.Rendering;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * What every console page needs: the CSRF token for its forms, the current path (for the language
 * links), and a page for the API's refusals that shows the problem in the person's language.
 */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
class ConsoleModel {

    @ModelAttribute("_csrf")
    Mono<CsrfToken> csrf(ServerWebExchange exchange) {
        Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
        return token == null ? Mono.empty() : token;
    }

    @ModelAttribute("path")
    String path(ServerWebExchange exchange) {
        return exchange.getRequest().getPath().pathWithinApplication().value();
    }

    @ExceptionHandler(ApiProblem.class)
    Rendering refused(ApiProblem problem, ServerWebExchange exchange) {
        exchange.getResponse().setStatusCode(org.springframework.http.HttpStatusCode.valueOf(problem.status()));
        return Rendering.view("console/problem").modelAttribute("problem", problem)
                .modelAttribute("code", problem.code()).modelAttribute("detail", problem.detail())
                .modelAttribute("status", problem.status()).build();
    }
}
