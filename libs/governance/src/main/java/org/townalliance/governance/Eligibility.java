package org.townalliance.governance;

import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.identity.TownPeople;
import org.townalliance.identity.TownRole;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.util.UUID;

/**
 * Who may hold an office, by its holder rule: the rotating chair is the head (a manager) of a current
 * member of kind FIRM, named with that firm; the secretariat's offices go to secretariat people; other
 * offices to anyone with a role in the town. Answers the holder's display name.
 */
@Component
class Eligibility {

    private final TownPeople people;

    Eligibility(TownPeople people) {
        this.people = people;
    }

    Mono<String> check(DSLContext dsl, String town, Offices.HolderRule rule, String personId, UUID organisationId) {
        return people.get(town, personId).flatMap(person -> {
            var name = person.familyName() != null && person.givenName() != null ? person.familyName() + person.givenName() : person.username();
            return switch (rule) {
                case CHAIR_FIRM_HEAD -> organisationId == null
                        ? Mono.error(ProblemException.badRequest("chair-organisation-required", "The chair is named with the member firm they head."))
                        : AllianceDirectory.currentFirmCode(dsl, organisationId)
                                .switchIfEmpty(Mono.error(() -> ProblemException.conflict("not-eligible",
                                        "The chair's organisation must be a current member of kind FIRM.")))
                                .flatMap(code -> person.roles().stream().anyMatch(g -> g.role() == TownRole.ORG_MANAGER && code.equals(g.organisation()))
                                        ? Mono.just(name)
                                        : Mono.error(ProblemException.conflict("not-eligible", "The chair must head (manage) that member firm.")));
                case SECRETARIAT_PERSON -> organisationId != null
                        ? Mono.error(ProblemException.badRequest("invalid-organisation", "This office is not held for an organisation."))
                        : person.roles().stream().anyMatch(g -> g.role() == TownRole.SECRETARIAT) ? Mono.just(name)
                        : Mono.error(ProblemException.conflict("not-eligible", "This office is held by a person of the secretariat."));
                case ANY_PERSON -> Mono.just(name);
            };
        });
    }
}
