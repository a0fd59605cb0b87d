package org.townalliance.governance;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.identity.TownPeople;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.util.UUID;

/**
 * The vote at the election's meeting: delegates named by a member's manager, the secretariat opening a
 * round (quorum of checked-in members), one vote per member organisation cast by its manager or its
 * delegate, and the secretariat closing the round (tally, result, the new term).
 */
@RestController
@RequestMapping(path = "/api/towns/{town}/elections/{electionId}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town: governance elections")
class BallotsController {

    record DelegateRequest(@NotNull UUID organisationId,
                           @NotBlank @Pattern(regexp = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
                                   message = "is a person id (lower-case UUID)") String personId) {
    }

    record VoteRequest(@NotNull UUID organisationId, @NotNull UUID candidateId) {
    }

    record Receipt(UUID electionId, int round, UUID organisationId, boolean asDelegate, String castBy) {
    }

    private final Standing standing;
    private final TownPeople people;

    private final ElectionNotices notices;

    BallotsController(Standing standing, TownPeople people, ElectionNotices notices) {
        this.notices = notices;
        this.standing = standing;
        this.people = people;
    }

    @PostMapping(path = "/delegates", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(anyRole = true)
    @Operation(summary = "Name the person who votes for a member organisation (its manager, or the secretariat on its behalf); "
            + "the delegate is a manager or staff of that organisation")
    Mono<Elections.Election> delegate(TownContext town, @PathVariable UUID electionId, @Valid @RequestBody DelegateRequest request) {
        var entitled = Standing.secretariat(town) ? Mono.<Void>empty() : Standing.managerOf(town, request.organisationId(), "name its delegate");
        return Elections.find(town.dsl(), electionId)
                .flatMap(e -> Elections.RUNNING.contains(e.getStatus()) ? entitled
                        : Mono.error(ProblemException.conflict("election-closed", "The election is " + e.getStatus().toLowerCase() + ".")))
                .then(AllianceDirectory.code(town.dsl(), request.organisationId()))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("organisation-not-found", "No such organisation.")))
                .flatMap(code -> people.get(town.slug(), request.personId()).flatMap(person -> person.roles().stream()
                        .anyMatch(g -> code.equals(g.organisation()) && (g.role() == TownRole.ORG_MANAGER || g.role() == TownRole.ORG_STAFF))
                        ? Elections.nameDelegate(town.dsl(), electionId, request.organisationId(), person.id(), name(person), town.caller().actor())
                        : Mono.error(ProblemException.conflict("not-eligible", "A delegate is a manager or staff of the organisation they vote for."))))
                .then(Elections.view(town.dsl(), electionId));
    }

    @PostMapping("/ballot/open")
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Open the next ballot round at the meeting: more than the quorum of active members checked in, "
            + "candidates' eligibility checked again")
    Mono<Elections.Election> open(TownContext town, @PathVariable UUID electionId) {
        return Elections.find(town.dsl(), electionId)
                .flatMap(e -> Offices.find(town.dsl(), e.getOfficeCode()))
                .flatMap(office -> Mono.zip(standing.ineligible(town, office, electionId), AllianceDirectory.currentMemberIds(town.dsl())))
                .flatMap(t -> Ballots.open(town.dsl(), electionId, t.getT1(), t.getT2(), town.caller().actor(), notices.opened(town, t.getT2())))
                .then(Elections.view(town.dsl(), electionId));
    }

    @PostMapping(path = "/votes", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(anyRole = true)
    @Operation(summary = "Cast the organisation's one vote of the open round, as its manager or its named delegate; never changed after")
    Mono<Receipt> vote(TownContext town, @PathVariable UUID electionId, @Valid @RequestBody VoteRequest request) {
        var organisation = request.organisationId();
        return Elections.find(town.dsl(), electionId)
                .flatMap(e -> Standing.managed(town).flatMap(managed -> managed.contains(organisation) ? Mono.just(false)
                        : Elections.isDelegate(town.dsl(), electionId, organisation, town.caller().subject())
                                .flatMap(delegate -> delegate ? Mono.just(true) : Mono.error(ProblemException.forbidden("not-entitled-to-vote",
                                        "Only the organisation's manager or its named delegate votes for it; nothing was recorded."))))
                        .flatMap(asDelegate -> AllianceDirectory.isCurrentMember(town.dsl(), organisation)
                                .flatMap(member -> member ? Ballots.vote(town.dsl(), electionId, request.candidateId(), organisation,
                                                town.caller().actor(), asDelegate).then(Elections.find(town.dsl(), electionId))
                                        .map(after -> new Receipt(electionId, after.getRound(), organisation, asDelegate, town.caller().actor()))
                                        : Mono.error(ProblemException.forbidden("not-entitled-to-vote", "Only current member organisations vote.")))));
    }

    @PostMapping("/ballot/close")
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Close the open round: the tally decides under the election's rules; the elected person's term starts "
            + "the day the previous term ends; otherwise the next round is among the remaining candidates")
    Mono<Elections.Election> close(TownContext town, @PathVariable UUID electionId) {
        return Elections.find(town.dsl(), electionId)
                .flatMap(e -> Offices.find(town.dsl(), e.getOfficeCode()))
                .flatMap(office -> standing.ineligible(town, office, electionId)
                        .flatMap(ineligible -> Ballots.close(town.dsl(), town.slug(), electionId, office, ineligible, Standing.today(town),
                                town.caller().actor())))
                .then(Elections.view(town.dsl(), electionId));
    }

    private static String name(TownPeople.Person person) {
        return person.familyName() != null && person.givenName() != null ? person.familyName() + person.givenName() : person.username();
    }
}
