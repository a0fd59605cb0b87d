package org.townalliance.tenancy;

import org.townalliance.audit.AuditTrail;
import org.townalliance.identity.TownGrant;
import org.townalliance.identity.TownRole;
import org.springframework.web.server.ServerWebExchange;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The role check of a town-scoped handler, from its {@link TownAccess} declaration. */
final class TownAccessCheck {

    private TownAccessCheck() {
    }

    static TownContext admit(TownContext town, TownAccess access, ServerWebExchange exchange) {
        if (access == null) {
            // Also refused at start-up (TownRoutesCheck); kept here so that no path can skip the check.
            throw new IllegalStateException("town-scoped handler without @TownAccess: " + exchange.getRequest().getPath());
        }
        var grants = town.caller().grantsIn(town.slug());
        var allowed = Arrays.asList(access.value());
        if (access.anyRole() ? !grants.isEmpty() : grants.stream().map(TownGrant::role).anyMatch(allowed::contains)) {
            return town;
        }
        if (town.caller().platformAdmin() && access.platformAdmin()) {
            exchange.getAttributes().put(AuditTrail.PRIVILEGED_ACCESS, "platform-admin in town " + town.slug());
            return town;
        }
        if (grants.isEmpty()) {
            throw TownProblems.noGrant(town.slug());
        }
        throw TownProblems.roleRequired(town.slug(), allowed.stream().map(TownRole::name).collect(Collectors.joining(" or ")));
    }
}
