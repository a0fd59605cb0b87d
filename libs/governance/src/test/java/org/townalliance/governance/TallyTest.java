package org.townalliance.governance;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every rule of {@link Tally}, on hand-made rounds. */
class TallyTest {

    private static final UUID A = UUID.randomUUID();
    private static final UUID B = UUID.randomUUID();
    private static final UUID C = UUID.randomUUID();
    private static final LocalDate EARLY = LocalDate.of(2019, 7, 1);
    private static final LocalDate LATE = LocalDate.of(2021, 3, 1);

    @Test
    void anAbsoluteMajorityIsMoreThanHalfOfTheVotesCast() {
        var elected = Tally.of(List.of(c(A, 9, EARLY), c(B, 8, LATE)), Tally.Majority.ABSOLUTE, Tally.TieBreak.NEW_BALLOT);
        assertThat(elected.outcome()).isEqualTo(Tally.Outcome.ELECTED);
        assertThat(elected.elected()).isEqualTo(A);
        assertThat(elected.votesCast()).isEqualTo(17);

        // 8 of 16 is half, not more: the two best placed go into a new round, the third is out.
        var none = Tally.of(List.of(c(A, 8, EARLY), c(B, 5, LATE), c(C, 3, LATE)), Tally.Majority.ABSOLUTE, Tally.TieBreak.NEW_BALLOT);
        assertThat(none.outcome()).isEqualTo(Tally.Outcome.NO_MAJORITY);
        assertThat(none.elected()).isNull();
        assertThat(none.remaining()).containsExactlyInAnyOrder(A, B);
    }

    @Test
    void runnersUpTiedInSecondPlaceAllGoIntoTheNewRound() {
        var none = Tally.of(List.of(c(A, 6, EARLY), c(B, 4, LATE), c(C, 4, LATE)), Tally.Majority.ABSOLUTE, Tally.TieBreak.NEW_BALLOT);
        assertThat(none.outcome()).isEqualTo(Tally.Outcome.NO_MAJORITY);
        assertThat(none.remaining()).containsExactlyInAnyOrder(A, B, C);
    }

    @Test
    void pluralityElectsTheLeaderWithoutAMajority() {
        var elected = Tally.of(List.of(c(A, 8, LATE), c(B, 5, EARLY), c(C, 3, EARLY)), Tally.Majority.PLURALITY, Tally.TieBreak.NEW_BALLOT);
        assertThat(elected.outcome()).isEqualTo(Tally.Outcome.ELECTED);
        assertThat(elected.elected()).isEqualTo(A);
    }

    @Test
    void aTieForFirstPlaceGoesToANewBallotAmongTheTiedOrToTheSeniorMember() {
        var tie = Tally.of(List.of(c(A, 7, LATE), c(B, 7, EARLY), c(C, 2, EARLY)), Tally.Majority.PLURALITY, Tally.TieBreak.NEW_BALLOT);
        assertThat(tie.outcome()).isEqualTo(Tally.Outcome.TIE);
        assertThat(tie.remaining()).containsExactlyInAnyOrder(A, B);

        var senior = Tally.of(List.of(c(A, 7, LATE), c(B, 7, EARLY), c(C, 2, EARLY)), Tally.Majority.ABSOLUTE, Tally.TieBreak.SENIOR_MEMBER);
        assertThat(senior.outcome()).isEqualTo(Tally.Outcome.ELECTED);
        assertThat(senior.elected()).isEqualTo(B);

        // Seniority that does not single anyone out (same day, or a person without an organisation) is a tie.
        assertThat(Tally.of(List.of(c(A, 7, EARLY), c(B, 7, EARLY)), Tally.Majority.ABSOLUTE, Tally.TieBreak.SENIOR_MEMBER).outcome())
                .isEqualTo(Tally.Outcome.TIE);
        assertThat(Tally.of(List.of(c(A, 7, null), c(B, 7, EARLY)), Tally.Majority.ABSOLUTE, Tally.TieBreak.SENIOR_MEMBER).outcome())
                .isEqualTo(Tally.Outcome.TIE);
    }

    @Test
    void aRoundWithoutVotesIsHeldAgainAmongTheSameCandidates() {
        var none = Tally.of(List.of(c(A, 0, EARLY), c(B, 0, LATE)), Tally.Majority.PLURALITY, Tally.TieBreak.SENIOR_MEMBER);
        assertThat(none.outcome()).isEqualTo(Tally.Outcome.NO_MAJORITY);
        assertThat(none.remaining()).containsExactlyInAnyOrder(A, B);
        assertThat(none.votesCast()).isZero();
    }

    @Test
    void aSingleCandidateWithVotesIsElectedAndAnEmptyRoundIsAProgrammingError() {
        assertThat(Tally.of(List.of(c(A, 1, null)), Tally.Majority.ABSOLUTE, Tally.TieBreak.NEW_BALLOT).elected()).isEqualTo(A);
        assertThatThrownBy(() -> Tally.of(List.of(), Tally.Majority.ABSOLUTE, Tally.TieBreak.NEW_BALLOT))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Tally.Contender c(UUID id, long votes, LocalDate memberSince) {
        return new Tally.Contender(id, votes, memberSince);
    }
}
