package org.townalliance.training;

import org.junit.jupiter.api.Test;

import java.util.HashSet;

import static org.assertj.core.api.Assertions.assertThat;

/** The completion rule and certificate codes, without a database. */
class CompletionRuleTest {

    @Test
    void attendanceIsComparedExactlyWithTheMinimumShare() {
        // 4 of 5 days is exactly 80 %: enough; 2 of 3 (66.7 %) is not.
        assertThat(Completion.shortfall(4, 5, null, 80, null)).isNull();
        assertThat(Completion.shortfall(2, 3, null, 80, null)).isEqualTo("attendance 2/3 below 80%");
        assertThat(Completion.shortfall(1, 1, null, 100, null)).isNull();
        assertThat(Completion.shortfall(0, 1, null, 1, null)).isNotNull();
    }

    @Test
    void aPassMarkNeedsAScoreAtLeastThatHigh() {
        assertThat(Completion.shortfall(3, 3, 60, 80, 60)).isNull();
        assertThat(Completion.shortfall(3, 3, 59, 80, 60)).isEqualTo("score 59 below 60");
        assertThat(Completion.shortfall(3, 3, null, 80, 60)).isEqualTo("no assessment score");
        // Attendance is checked first: the reason names what to put right first.
        assertThat(Completion.shortfall(1, 3, 90, 80, 60)).startsWith("attendance");
    }

    @Test
    void codesAreReadableAndDoNotRepeat() {
        var codes = new HashSet<String>();
        for (int i = 0; i < 10_000; i++) {
            var code = Certificates.newCode();
            assertThat(code).matches(Certificates.CODE_PATTERN).doesNotContain("0", "O", "1", "I", "L");
            codes.add(code);
        }
        assertThat(codes).hasSize(10_000);
    }
}
