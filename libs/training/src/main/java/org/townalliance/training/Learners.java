package org.townalliance.training;

import org.springframework.stereotype.Component;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.identity.TownGrant;
import org.townalliance.identity.TownPeople;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** Who may be enrolled, by whom, and whose enrolments a caller sees; people and their roles come from Keycloak. */
@Component
class Learners {

    /** {@code all} for the secretariat; else the organisations whose enrolments the caller manages. */
    record Visibility(boolean all, Set<UUID> organisations) {
    }

    private final TownPeople people;

    Learners(TownPeople people) {
        this.people = people;
    }

    Mono<Enrolments.Learner> resolve(TownContext town, String requestedPerson, UUID requestedOrganisation) {
        var personId = requestedPerson == null || requestedPerson.isBlank() ? town.caller().subject() : requestedPerson;
        return people.get(town.slug(), personId).flatMap(person -> {
            var codes = person.roles().stream().filter(g -> g.organisation() != null
                            && (g.role() == TownRole.ORG_MANAGER || g.role() == TownRole.ORG_STAFF))
                    .map(TownGrant::organisation).collect(Collectors.toSet());
            if (codes.isEmpty()) {
                return Mono.error(ProblemException.badRequest("not-of-a-member", "Only people of member organisations enrol."));
            }
            Mono<UUID> organisation = requestedOrganisation != null
                    ? AllianceDirectory.code(town.dsl(), requestedOrganisation).filter(codes::contains).map(code -> requestedOrganisation)
                    : codes.size() == 1 ? AllianceDirectory.organisationIds(town.dsl(), codes).flatMap(ids -> Mono.justOrEmpty(ids.stream().findFirst()))
                    : Mono.error(ProblemException.badRequest("learner-organisation-required", "This person works for several members: say for which."));
            var name = (nullToEmpty(person.familyName()) + nullToEmpty(person.givenName())).strip();
            return organisation
                    .switchIfEmpty(Mono.error(() -> ProblemException.badRequest("not-of-that-organisation", "This person does not work for that organisation here.")))
                    .filterWhen(id -> AllianceDirectory.isCurrentMember(town.dsl(), id))
                    .switchIfEmpty(Mono.error(() -> ProblemException.badRequest("not-a-member", "The organisation is not a current member of the alliance.")))
                    .filterWhen(id -> mayActFor(town, personId, id))
                    .switchIfEmpty(Mono.error(() -> ProblemException.forbidden("may-not-enrol",
                            "You enrol yourself, your organisation's people if you manage it, or (the secretariat) anyone.")))
                    .map(id -> new Enrolments.Learner(personId, name.isEmpty() ? person.username() : name, id));
        });
    }

    /** The person themselves, a manager of their organisation here, or the secretariat. */
    Mono<Boolean> mayActFor(TownContext town, String personId, UUID organisationId) {
        if (secretariat(town) || town.caller().subject().equals(personId)) {
            return Mono.just(true);
        }
        return visibility(town).map(v -> v.organisations().contains(organisationId));
    }

    Mono<Visibility> visibility(TownContext town) {
        if (secretariat(town)) {
            return Mono.just(new Visibility(true, Set.of()));
        }
        var managed = town.caller().grantsIn(town.slug()).stream().filter(g -> g.role() == TownRole.ORG_MANAGER && g.organisation() != null)
                .map(TownGrant::organisation).collect(Collectors.toSet());
        return managed.isEmpty() ? Mono.just(new Visibility(false, Set.of()))
                : AllianceDirectory.organisationIds(town.dsl(), managed).map(ids -> new Visibility(false, Set.copyOf(ids)));
    }

    private static boolean secretariat(TownContext town) {
        return town.caller().grantsIn(town.slug()).stream().anyMatch(g -> g.role() == TownRole.SECRETARIAT);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
