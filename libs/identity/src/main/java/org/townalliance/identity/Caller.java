package org.townalliance.identity;

import java.util.Set;
import java.util.stream.Collectors;

/**
 * The person (or machine client) behind a request: one Keycloak account, the platform role, and
 * the grants it holds in each town. A person in three towns has three sets of grants, one login.
 */
public record Caller(String subject, String username, boolean platformAdmin, Set<TownGrant> grants, String name) {

    private static final java.util.regex.Pattern PHONE = java.util.regex.Pattern.compile("^\\+?[0-9]{7,15}$");

    public Caller {
        grants = Set.copyOf(grants);
    }

    public Caller(String subject, String username, boolean platformAdmin, Set<TownGrant> grants) {
        this(subject, username, platformAdmin, grants, null);
    }

    /**
     * How this person is named in what others read (ticket timelines, ledgers, meeting and election records): the user
     * name, unless it is a mobile number (people invited by phone log in with it), which firms and colleagues never
     * see: then the person's name, or the number's last four digits.
     */
    public String actor() {
        if (username == null || !PHONE.matcher(username).matches()) {
            return username;
        }
        return name != null && !name.isBlank() ? name : "尾号" + username.substring(username.length() - 4);
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
