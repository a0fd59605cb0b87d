package org.townalliance.governance;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.ElectionRecord;
import org.townalliance.db.jooq.town.tables.records.ElectionRoundRecord;
import org.townalliance.db.jooq.town.tables.records.OfficeRecord;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.ELECTION;
import static org.townalliance.db.jooq.town.Tables.ELECTION_BALLOT;
import static org.townalliance.db.jooq.town.Tables.ELECTION_CANDIDATE;
import static org.townalliance.db.jooq.town.Tables.ELECTION_ROUND;
import static org.townalliance.db.jooq.town.Tables.ELECTION_VOTER;
import static org.townalliance.db.jooq.town.Tables.MEETING;
import static org.townalliance.db.jooq.town.Tables.MEETING_ATTENDEE;
import static org.townalliance.db.jooq.town.Tables.OFFICE_TERM;

/**
 * The ballot at the election's meeting, in rounds. Opening a round checks the quorum (organisations
 * checked in at the meeting) under a lock on the election; a vote takes a shared lock, so no vote lands
 * after the round is closed; one vote per organisation and round is the primary key of election_voter.
 * Closing tallies the round ({@link Tally}) and, when someone is elected, records their term in the same
 * transaction, starting on the day the election fixed, else the day the previous term ends.
 */
final class Ballots {

    private Ballots() {
    }

    record Count(UUID candidateId, long votes) {
    }

    record Voter(UUID organisationId, String castBy, boolean asDelegate, OffsetDateTime castAt) {
    }

    record Choice(UUID organisationId, UUID candidateId) {
    }

    /** A round; its tally (and for an open ballot who chose whom) is shown once it is closed. */
    record Round(int round, int activeMembers, int present, int votesCast, String outcome, String openedBy, OffsetDateTime openedAt,
                 OffsetDateTime closedAt, List<Count> tally, List<Voter> voters, List<Choice> choices) {
    }

    static Flux<Round> rounds(DSLContext town, UUID electionId, Elections.Ballot ballot) {
        return Flux.from(town.selectFrom(ELECTION_ROUND).where(ELECTION_ROUND.ELECTION_ID.eq(electionId)).orderBy(ELECTION_ROUND.ROUND))
                .concatMap(r -> Mono.zip(voters(town, electionId, r.getRound()),
                                r.getClosedAt() == null ? Mono.just(List.<Count>of()) : tally(town, electionId, r.getRound()),
                                r.getClosedAt() == null || ballot == Elections.Ballot.SECRET ? Mono.just(List.<Choice>of())
                                        : choices(town, electionId, r.getRound()))
                        .map(t -> round(r, t.getT1(), t.getT2(), t.getT3())));
    }

    /** Opens the next round: at least one standing candidate, the meeting in session, and the quorum present. */
    /** What else opening a round writes in its transaction: the notice to the members' managers and delegates. */
    @FunctionalInterface
    interface Opened {
        Mono<Void> write(DSLContext trx, UUID electionId, int round);
    }

