package org.townalliance.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.DisconnectedClientHelper;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;

/**
 * The one place where failures become responses: every error, from a handler, a filter or the
 * framework (404, 405, 415, malformed JSON), leaves as {@code application/problem+json}; unexpected
 * failures are logged with an id and answered without internals.
 */
@Component
@Order(-2)
class ProblemWebExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);

    private final ProblemResponses responses;
    private final org.springframework.beans.factory.ObjectProvider<BrowserErrorPages> pages;

    ProblemWebExceptionHandler(ServerCodecConfigurer codecs, org.springframework.beans.factory.ObjectProvider<BrowserErrorPages> pages) {
        this.responses = new ProblemResponses(codecs);
        this.pages = pages;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable failure) {
        if (exchange.getResponse().isCommitted()) {
            return Mono.error(failure);
        }
        if (DisconnectedClientHelper.isClientDisconnectedException(failure) && !fromTheDatabase(failure)) {
            // The client hung up: nobody to answer, nothing went wrong on our side. (The database's connection reset
            // reads alike to Spring, "connection reset": answering nothing would be a 200 with no body, and a client
            // would take a write that never happened for done.)
            log.debug("Client disconnected during {} {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath());
            return Mono.empty();
        }
        var problem = toProblem(failure, exchange);
        if (failure instanceof ProblemException known) {
            known.headers().forEach(exchange.getResponse().getHeaders()::set); // e.g. Retry-After, for pages too
        }
        var page = pages.stream().map(p -> p.render(exchange, problem)).flatMap(java.util.Optional::stream).findFirst();
        return page.orElseGet(() -> responses.write(exchange, problem));
    }

    private ProblemDetail toProblem(Throwable failure, ServerWebExchange exchange) {
        return switch (failure) {
            case ProblemException problem -> problem.toProblemDetail();
            case WebExchangeBindException invalid -> validationProblem(invalid);
            case ServerWebInputException input -> inputProblem(input);
            case ErrorResponse framework -> frameworkProblem(framework);
            default -> integrityViolation(failure, exchange).or(() -> databaseUnavailable(failure, exchange))
                    .orElseGet(() -> unexpected(failure, exchange));
        };
    }

    private static ProblemDetail validationProblem(WebExchangeBindException invalid) {
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "The request has invalid fields.");
        problem.setType(ProblemTypes.uri("validation-failed"));
        problem.setTitle("Validation failed");
        List<Map<String, Object>> errors = invalid.getFieldErrors().stream()
                // code: the constraint's name (NotBlank, Size, ...), for clients that say it in their own words
                .map(error -> Map.<String, Object>of("field", error.getField(), "code", String.valueOf(error.getCode()),
                        "message", String.valueOf(error.getDefaultMessage())))
                .toList();
        problem.setProperty("errors", errors);
        return problem;
    }

    /** Malformed bodies and parameters: say what is wrong without leaking parser or class names. */
    private static ProblemDetail inputProblem(ServerWebInputException input) {
        var status = HttpStatus.valueOf(input.getStatusCode().value());
        var detail = input.getMethodParameter() != null && input.getMethodParameter().getParameterName() != null
                && !input.getMethodParameter().hasParameterAnnotation(org.springframework.web.bind.annotation.RequestBody.class)
                ? "Parameter '" + input.getMethodParameter().getParameterName() + "' is missing or malformed."
                : "The request body is missing, is not valid JSON, or does not match the expected shape.";
        var problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(ProblemTypes.uri("malformed-request"));
        problem.setTitle("Malformed request");
        return problem;
    }

    private static ProblemDetail frameworkProblem(ErrorResponse framework) {
        var body = framework.getBody();
        var status = HttpStatus.resolve(framework.getStatusCode().value());
        var code = switch (status == null ? HttpStatus.BAD_REQUEST : status) {
            case NOT_FOUND -> "not-found";
            case METHOD_NOT_ALLOWED -> "method-not-allowed";
            case UNSUPPORTED_MEDIA_TYPE -> "unsupported-media-type";
            case NOT_ACCEPTABLE -> "not-acceptable";
            case PAYLOAD_TOO_LARGE, CONTENT_TOO_LARGE -> "payload-too-large";
            default -> "http-" + framework.getStatusCode().value();
        };
        var problem = ProblemDetail.forStatus(framework.getStatusCode());
        problem.setType(ProblemTypes.uri(code));
        problem.setTitle(body.getTitle());
        problem.setDetail(status == HttpStatus.NOT_FOUND ? "No resource at this path." : body.getDetail());
        return problem;
    }

    private static boolean fromTheDatabase(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof io.r2dbc.spi.R2dbcException || cause instanceof java.sql.SQLException) {
                return true;
            }
        }
        return false;
    }

    /**
     * A constraint the database enforced. A unique key (or exclusion) conflict is the caller's data meeting data already
     * stored, e.g. a concurrent duplicate: 409. A missing value, a reference to nothing or a failed check means a rule
     * the application should have checked first: logged as an error with the incident id (a bug to fix), answered 400
     * with that id. Nothing was changed either way.
     */
    private static java.util.Optional<ProblemDetail> integrityViolation(Throwable failure, ServerWebExchange exchange) {
        for (var cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof io.r2dbc.spi.R2dbcDataIntegrityViolationException violation) {
                var state = violation.getSqlState() == null ? "" : violation.getSqlState();
                if (state.equals("23505") || state.equals("23P01")) {
                    var problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                            "The change conflicts with data already stored; nothing was changed.");
                    problem.setType(ProblemTypes.uri("data-conflict"));
                    problem.setTitle("Conflict");
                    return java.util.Optional.of(problem);
                }
                var incident = exchange.getLogPrefix().replaceAll("[\\[\\] ]", "");
                log.error("Constraint violated [{}] (SQLSTATE {}) on {} {}: a rule the application did not check", incident, state,
                        exchange.getRequest().getMethod(), exchange.getRequest().getPath(), failure);
                var problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                        "The request breaks a rule of the stored data; nothing was changed. It has been logged as incident " + incident + ".");
                problem.setType(ProblemTypes.uri("constraint-violated"));
                problem.setTitle("Constraint violated");
                problem.setProperty("incident", incident);
                return java.util.Optional.of(problem);
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * PostgreSQL not reachable (refused, closed under a query, no connection from the pool in time): the platform is
     * fine, its database is not; clients retry (with the same Idempotency-Key for intakes). Nothing was committed.
     */
    private static java.util.Optional<ProblemDetail> databaseUnavailable(Throwable failure, ServerWebExchange exchange) {
        for (var cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof io.r2dbc.spi.R2dbcNonTransientResourceException || cause instanceof io.r2dbc.spi.R2dbcTransientResourceException
                    || cause instanceof io.r2dbc.spi.R2dbcTimeoutException || cause instanceof java.net.ConnectException
                    || (cause instanceof java.sql.SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08"))) {
                log.warn("Database unavailable on {} {}: {}", exchange.getRequest().getMethod(), exchange.getRequest().getPath(), cause.toString());
                var problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                        "The database is not reachable just now; nothing was changed. Try again shortly.");
                problem.setType(ProblemTypes.uri("database-unavailable"));
                problem.setTitle("Database unavailable");
                exchange.getResponse().getHeaders().set(org.springframework.http.HttpHeaders.RETRY_AFTER, "5");
                return java.util.Optional.of(problem);
            }
        }
        return java.util.Optional.empty();
    }

    private static ProblemDetail unexpected(Throwable failure, ServerWebExchange exchange) {
        var incident = exchange.getLogPrefix().replaceAll("[\\[\\] ]", "");
        log.error("Unexpected failure [{}] on {} {}", incident, exchange.getRequest().getMethod(),
                exchange.getRequest().getPath(), failure);
        var problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "An unexpected error occurred; it has been logged as incident " + incident + ".");
        problem.setType(ProblemTypes.uri("internal-error"));
        problem.setTitle("Internal error");
        return problem;
    }
}
