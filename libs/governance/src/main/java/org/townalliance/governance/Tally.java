package org.townalliance.governance;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * The outcome of a closed ballot round under the election's rules; pure, so that every rule is unit-tested.
 * <ul>
 *   <li>ABSOLUTE majority: the leader needs more than half of the votes cast; a sole leader without it
 *       goes into a new round with the runner(s)-up.</li>
 *   <li>PLURALITY: the leader is elected.</li>
 *   <li>A tie for first place: SENIOR_MEMBER elects the tied candidate whose organisation joined the
 *       alliance first (if that is one of them); otherwise, and under NEW_BALLOT, a new round among the tied.</li>
 *   <li>No votes at all: a new round among the same candidates.</li>
 * </ul>
 */
final class Tally {

    private Tally() {
    }

    enum Majority { ABSOLUTE, PLURALITY }

    enum TieBreak { NEW_BALLOT, SENIOR_MEMBER }

    enum Outcome { ELECTED, TIE, NO_MAJORITY }

    /** A standing candidate with the votes of the round; {@code memberSince} is null for a person not named with an organisation. */
    record Contender(UUID candidateId, long votes, LocalDate memberSince) {
    }

    /** {@code elected} is set for ELECTED; {@code remaining} are the candidates of the next round otherwise. */
    record Result(Outcome outcome, UUID elected, Set<UUID> remaining, long votesCast) {
    }

    static Result of(List<Contender> contenders, Majority majority, TieBreak tieBreak) {
        if (contenders.isEmpty()) {
            throw new IllegalArgumentException("a round has at least one candidate");
        }
        var cast = contenders.stream().mapToLong(Contender::votes).sum();
        var all = ids(contenders);
        if (cast == 0) {
            return new Result(Outcome.NO_MAJORITY, null, all, 0);
        }
        var top = contenders.stream().mapToLong(Contender::votes).max().orElseThrow();
        var leaders = contenders.stream().filter(c -> c.votes() == top).toList();
        if (leaders.size() > 1) {
            var senior = tieBreak == TieBreak.SENIOR_MEMBER ? senior(leaders) : null;
            return senior != null ? new Result(Outcome.ELECTED, senior, Set.of(), cast) : new Result(Outcome.TIE, null, ids(leaders), cast);
        }
        var leader = leaders.getFirst();
        if (majority == Majority.PLURALITY || top * 2 > cast) {
            return new Result(Outcome.ELECTED, leader.candidateId(), Set.of(), cast);
        }
        var second = contenders.stream().mapToLong(Contender::votes).filter(v -> v < top).max().orElse(-1);
        var next = contenders.stream().filter(c -> c.votes() == top || c.votes() == second).toList();
        return new Result(Outcome.NO_MAJORITY, null, ids(next), cast);
    }

    /** The one tied candidate whose organisation joined first, or null when that does not single anyone out. */
    private static UUID senior(List<Contender> tied) {
        if (tied.stream().anyMatch(c -> c.memberSince() == null)) {
            return null;
        }
        var earliest = tied.stream().map(Contender::memberSince).min(Comparator.naturalOrder()).orElseThrow();
        var first = tied.stream().filter(c -> Objects.equals(c.memberSince(), earliest)).toList();
        return first.size() == 1 ? first.getFirst().candidateId() : null;
    }

    private static Set<UUID> ids(List<Contender> contenders) {
        var ids = new LinkedHashSet<UUID>();
        contenders.forEach(c -> ids.add(c.candidateId()));
        return ids;
    }
}
