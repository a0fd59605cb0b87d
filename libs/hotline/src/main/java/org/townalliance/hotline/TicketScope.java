package org.townalliance.hotline;

import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.identity.TownGrant;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownContext;
import reactor.core.publisher.Mono;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What one caller may see and do with a town's tickets, resolved once per request: the operations
 * centre (hotline, secretariat) sees every ticket; firm and agency people see tickets dispatched to their
 * own organisations. The reporter's phone is unmasked for the operations centre, the city hotline and the
 * assigned organisation only.
 */
record TicketScope(Set<TownRole> roles, Set<UUID> ownOrganisations) {

    static Mono<TicketScope> of(TownContext town) {
        var grants = town.caller().grantsIn(town.slug());
        var roles = grants.stream().map(TownGrant::role).collect(Collectors.toUnmodifiableSet());
        var codes = grants.stream().map(TownGrant::organisation).filter(Objects::nonNull).collect(Collectors.toSet());
        return AllianceDirectory.organisationIds(town.dsl(), codes).map(ids -> new TicketScope(roles, ids));
    }

    boolean operationsCentre() {
        return roles.contains(TownRole.HOTLINE) || roles.contains(TownRole.SECRETARIAT);
    }

    boolean assignedToMine(UUID assignedOrganisation) {
        return assignedOrganisation != null && ownOrganisations.contains(assignedOrganisation);
    }

    /** Whether the caller sees a ticket (or a change of it) dispatched to {@code assignedOrganisation}. */
    boolean sees(UUID assignedOrganisation) {
        return operationsCentre() || assignedToMine(assignedOrganisation);
    }

    boolean seesPhone(UUID assignedOrganisation) {
        return sees(assignedOrganisation) || roles.contains(TownRole.CITY_HOTLINE);
    }
}
