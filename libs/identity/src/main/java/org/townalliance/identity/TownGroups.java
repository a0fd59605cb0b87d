package org.townalliance.identity;

import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads the full-path group memberships of the access token into grants. Anything that does not match
 * the documented tree is ignored: a grant is never guessed.
 */
public final class TownGroups {

    private static final String SLUG = "([a-z][a-z0-9-]{1,30})";
    private static final Pattern TOWN_ROLE = Pattern.compile("^/towns/" + SLUG + "/(secretariat|hotline)$");
    private static final Pattern ORG_ROLE = Pattern.compile("^/towns/" + SLUG + "/orgs/([A-Za-z0-9-]{1,64})/(managers|staff)$");
    private static final Pattern INTEGRATION = Pattern.compile("^/towns/" + SLUG + "/integrations/city-hotline$");

    private TownGroups() {
    }

    public static Set<TownGrant> grants(Collection<String> groupPaths) {
        var grants = new HashSet<TownGrant>();
        for (var path : groupPaths) {
            parse(path).ifPresent(grants::add);
        }
        return grants;
    }

    static Optional<TownGrant> parse(String path) {
        var town = TOWN_ROLE.matcher(path);
        if (town.matches()) {
            var role = town.group(2).equals("secretariat") ? TownRole.SECRETARIAT : TownRole.HOTLINE;
            return Optional.of(new TownGrant(town.group(1), role, null));
        }
        var org = ORG_ROLE.matcher(path);
        if (org.matches()) {
            var role = org.group(3).equals("managers") ? TownRole.ORG_MANAGER : TownRole.ORG_STAFF;
            return Optional.of(new TownGrant(org.group(1), role, org.group(2)));
        }
        var integration = INTEGRATION.matcher(path);
        if (integration.matches()) {
            return Optional.of(new TownGrant(integration.group(1), TownRole.CITY_HOTLINE, null));
        }
        return Optional.empty();
    }

    /** The group path of a town role, as provisioned in Keycloak. */
    public static String path(String town, TownRole role, String organisation) {
        return switch (role) {
            case SECRETARIAT -> "/towns/" + town + "/secretariat";
            case HOTLINE -> "/towns/" + town + "/hotline";
            case ORG_MANAGER -> "/towns/" + town + "/orgs/" + organisation + "/managers";
            case ORG_STAFF -> "/towns/" + town + "/orgs/" + organisation + "/staff";
            case CITY_HOTLINE -> "/towns/" + town + "/integrations/city-hotline";
        };
    }
}
