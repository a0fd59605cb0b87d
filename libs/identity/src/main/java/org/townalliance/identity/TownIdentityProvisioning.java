package org.townalliance.identity;

import reactor.core.publisher.Mono;

/**
 * What onboarding and archiving a town do in the identity provider. Idempotent: a retried onboarding
 * calls {@link #provision} again and must find nothing left to do.
 */
public interface TownIdentityProvisioning {

    /** Creates the town's group tree and its city-hotline client, where missing. */
    Mono<Void> provision(String townSlug, String townNameZh);

    /** Disables what lets the town be changed from outside (its city-hotline client); memberships stay readable. */
    Mono<Void> archive(String townSlug);
}
