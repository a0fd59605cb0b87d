package org.townalliance.governance;

import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.townalliance.db.Reactive;
import org.townalliance.notifications.Audience;
import org.townalliance.notifications.Notice;
import org.townalliance.notifications.NoticeKind;
import org.townalliance.notifications.Notices;
import org.townalliance.tenancy.TownContext;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.ELECTION;
import static org.townalliance.db.jooq.town.Tables.ELECTION_DELEGATE;

/**
 * Nominations and ballot rounds, each one transaction with the notice that tells those it concerns: the person
 * proposed (to accept or decline), the recommending member's managers when it is seconded, and, when a round opens,
 * every active member's managers and the delegates named to vote for them.
 */
@Service
class ElectionNotices {

    private final Notices notices;

    ElectionNotices(Notices notices) {
        this.notices = notices;
    }

    Mono<UUID> propose(TownContext town, UUID electionId, String personId, String personName, UUID organisationId, Elections.ProposedBy by,
                       UUID byOrganisationId, String statement) {
        return Reactive.one(town.dsl().transactionPublisher(trx -> Elections.propose(trx.dsl(), electionId, personId, personName, organisationId,
                        by, byOrganisationId, town.caller().actor(), statement)
                .flatMap(candidate -> tell(trx.dsl(), town, electionId, NoticeKind.ELECTION_NOMINATED, "candidate:" + candidate,
                        List.of(new Audience.Person(personId)), Map.of()).thenReturn(candidate))));
    }

    Mono<Void> second(TownContext town, UUID electionId, UUID candidateId, UUID byOrganisationId, UUID proposedByOrganisationId) {
        return Reactive.one(town.dsl().transactionPublisher(trx -> Elections.second(trx.dsl(), candidateId, byOrganisationId, town.caller().actor())
                .then(tell(trx.dsl(), town, electionId, NoticeKind.ELECTION_SECONDED, "seconded:" + candidateId,
                        List.of(Audience.managersOf(proposedByOrganisationId)), Map.of()))
                .thenReturn(true))).then();
    }

    /** What {@link Ballots#open} writes with the round it opens. */
    Ballots.Opened opened(TownContext town, List<UUID> activeMembers) {
        return (trx, electionId, round) -> Flux.from(trx.select(ELECTION_DELEGATE.PERSON_ID).from(ELECTION_DELEGATE)
                        .where(ELECTION_DELEGATE.ELECTION_ID.eq(electionId))).map(r -> r.value1()).collectList()
                .flatMap(delegates -> {
                    var audience = new ArrayList<Audience>();
                    activeMembers.forEach(member -> audience.add(Audience.managersOf(member)));
                    delegates.forEach(delegate -> audience.add(new Audience.Person(delegate)));
                    return tell(trx, town, electionId, NoticeKind.ELECTION_BALLOT_OPEN, "round:" + electionId + ":" + round, audience,
                            Map.of("round", Integer.toString(round)));
                });
    }

    private Mono<Void> tell(DSLContext trx, TownContext town, UUID electionId, NoticeKind kind, String key, List<Audience> audience,
                            Map<String, String> extra) {
        return Reactive.one(trx.select(ELECTION.TITLE).from(ELECTION).where(ELECTION.ID.eq(electionId))).map(r -> r.value1())
                .flatMap(title -> {
                    var params = new java.util.HashMap<>(extra);
                    params.put("office", title);
                    params.put("path", "/console/towns/" + town.slug() + "/elections/" + electionId);
                    return notices.queue(trx, Notice.of(town.slug(), kind, key, audience, params));
                });
    }

}
