package org.townalliance.identity;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
import org.keycloak.admin.client.ClientBuilderWrapper;
import org.keycloak.admin.client.JacksonProvider;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.GroupRepresentation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The blocking keycloak-admin-client behind a reactive face: every call runs on {@code boundedElastic},
 * never on an event loop; an unreachable Keycloak becomes a 503 problem with {@code Retry-After}. A hung one too:
 * connect and read timeouts bound each call, a bulkhead bounds how many workers wait on Keycloak at once, and a
 * circuit breaker (Resilience4j) answers at once while Keycloak keeps failing, trying again after a while.
 */
final class KeycloakAdmin {

    private static final Logger log = LoggerFactory.getLogger(KeycloakAdmin.class);
    static final int RETRY_AFTER_SECONDS = 30;

    private final Keycloak keycloak;
    private final String realm;
    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final int retryAfterSeconds;

    KeycloakAdmin(KeycloakAdminProperties properties) {
        this.realm = properties.realm();
        // The admin client's own RESTEasy client (its JSON provider included), with the timeouts it lacks by default.
        var http = ClientBuilderWrapper.create(null, false)
                .connectTimeout(properties.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(properties.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .register(new JacksonProvider(), 100)
                .build();
        this.keycloak = KeycloakBuilder.builder()
                .serverUrl(properties.serverUrl())
                .realm(properties.realm())
                .grantType(OAuth2Constants.CLIENT_CREDENTIALS)
                .clientId(properties.clientId())
                .clientSecret(properties.clientSecret())
                .resteasyClient(http)
                .build();
        // Only Keycloak not answering counts against it: a 404 or 409 is an answer.
        this.breaker = CircuitBreaker.of("keycloak-admin", CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED).slidingWindowSize(5)
                .minimumNumberOfCalls(3).failureRateThreshold(50)
                .waitDurationInOpenState(properties.breakerOpenFor()).permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(KeycloakAdmin::unreachable)
                .build());
        this.bulkhead = Bulkhead.of("keycloak-admin", BulkheadConfig.custom()
                .maxConcurrentCalls(properties.maxConcurrentCalls()).maxWaitDuration(Duration.ZERO).build());
        this.retryAfterSeconds = (int) Math.max(1, properties.breakerOpenFor().toSeconds());
        breaker.getEventPublisher().onStateTransition(event -> log.warn("Keycloak circuit breaker: {}", event.getStateTransition()));
    }

    <T> Mono<T> call(Callable<T> work) {
        // Permission is taken when subscribed, before a worker is: refused calls never occupy one.
        return Mono.fromCallable(work)
                .subscribeOn(Schedulers.boundedElastic())
                .transformDeferred(BulkheadOperator.of(bulkhead))
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorMap(this::translate);
    }

    CircuitBreaker.State breakerState() {
        return breaker.getState();
    }

    int bulkheadPermits() {
        return bulkhead.getMetrics().getAvailableConcurrentCalls();
    }

    private static boolean unreachable(Throwable failure) {
        return failure instanceof ProcessingException || failure.getCause() instanceof java.net.ConnectException;
    }

    RealmResource realm() {
        return keycloak.realm(realm);
    }

    Optional<GroupRepresentation> groupByPath(String path) {
        try {
            return Optional.ofNullable(realm().getGroupByPath(path));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    /** The group at {@code path}, created with its missing parents; a concurrent creator is tolerated. */
    GroupRepresentation ensureGroup(String path) {
        var existing = groupByPath(path);
        if (existing.isPresent()) {
            return existing.get();
        }
        var slash = path.lastIndexOf('/');
        var name = path.substring(slash + 1);
        var group = new GroupRepresentation();
        group.setName(name);
        Response response;
        if (slash == 0) {
            response = realm().groups().add(group);
        } else {
            var parent = ensureGroup(path.substring(0, slash));
            response = realm().groups().group(parent.getId()).subGroup(group);
        }
        try (response) {
            if (response.getStatus() != 201 && response.getStatus() != 409) {
                throw new WebApplicationException("creating group " + path + " answered " + response.getStatus(), response.getStatus());
            }
        }
        return groupByPath(path).orElseThrow(() -> new IllegalStateException("group " + path + " vanished after creation"));
    }

    static String createdId(Response response) {
        try (response) {
            return CreatedResponseUtil.getCreatedId(response);
        }
    }

    private Throwable translate(Throwable failure) {
        if (failure instanceof ProblemException) {
            return failure;
        }
        if (failure instanceof CallNotPermittedException || failure instanceof BulkheadFullException) {
            return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "identity-provider-unavailable",
                    "Identity provider unavailable",
                    failure instanceof CallNotPermittedException
                            ? "Keycloak has not been answering; nothing was changed. Try again shortly."
                            : "Too many calls to Keycloak are waiting; nothing was changed. Try again shortly.",
                    Map.of(), Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
        }
        if (unreachable(failure)) {
            log.warn("Keycloak unreachable: {}", failure.toString());
            return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "identity-provider-unavailable",
                    "Identity provider unavailable",
                    "Keycloak could not be reached or did not answer in time; nothing was changed. Try again shortly.",
                    Map.of(), Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)));
        }
        if (failure instanceof jakarta.ws.rs.NotAuthorizedException || failure instanceof jakarta.ws.rs.ForbiddenException) {
            log.error("Keycloak refused the platform's provisioning client: {}", failure.toString());
            return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "identity-provider-refused",
                    "Identity provider refused the platform", "The platform's Keycloak client was refused; "
                    + "nothing was changed. Operators: check the provisioning client and its secret.",
                    Map.of(), Map.of("Retry-After", Integer.toString(RETRY_AFTER_SECONDS)));
        }
        if (failure instanceof NotFoundException) {
            return ProblemException.notFound("person-not-found", "No such person in the identity provider.");
        }
        return failure;
    }
}
