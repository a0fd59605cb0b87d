package org.townalliance.identity;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The person (or machine client) behind a request: one Keycloak account, the platform role, and
 * the grants it holds in each town. A person in three towns has three sets of grants, one login.
 */
public record Caller(String subject, String username, boolean platformAdmin, Set<TownGrant> grants) {

    public Caller {
        grants = Set.copyOf(grants);
    }

    public Set<TownGrant> grantsIn(String town) {
        return grants.stream().filter(grant -> grant.town().equals(town)).collect(Collectors.toUnmodifiableSet());
    }

    public boolean hasAnyGrantIn(String town) {
        return grants.stream().anyMatch(grant -> grant.town().equals(town));
    }

    public boolean hasRoleIn(String town, TownRole role) {
        return grants.stream().anyMatch(grant -> grant.town().equals(town) && grant.role() == role);
    }

    /** The towns this caller may open, in name order; the platform admin opens any town separately. */
    public Set<String> towns() {
        return grants.stream().map(TownGrant::town).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
