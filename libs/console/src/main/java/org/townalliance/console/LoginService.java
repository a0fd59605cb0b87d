package org.townalliance.console;

import io.netty.channel.ChannelOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Whether Keycloak answers, as the console sees it. Sending a browser to a login page that never loads leaves the
 * person staring at a blank tab; instead, before the redirect, the console asks Keycloak for its realm's metadata
 * (bounded wait, one probe shared by all logins, the answer kept a few seconds) and shows "login service
 * unavailable" while it does not answer. Failures of the console's own calls to Keycloak (code exchange, token
 * refresh) become the same page.
 */
@Component
class LoginService {

    static final String UNAVAILABLE = "login-unavailable";
    static final int RETRY_AFTER_SECONDS = 10;
    private static final Duration UP_FOR = Duration.ofSeconds(10);
    private static final Duration DOWN_FOR = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(LoginService.class);

    private final Mono<Boolean> answering;

    LoginService(@Value("${alliance.oidc.issuer-uri}") String issuer,
                 @Value("${alliance.console.login-probe-timeout:3s}") Duration timeout) {
        var http = HttpClient.create().responseTimeout(timeout).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis());
        var client = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
        this.answering = client.get().uri(issuer + "/.well-known/openid-configuration").retrieve().toBodilessEntity()
                .map(response -> true)
                .timeout(timeout.plus(timeout))
                .onErrorResume(failure -> {
                    log.warn("Keycloak does not answer the console ({}): logins show 'login service unavailable'", failure.toString());
                    return Mono.just(false);
                })
                .cache(up -> up ? UP_FOR : DOWN_FOR, failure -> Duration.ZERO, () -> Duration.ZERO);
    }

    /** Completes when Keycloak answers; otherwise fails with the 503 the login page shows. */
    Mono<Void> requireAnswering() {
        return answering.flatMap(up -> up ? Mono.<Void>empty() : Mono.error(unavailable()));
    }

    /** A failed call to Keycloak that is about reaching it (refused, timed out, cut): the 503, not an internal error. */
    static Throwable classify(Throwable failure) {
        for (var cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof WebClientRequestException || cause instanceof TimeoutException || cause instanceof IOException) {
                log.warn("A call to Keycloak failed: {}", cause.toString());
                return unavailable();
            }
        }
        return failure;
    }

    private static ProblemException unavailable() {
        return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE, "Login service unavailable",
                "The login service does not answer just now; people already signed in are not affected. Try again shortly.",
                Map.of(), Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)));
    }
}
