package org.townalliance.tenancy;

import reactor.core.publisher.Mono;

/**
 * The onboarding step that prepares a town in the identity provider (its Keycloak group tree).
 * Must be idempotent: a retried onboarding calls it again.
 */
public interface TownIdentityProvisioning {

    Mono<Void> provision(String townSlug, String townNameZh);

    /** Used until the identity module provides Keycloak provisioning: records the step, changes nothing. */
    TownIdentityProvisioning NONE = (slug, name) -> Mono.empty();
}
