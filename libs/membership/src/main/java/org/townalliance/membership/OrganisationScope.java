package org.townalliance.membership;

import org.townalliance.identity.TownGrant;
import org.townalliance.identity.TownPeople;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a caller may do with the people of a town: the secretariat (and the audited platform admin)
 * everything; a member organisation's managers only the people and roles of their own organisation(s),
 * and they never see anyone's other roles (object-level authorisation).
 */
record OrganisationScope(boolean whole, Set<String> organisations) {

    static OrganisationScope of(TownContext town) {
        var caller = town.caller();
        if (caller.hasRoleIn(town.slug(), TownRole.SECRETARIAT) || (caller.platformAdmin() && !caller.hasAnyGrantIn(town.slug()))) {
            return new OrganisationScope(true, Set.of());
        }
        return new OrganisationScope(false, caller.grantsIn(town.slug()).stream()
                .filter(grant -> grant.role() == TownRole.ORG_MANAGER)
                .map(TownGrant::organisation)
                .collect(Collectors.toUnmodifiableSet()));
    }

    private boolean own(TownGrant grant) {
        return grant.organisation() != null && organisations.contains(grant.organisation());
    }

    /** The person as this caller may see them, or empty if they belong to none of the caller's organisations. */
    Optional<TownPeople.Person> visible(TownPeople.Person person) {
        if (whole) {
            return Optional.of(person);
        }
        var roles = person.roles().stream().filter(this::own).toList();
        return roles.isEmpty() ? Optional.empty() : Optional.of(new TownPeople.Person(person.id(), person.username(),
                person.familyName(), person.givenName(), person.email(), person.enabled(), roles));
    }

    void requireAssignable(TownRole role, String organisation) {
        if (whole) {
            return;
        }
        if ((role != TownRole.ORG_MANAGER && role != TownRole.ORG_STAFF) || organisation == null
                || !organisations.contains(organisation.strip())) {
            throw ProblemException.forbidden("not-your-organisation",
                    "As a member's manager you can give roles in your own organisation only.");
        }
    }

    /** A manager may change only people whose every role in the town is in the manager's organisations. */
    Mono<Void> requireManageable(TownPeople people, String town, String personId) {
        if (whole) {
            return Mono.empty();
        }
        return people.get(town, personId).flatMap(person -> person.roles().stream().allMatch(this::own)
                ? Mono.<Void>empty()
                : Mono.error(ProblemException.forbidden("not-your-organisation",
                        "This person holds roles outside your organisation; the secretariat manages them.")));
    }
}