    static Mono<Integer> open(DSLContext town, UUID electionId, Set<UUID> ineligible, List<UUID> activeMembers, String actor, Opened opened) {
        return Reactive.one(town.transactionPublisher(trx -> {
            var tx = trx.dsl();
            return locked(tx, electionId).flatMap(e -> {
                if (!"NOMINATING".equals(e.getStatus()) && !"RUNOFF".equals(e.getStatus())) {
                    return Mono.error(ProblemException.conflict("ballot-not-allowed",
                            "VOTING".equals(e.getStatus()) ? "A ballot round is already open." : "The election is " + e.getStatus().toLowerCase() + "."));
                }
                var rules = Elections.rules(e);
                var markIneligible = ineligible.isEmpty() ? Mono.<Void>empty() : Reactive.run(tx.update(ELECTION_CANDIDATE)
                        .set(ELECTION_CANDIDATE.STATUS, "INELIGIBLE").where(ELECTION_CANDIDATE.ID.in(ineligible)));
                var standing = Reactive.one(tx.selectCount().from(ELECTION_CANDIDATE).where(ELECTION_CANDIDATE.ELECTION_ID.eq(electionId))
                        .and(ELECTION_CANDIDATE.STATUS.eq("ACCEPTED")).and(ELECTION_CANDIDATE.ELIMINATED_IN_ROUND.isNull())).map(r -> r.value1());
                var meetingOpen = Reactive.one(tx.select(MEETING.STATUS).from(MEETING).where(MEETING.ID.eq(e.getMeetingId()))).map(r -> r.value1());
                var present = Reactive.one(tx.selectCount().from(MEETING_ATTENDEE).where(MEETING_ATTENDEE.MEETING_ID.eq(e.getMeetingId()))
                        .and(MEETING_ATTENDEE.CHECKED_IN_AT.isNotNull()).and(MEETING_ATTENDEE.ORGANISATION_ID.in(activeMembers))).map(r -> r.value1());
                var next = e.getRound() + 1;
                // One statement at a time: they share the transaction's connection.
                return markIneligible.then(standing.flatMap(n -> meetingOpen.flatMap(status -> present.map(p -> reactor.util.function.Tuples.of(n, status, p)))))
                        .flatMap(t -> {
                    if (t.getT1() == 0) {
                        return Mono.error(ProblemException.conflict("no-candidates", "No candidate has accepted (and is still eligible)."));
                    }
                    if (!"SCHEDULED".equals(t.getT2())) {
                        return Mono.error(ProblemException.conflict("meeting-closed", "The election's meeting is " + t.getT2().toLowerCase() + "."));
                    }
                    var needed = rules.quorum(activeMembers.size());
                    if (t.getT3() < needed) {
                        return Mono.error(ProblemException.conflict("quorum-not-met", "%d of %d active members are checked in at the meeting; %d are needed."
                                .formatted(t.getT3(), activeMembers.size(), needed)));
                    }
                    return Reactive.run(tx.insertInto(ELECTION_ROUND).set(ELECTION_ROUND.ELECTION_ID, electionId).set(ELECTION_ROUND.ROUND, next)
                                    .set(ELECTION_ROUND.ACTIVE_MEMBERS, activeMembers.size()).set(ELECTION_ROUND.PRESENT, t.getT3())
                                    .set(ELECTION_ROUND.OPENED_BY, actor))
                            .then(Reactive.run(tx.update(ELECTION).set(ELECTION.STATUS, "VOTING").set(ELECTION.ROUND, next)
                                    .where(ELECTION.ID.eq(electionId))))
                            .then(opened.write(tx, electionId, next))
                            .thenReturn(next);
                });
            });
        }));
    }

    /** One vote for the organisation in the open round; the organisation must be checked in at the meeting. */
    static Mono<Void> vote(DSLContext town, UUID electionId, UUID candidateId, UUID organisationId, String actor, boolean asDelegate) {
        return Reactive.one(town.transactionPublisher(trx -> {
            var tx = trx.dsl();
            return Reactive.one(tx.selectFrom(ELECTION).where(ELECTION.ID.eq(electionId)).forShare())
                    .switchIfEmpty(Mono.error(() -> ProblemException.notFound("election-not-found", "No such election in this town.")))
                    .flatMap(e -> !"VOTING".equals(e.getStatus())
                            ? Mono.error(ProblemException.conflict("ballot-closed", "No ballot round of this election is open; nothing was recorded."))
                            : Reactive.one(tx.selectOne().from(ELECTION_CANDIDATE).where(ELECTION_CANDIDATE.ID.eq(candidateId))
                                            .and(ELECTION_CANDIDATE.ELECTION_ID.eq(electionId)).and(ELECTION_CANDIDATE.STATUS.eq("ACCEPTED"))
                                            .and(ELECTION_CANDIDATE.ELIMINATED_IN_ROUND.isNull()))
                                    .switchIfEmpty(Mono.error(() -> ProblemException.conflict("candidate-not-standing",
                                            "That person is not a standing candidate in this round; nothing was recorded.")))
                                    .then(Reactive.one(tx.selectOne().from(MEETING_ATTENDEE).where(MEETING_ATTENDEE.MEETING_ID.eq(e.getMeetingId()))
                                            .and(MEETING_ATTENDEE.ORGANISATION_ID.eq(organisationId)).and(MEETING_ATTENDEE.CHECKED_IN_AT.isNotNull())))
                                    .switchIfEmpty(Mono.error(() -> ProblemException.conflict("not-present",
                                            "This organisation is not checked in at the election's meeting; nothing was recorded.")))
                                    .then(Reactive.one(tx.insertInto(ELECTION_VOTER).set(ELECTION_VOTER.ELECTION_ID, electionId)
                                            .set(ELECTION_VOTER.ROUND, e.getRound()).set(ELECTION_VOTER.ORGANISATION_ID, organisationId)
                                            .set(ELECTION_VOTER.CAST_BY, actor).set(ELECTION_VOTER.AS_DELEGATE, asDelegate)
                                            .onConflictDoNothing().returningResult(ELECTION_VOTER.ORGANISATION_ID)))
                                    .switchIfEmpty(Mono.error(() -> ProblemException.conflict("already-voted",
                                            "This organisation has already voted in this round; a vote is never changed.")))
                                    .then(Reactive.run(tx.insertInto(ELECTION_BALLOT).set(ELECTION_BALLOT.ELECTION_ID, electionId)
                                            .set(ELECTION_BALLOT.ROUND, e.getRound()).set(ELECTION_BALLOT.CANDIDATE_ID, candidateId)
                                            .set(ELECTION_BALLOT.ORGANISATION_ID, Elections.Ballot.OPEN.name().equals(e.getBallot()) ? organisationId : null))));
        })).then();
    }

