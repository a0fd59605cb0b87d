package org.townalliance.governance;

import org.springframework.stereotype.Component;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.db.jooq.town.tables.records.OfficeRecord;
import org.townalliance.identity.TownGrant;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;

/**
 * Who the caller is in an election: the secretariat, the convener (holds the office today), the manager
 * of which member organisations; and which candidates are no longer eligible for the office (checked
 * again when a ballot opens and when it closes).
 */
@Component
class Standing {

    static final String CONVENER = "convener";

    private final Eligibility eligibility;

    Standing(Eligibility eligibility) {
        this.eligibility = eligibility;
    }

    static boolean secretariat(TownContext town) {
        return town.caller().grants().stream().anyMatch(g -> g.town().equals(town.slug()) && g.role() == TownRole.SECRETARIAT);
    }

    static LocalDate today(TownContext town) {
        return LocalDate.now(town.town().timezone());
    }

    /** The current member organisations the caller manages in this town. */
    static Mono<Set<UUID>> managed(TownContext town) {
        var codes = town.caller().grants().stream()
                .filter(g -> g.town().equals(town.slug()) && g.role() == TownRole.ORG_MANAGER && g.organisation() != null)
                .map(TownGrant::organisation).toList();
        return AllianceDirectory.organisationIds(town.dsl(), codes)
                .flatMap(ids -> AllianceDirectory.currentMemberIds(town.dsl()).map(members -> Set.copyOf(ids.stream().filter(members::contains).toList())));
    }

    /** The caller manages this current member organisation, or the request is refused. */
    static Mono<Void> managerOf(TownContext town, UUID organisationId, String what) {
        return managed(town).flatMap(ids -> ids.contains(organisationId) ? Mono.<Void>empty()
                : Mono.error(ProblemException.forbidden("not-organisation-manager", "Only a manager of that current member organisation may " + what + ".")));
    }

    static Mono<Boolean> convener(TownContext town) {
        return Offices.heldOn(town.dsl(), today(town)).any(t -> CONVENER.equals(t.officeCode()) && t.personId().equals(town.caller().subject()));
    }

    Mono<String> eligible(TownContext town, OfficeRecord office, String personId, UUID organisationId) {
        return eligibility.check(town.dsl(), town.slug(), Offices.HolderRule.valueOf(office.getHolderRule()), personId, organisationId);
    }

    /** The standing (accepted, not eliminated) candidates who are no longer eligible for the office. */
    Mono<Set<UUID>> ineligible(TownContext town, OfficeRecord office, UUID electionId) {
        return Elections.candidates(town.dsl(), electionId).filter(Elections.Candidate::standing)
                .concatMap(c -> eligible(town, office, c.personId(), c.organisationId()).then(Mono.<UUID>empty())
                        .onErrorResume(ProblemException.class, refused -> Mono.just(c.id())))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }
}
