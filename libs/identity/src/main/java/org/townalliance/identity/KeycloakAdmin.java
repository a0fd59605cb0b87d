package org.townalliance.identity;

import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.admin.client.KeycloakBuilder;
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
 * never on an event loop; an unreachable Keycloak becomes a 503 problem with {@code Retry-After}.
 */
final class KeycloakAdmin {

    private static final Logger log = LoggerFactory.getLogger(KeycloakAdmin.class);
    static final int RETRY_AFTER_SECONDS = 30;

    private final Keycloak keycloak;
    private final String realm;

    KeycloakAdmin(KeycloakAdminProperties properties) {
        this.realm = properties.realm();
        this.keycloak = KeycloakBuilder.builder()
                .serverUrl(properties.serverUrl())
                .realm(properties.realm())
                .grantType(OAuth2Constants.CLIENT_CREDENTIALS)
                .clientId(properties.clientId())
                .clientSecret(properties.clientSecret())
                .build();
    }

    <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work)
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(KeycloakAdmin::translate);
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

    private static Throwable translate(Throwable failure) {
        if (failure instanceof ProblemException) {
            return failure;
        }
        if (failure instanceof ProcessingException || failure.getCause() instanceof java.net.ConnectException) {
            log.warn("Keycloak unreachable: {}", failure.toString());
            return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "identity-provider-unavailable",
                    "Identity provider unavailable",
                    "Keycloak could not be reached; nothing was changed. Try again shortly.",
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