    /** Closes the open round and applies its outcome: the elected person's term, or the next round's candidates. */
    static Mono<Tally.Result> close(DSLContext town, String slug, UUID electionId, OfficeRecord office, Set<UUID> ineligible, LocalDate today,
                                    String actor) {
        return Reactive.one(town.transactionPublisher(trx -> {
            var tx = trx.dsl();
            return locked(tx, electionId).flatMap(e -> {
                if (!"VOTING".equals(e.getStatus())) {
                    return Mono.error(ProblemException.conflict("ballot-closed", "No ballot round of this election is open."));
                }
                var round = e.getRound();
                var rules = Elections.rules(e);
                return tally(tx, electionId, round).zipWhen(counts -> Elections.candidates(tx, electionId).filter(Elections.Candidate::standing).collectList())
                        .flatMap(t -> AllianceDirectory.memberSince(tx, t.getT2().stream().map(Elections.Candidate::organisationId)
                                        .filter(Objects::nonNull).toList())
                                .flatMap(since -> {
                                    var contenders = t.getT2().stream().map(c -> new Tally.Contender(c.id(), t.getT1().stream()
                                            .filter(n -> n.candidateId().equals(c.id())).mapToLong(Count::votes).sum(),
                                            c.organisationId() == null ? null : since.get(c.organisationId()))).toList();
                                    var result = Tally.of(contenders, rules.majority(), rules.tieBreak());
                                    var closeRound = Reactive.run(tx.update(ELECTION_ROUND).set(ELECTION_ROUND.VOTES_CAST, (int) result.votesCast())
                                            .set(ELECTION_ROUND.OUTCOME, result.outcome().name()).set(ELECTION_ROUND.CLOSED_BY, actor)
                                            .set(ELECTION_ROUND.CLOSED_AT, OffsetDateTime.now())
                                            .where(ELECTION_ROUND.ELECTION_ID.eq(electionId)).and(ELECTION_ROUND.ROUND.eq(round)));
                                    if (result.outcome() != Tally.Outcome.ELECTED) {
                                        return closeRound.then(Reactive.run(tx.update(ELECTION_CANDIDATE).set(ELECTION_CANDIDATE.ELIMINATED_IN_ROUND, round)
                                                        .where(ELECTION_CANDIDATE.ELECTION_ID.eq(electionId)).and(ELECTION_CANDIDATE.STATUS.eq("ACCEPTED"))
                                                        .and(ELECTION_CANDIDATE.ELIMINATED_IN_ROUND.isNull())
                                                        .and(ELECTION_CANDIDATE.ID.notIn(result.remaining()))))
                                                .then(Reactive.run(tx.update(ELECTION).set(ELECTION.STATUS, "RUNOFF").where(ELECTION.ID.eq(electionId))))
                                                .thenReturn(result);
                                    }
                                    if (ineligible.contains(result.elected())) {
                                        return Mono.error(ProblemException.conflict("winner-not-eligible",
                                                "The elected candidate is no longer eligible for the office; cancel this election and open a new one."));
                                    }
                                    var winner = t.getT2().stream().filter(c -> c.id().equals(result.elected())).findFirst().orElseThrow();
                                    return closeRound.then(e.getTermStartsOn() != null ? Mono.just(e.getTermStartsOn()) : termStart(tx, office.getCode(), today))
                                            .flatMap(start -> Offices.recordIn(tx, slug, office, new Offices.Term(null, office.getCode(), winner.personId(),
                                                    winner.personName(), winner.organisationId(), start, start.plusMonths(office.getTermMonths()),
                                                    "选举产生 · " + e.getTitle(), actor)))
                                            .flatMap(term -> Reactive.run(tx.update(ELECTION).set(ELECTION.STATUS, "ELECTED")
                                                    .set(ELECTION.ELECTED_CANDIDATE_ID, winner.id()).set(ELECTION.TERM_ID, term.id())
                                                    .set(ELECTION.CLOSED_AT, OffsetDateTime.now()).where(ELECTION.ID.eq(electionId))))
                                            .thenReturn(result);
                                }));
            });
        }));
    }

