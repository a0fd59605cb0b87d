package org.townalliance.governance;

import org.jooq.DSLContext;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.ElectionCandidateRecord;
import org.townalliance.db.jooq.town.tables.records.ElectionRecord;
import org.townalliance.db.jooq.town.tables.records.GovernanceRuleRecord;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.ELECTION;
import static org.townalliance.db.jooq.town.Tables.ELECTION_CANDIDATE;
import static org.townalliance.db.jooq.town.Tables.ELECTION_DELEGATE;
import static org.townalliance.db.jooq.town.Tables.GOVERNANCE_RULE;

/**
 * Elections up to the ballot: the town's rules, opening an election for an office (the rules are copied
 * into it), candidates proposed by the convener or recommended (and seconded) by members, their answer,
 * and the delegates who vote for an organisation. The ballot itself is {@link Ballots}.
 */
final class Elections {

    static final Set<String> RUNNING = Set.of("NOMINATING", "VOTING", "RUNOFF");

    private Elections() {
    }

    enum Ballot { SECRET, OPEN }

    enum ProposedBy { CONVENER, MEMBER }

    record Rules(boolean seconderRequired, int quorumPercent, Tally.Majority majority, Tally.TieBreak tieBreak, Ballot ballot) {

        /** The fewest organisations present for a quorum: more than quorumPercent % of the active members. */
        int quorum(int activeMembers) {
            return quorumPercent * activeMembers / 100 + 1;
        }
    }

    record Candidate(UUID id, String personId, String personName, UUID organisationId, ProposedBy proposedBy,
                     UUID proposedByOrganisationId, String proposedByUser, UUID secondedByOrganisationId, String status,
                     String statement, Integer eliminatedInRound) {

        boolean standing() {
            return "ACCEPTED".equals(status) && eliminatedInRound == null;
        }
    }

    record Delegate(UUID organisationId, String personId, String personName, String namedBy) {
    }

    record Summary(UUID id, String officeCode, String title, String status, LocalDate nominationsCloseOn, UUID meetingId, LocalDate termStartsOn, int round,
                   UUID electedCandidateId, UUID termId, OffsetDateTime openedAt, OffsetDateTime closedAt) {
    }

    record Election(UUID id, String officeCode, String title, String status, LocalDate nominationsCloseOn, UUID meetingId, LocalDate termStartsOn,
                    Rules rules,
                    int round, UUID electedCandidateId, UUID termId, String openedBy, OffsetDateTime openedAt, OffsetDateTime closedAt,
                    List<Candidate> candidates, List<Delegate> delegates, List<Ballots.Round> rounds) {
    }

    static Mono<Rules> rules(DSLContext town) {
        return Reactive.one(town.selectFrom(GOVERNANCE_RULE)).map(Elections::rules);
    }

    static Mono<Rules> saveRules(DSLContext town, Rules rules, String actor) {
        return Reactive.one(town.update(GOVERNANCE_RULE).set(GOVERNANCE_RULE.SECONDER_REQUIRED, rules.seconderRequired())
                .set(GOVERNANCE_RULE.QUORUM_PERCENT, rules.quorumPercent()).set(GOVERNANCE_RULE.MAJORITY, rules.majority().name())
                .set(GOVERNANCE_RULE.TIE_BREAK, rules.tieBreak().name()).set(GOVERNANCE_RULE.BALLOT, rules.ballot().name())
                .set(GOVERNANCE_RULE.UPDATED_BY, actor).set(GOVERNANCE_RULE.UPDATED_AT, OffsetDateTime.now())
                .where(GOVERNANCE_RULE.ID.isTrue()).returning()).map(Elections::rules);
    }

    /** Opens an election under the given rules; a second running election of the same office is refused by the unique index. */
    static Mono<UUID> open(DSLContext town, String officeCode, String title, LocalDate nominationsCloseOn, UUID meetingId, LocalDate termStartsOn,
                           Rules rules, String actor) {
        return Reactive.one(town.insertInto(ELECTION).set(ELECTION.OFFICE_CODE, officeCode).set(ELECTION.TITLE, title)
                        .set(ELECTION.STATUS, "NOMINATING").set(ELECTION.NOMINATIONS_CLOSE_ON, nominationsCloseOn).set(ELECTION.MEETING_ID, meetingId)
                        .set(ELECTION.TERM_STARTS_ON, termStartsOn).set(ELECTION.SECONDER_REQUIRED, rules.seconderRequired()).set(ELECTION.QUORUM_PERCENT, rules.quorumPercent())
                        .set(ELECTION.MAJORITY, rules.majority().name()).set(ELECTION.TIE_BREAK, rules.tieBreak().name())
                        .set(ELECTION.BALLOT, rules.ballot().name()).set(ELECTION.OPENED_BY, actor)
                        .onConflictDoNothing().returningResult(ELECTION.ID)).map(r -> r.value1())
                .switchIfEmpty(Mono.error(() -> ProblemException.conflict("election-open", "An election for this office is already running.")));
    }

