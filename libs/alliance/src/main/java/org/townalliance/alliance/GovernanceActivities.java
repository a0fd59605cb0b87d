package org.townalliance.alliance;

import org.springframework.stereotype.Service;
import org.townalliance.db.Reactive;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.HashSet;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.GOVERNANCE_ACTIVITY;
import static org.townalliance.db.jooq.town.Tables.GOVERNANCE_PARTICIPATION;

/**
 * Recording a community-governance activity: each participant once and a current member of the alliance, the activity
 * and its participations in one transaction.
 */
@Service
class GovernanceActivities {

    /** Records the activity; answers its id. */
    Mono<UUID> record(TownContext town, GovernanceController.ActivityRequest request) {
        var distinct = new HashSet<UUID>();
        for (var participant : request.participants()) {
            if (!distinct.add(participant.organisationId())) {
                return Mono.error(ProblemException.badRequest("invalid-activity", "An organisation is listed twice."));
            }
        }
        return Reactive.one(town.dsl().transactionPublisher(trx -> Flux.fromIterable(request.participants())
                        .concatMap(p -> Members.openMembership(trx.dsl(), p.organisationId())
                                .switchIfEmpty(Mono.error(() -> ProblemException.badRequest("invalid-activity",
                                        "Organisation " + p.organisationId() + " is not a current member of this alliance."))))
                        .then(Reactive.one(trx.dsl().insertInto(GOVERNANCE_ACTIVITY)
                                .set(GOVERNANCE_ACTIVITY.TOPIC, request.topic().name())
                                .set(GOVERNANCE_ACTIVITY.TITLE, request.title())
                                .set(GOVERNANCE_ACTIVITY.HELD_ON, request.heldOn())
                                .set(GOVERNANCE_ACTIVITY.ESTATE_ID, request.estateId())
                                .set(GOVERNANCE_ACTIVITY.DESCRIPTION, request.description())
                                .set(GOVERNANCE_ACTIVITY.CREATED_BY, town.caller().actor())
                                .returning(GOVERNANCE_ACTIVITY.ID)))
                        .flatMap(activity -> Flux.fromIterable(request.participants())
                                .concatMap(p -> Reactive.run(trx.dsl().insertInto(GOVERNANCE_PARTICIPATION)
                                        .set(GOVERNANCE_PARTICIPATION.ACTIVITY_ID, activity.getId())
                                        .set(GOVERNANCE_PARTICIPATION.ORGANISATION_ID, p.organisationId())
                                        .set(GOVERNANCE_PARTICIPATION.PEOPLE, p.people())
                                        .set(GOVERNANCE_PARTICIPATION.HOURS, p.hours())))
                                .then(Mono.just(activity.getId())))));
    }
}