    /** The day the running (or a later planned) term ends, or today when the office is vacant. */
    private static Mono<LocalDate> termStart(DSLContext tx, String officeCode, LocalDate today) {
        return Reactive.one(tx.select(DSL.max(OFFICE_TERM.ENDS_ON)).from(OFFICE_TERM).where(OFFICE_TERM.OFFICE_CODE.eq(officeCode))
                        .and(OFFICE_TERM.ENDS_ON.ge(today)))
                .map(r -> r.value1() == null ? today : r.value1()).defaultIfEmpty(today);
    }

    private static Mono<ElectionRecord> locked(DSLContext tx, UUID electionId) {
        return Reactive.one(tx.selectFrom(ELECTION).where(ELECTION.ID.eq(electionId)).forUpdate())
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("election-not-found", "No such election in this town.")));
    }

    private static Mono<List<Count>> tally(DSLContext town, UUID electionId, int round) {
        return Flux.from(town.select(ELECTION_BALLOT.CANDIDATE_ID, DSL.count()).from(ELECTION_BALLOT)
                        .where(ELECTION_BALLOT.ELECTION_ID.eq(electionId)).and(ELECTION_BALLOT.ROUND.eq(round))
                        .groupBy(ELECTION_BALLOT.CANDIDATE_ID).orderBy(DSL.count().desc()))
                .map(r -> new Count(r.value1(), r.value2())).collectList();
    }

    private static Mono<List<Voter>> voters(DSLContext town, UUID electionId, int round) {
        return Flux.from(town.selectFrom(ELECTION_VOTER).where(ELECTION_VOTER.ELECTION_ID.eq(electionId)).and(ELECTION_VOTER.ROUND.eq(round))
                        .orderBy(ELECTION_VOTER.CAST_AT))
                .map(v -> new Voter(v.getOrganisationId(), v.getCastBy(), Boolean.TRUE.equals(v.getAsDelegate()), v.getCastAt())).collectList();
    }

    private static Mono<List<Choice>> choices(DSLContext town, UUID electionId, int round) {
        return Flux.from(town.select(ELECTION_BALLOT.ORGANISATION_ID, ELECTION_BALLOT.CANDIDATE_ID).from(ELECTION_BALLOT)
                        .where(ELECTION_BALLOT.ELECTION_ID.eq(electionId)).and(ELECTION_BALLOT.ROUND.eq(round)))
                .map(r -> new Choice(r.value1(), r.value2())).collectList();
    }

    private static Round round(ElectionRoundRecord r, List<Voter> voters, List<Count> tally, List<Choice> choices) {
        return new Round(r.getRound(), r.getActiveMembers(), r.getPresent(), r.getVotesCast() != null ? r.getVotesCast() : voters.size(),
                r.getOutcome(), r.getOpenedBy(), r.getOpenedAt(), r.getClosedAt(), tally, voters, choices);
    }
}