    static Flux<Summary> list(DSLContext town) {
        return Flux.from(town.selectFrom(ELECTION).orderBy(ELECTION.OPENED_AT.desc()))
                .map(e -> new Summary(e.getId(), e.getOfficeCode(), e.getTitle(), e.getStatus(), e.getNominationsCloseOn(), e.getMeetingId(),
                        e.getTermStartsOn(), e.getRound(), e.getElectedCandidateId(), e.getTermId(), e.getOpenedAt(), e.getClosedAt()));
    }

    /** Offices with a running election (the term reminders leave them out). */
    static Mono<Set<String>> officesWithRunningElection(DSLContext town) {
        return Flux.from(town.select(ELECTION.OFFICE_CODE).from(ELECTION).where(ELECTION.STATUS.in(RUNNING)))
                .map(r -> r.value1()).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    static Mono<ElectionRecord> find(DSLContext town, UUID id) {
        return Reactive.one(town.selectFrom(ELECTION).where(ELECTION.ID.eq(id)))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("election-not-found", "No such election in this town.")));
    }

    static Mono<Election> view(DSLContext town, UUID id) {
        return find(town, id).flatMap(e -> Mono.zip(candidates(town, id).collectList(),
                        Flux.from(town.selectFrom(ELECTION_DELEGATE).where(ELECTION_DELEGATE.ELECTION_ID.eq(id)))
                                .map(d -> new Delegate(d.getOrganisationId(), d.getPersonId(), d.getPersonName(), d.getNamedBy())).collectList(),
                        Ballots.rounds(town, id, Ballot.valueOf(e.getBallot())).collectList())
                .map(t -> new Election(e.getId(), e.getOfficeCode(), e.getTitle(), e.getStatus(), e.getNominationsCloseOn(), e.getMeetingId(),
                        e.getTermStartsOn(), rules(e), e.getRound(), e.getElectedCandidateId(), e.getTermId(), e.getOpenedBy(), e.getOpenedAt(), e.getClosedAt(),
                        t.getT1(), t.getT2(), t.getT3())));
    }

    static Flux<Candidate> candidates(DSLContext town, UUID electionId) {
        return Flux.from(town.selectFrom(ELECTION_CANDIDATE).where(ELECTION_CANDIDATE.ELECTION_ID.eq(electionId))
                .orderBy(ELECTION_CANDIDATE.CREATED_AT)).map(Elections::candidate);
    }

    static Mono<Candidate> candidate(DSLContext town, UUID electionId, UUID candidateId) {
        return Reactive.one(town.selectFrom(ELECTION_CANDIDATE).where(ELECTION_CANDIDATE.ID.eq(candidateId))
                        .and(ELECTION_CANDIDATE.ELECTION_ID.eq(electionId))).map(Elections::candidate)
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("candidate-not-found", "No such candidate in this election.")));
    }

    /**
     * Nominations run while the election is NOMINATING and until the day nominations close (inclusive); the
     * secretariat may still record nominations, secondings and answers made on paper until the ballot opens.
     */
    static Mono<ElectionRecord> nominating(DSLContext town, UUID id, LocalDate today, boolean secretariat) {
        return find(town, id).flatMap(e -> !"NOMINATING".equals(e.getStatus()) || !secretariat && today.isAfter(e.getNominationsCloseOn())
                ? Mono.error(ProblemException.conflict("nominations-closed", "Nominations for this election are closed."))
                : Mono.just(e));
    }

    static Mono<UUID> propose(DSLContext town, UUID electionId, String personId, String personName, UUID organisationId, ProposedBy by,
                              UUID byOrganisationId, String actor, String statement) {
        return Reactive.one(town.insertInto(ELECTION_CANDIDATE).set(ELECTION_CANDIDATE.ELECTION_ID, electionId)
                        .set(ELECTION_CANDIDATE.PERSON_ID, personId).set(ELECTION_CANDIDATE.PERSON_NAME, personName)
                        .set(ELECTION_CANDIDATE.ORGANISATION_ID, organisationId).set(ELECTION_CANDIDATE.PROPOSED_BY_KIND, by.name())
                        .set(ELECTION_CANDIDATE.PROPOSED_BY_ORGANISATION_ID, byOrganisationId).set(ELECTION_CANDIDATE.PROPOSED_BY, actor)
                        .set(ELECTION_CANDIDATE.STATUS, "PROPOSED").set(ELECTION_CANDIDATE.STATEMENT, statement)
                        .onConflictDoNothing().returningResult(ELECTION_CANDIDATE.ID)).map(r -> r.value1())
                .switchIfEmpty(Mono.error(() -> ProblemException.conflict("already-candidate", "This person is already a candidate in this election.")));
    }

    /** A member's recommendation seconded by another member; only once. */
    static Mono<Void> second(DSLContext town, UUID candidateId, UUID byOrganisationId, String actor) {
        return Reactive.one(town.update(ELECTION_CANDIDATE).set(ELECTION_CANDIDATE.SECONDED_BY_ORGANISATION_ID, byOrganisationId)
                        .set(ELECTION_CANDIDATE.SECONDED_BY, actor)
                        .where(ELECTION_CANDIDATE.ID.eq(candidateId)).and(ELECTION_CANDIDATE.SECONDED_BY_ORGANISATION_ID.isNull())
                        .returningResult(ELECTION_CANDIDATE.ID))
                .switchIfEmpty(Mono.error(() -> ProblemException.conflict("already-seconded", "This recommendation is already seconded.")))
                .then();
    }

    /** The candidate's answer, ACCEPTED or DECLINED; a declined candidacy is final, an accepted one may still be declined (withdrawn). */
    static Mono<Void> answer(DSLContext town, UUID candidateId, String status, String statement, String actor) {
        var from = "ACCEPTED".equals(status) ? List.of("PROPOSED") : List.of("PROPOSED", "ACCEPTED");
        var update = town.update(ELECTION_CANDIDATE).set(ELECTION_CANDIDATE.STATUS, status)
                .set(ELECTION_CANDIDATE.ANSWERED_BY, actor).set(ELECTION_CANDIDATE.ANSWERED_AT, OffsetDateTime.now());
        var withStatement = statement == null ? update : update.set(ELECTION_CANDIDATE.STATEMENT, statement);
        return Reactive.one(withStatement.where(ELECTION_CANDIDATE.ID.eq(candidateId)).and(ELECTION_CANDIDATE.STATUS.in(from))
                        .returningResult(ELECTION_CANDIDATE.ID))
                .switchIfEmpty(Mono.error(() -> ProblemException.conflict("already-answered", "This candidacy was already answered.")))
                .then();
    }

    static Mono<Void> nameDelegate(DSLContext town, UUID electionId, UUID organisationId, String personId, String personName, String actor) {
        return Reactive.run(town.insertInto(ELECTION_DELEGATE).set(ELECTION_DELEGATE.ELECTION_ID, electionId)
                .set(ELECTION_DELEGATE.ORGANISATION_ID, organisationId).set(ELECTION_DELEGATE.PERSON_ID, personId)
                .set(ELECTION_DELEGATE.PERSON_NAME, personName).set(ELECTION_DELEGATE.NAMED_BY, actor)
                .onConflict(ELECTION_DELEGATE.ELECTION_ID, ELECTION_DELEGATE.ORGANISATION_ID).doUpdate()
                .set(ELECTION_DELEGATE.PERSON_ID, personId).set(ELECTION_DELEGATE.PERSON_NAME, personName)
                .set(ELECTION_DELEGATE.NAMED_BY, actor).set(ELECTION_DELEGATE.NAMED_AT, OffsetDateTime.now()));
    }

    static Mono<Boolean> isDelegate(DSLContext town, UUID electionId, UUID organisationId, String personId) {
        return Reactive.one(town.selectOne().from(ELECTION_DELEGATE).where(ELECTION_DELEGATE.ELECTION_ID.eq(electionId))
                .and(ELECTION_DELEGATE.ORGANISATION_ID.eq(organisationId)).and(ELECTION_DELEGATE.PERSON_ID.eq(personId))).hasElement();
    }

    static Mono<Void> cancel(DSLContext town, UUID electionId) {
        return Reactive.one(town.update(ELECTION).set(ELECTION.STATUS, "CANCELLED").set(ELECTION.CLOSED_AT, OffsetDateTime.now())
                        .where(ELECTION.ID.eq(electionId)).and(ELECTION.STATUS.in(RUNNING)).returningResult(ELECTION.ID))
                .switchIfEmpty(Mono.error(() -> ProblemException.conflict("election-closed", "The election is already decided or cancelled.")))
                .then();
    }

    static Rules rules(ElectionRecord e) {
        return new Rules(Boolean.TRUE.equals(e.getSeconderRequired()), e.getQuorumPercent(), Tally.Majority.valueOf(e.getMajority()),
                Tally.TieBreak.valueOf(e.getTieBreak()), Ballot.valueOf(e.getBallot()));
    }

    private static Rules rules(GovernanceRuleRecord r) {
        return new Rules(Boolean.TRUE.equals(r.getSeconderRequired()), r.getQuorumPercent(), Tally.Majority.valueOf(r.getMajority()),
                Tally.TieBreak.valueOf(r.getTieBreak()), Ballot.valueOf(r.getBallot()));
    }

    static Candidate candidate(ElectionCandidateRecord c) {
        return new Candidate(c.getId(), c.getPersonId(), c.getPersonName(), c.getOrganisationId(), ProposedBy.valueOf(c.getProposedByKind()),
                c.getProposedByOrganisationId(), c.getProposedBy(), c.getSecondedByOrganisationId(), c.getStatus(), c.getStatement(),
                c.getEliminatedInRound());
    }
}
