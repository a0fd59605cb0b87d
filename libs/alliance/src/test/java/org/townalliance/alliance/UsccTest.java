package org.townalliance.alliance;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.townalliance.web.ProblemException;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Property-style checks of the GB 32100-2015 rules over generated codes (seeded, so a failure repeats):
 * correctly built codes pass, and every single-character substitution of them is refused at the right
 * position.
 */
class UsccTest {

    private static final int CODES_PER_REPETITION = 200;

    static String generate(Random random) {
        var first17 = new StringBuilder();
        for (var i = 0; i < 17; i++) {
            first17.append(i >= 2 && i <= 7 ? (char) ('0' + random.nextInt(10)) : Uscc.ALPHABET.charAt(random.nextInt(31)));
        }
        return first17.toString() + Uscc.checkCharacter(first17.toString());
    }

    @RepeatedTest(10)
    void generatedValidCodesPassAndEverySubstitutionIsCaught(org.junit.jupiter.api.RepetitionInfo repetition) {
        var random = new Random(32100L * repetition.getCurrentRepetition());
        for (var n = 0; n < CODES_PER_REPETITION; n++) {
            var code = generate(random);
            assertThat(new Uscc(code).value()).isEqualTo(code);
            assertThat(Uscc.parse(" " + code.toLowerCase() + " ").value()).isEqualTo(code);
            for (var position = 0; position < 18; position++) {
                var original = code.charAt(position);
                for (var shift = 1; shift < 31; shift++) {
                    var replacement = Uscc.ALPHABET.charAt((Uscc.ALPHABET.indexOf(original) + shift) % 31);
                    var corrupted = code.substring(0, position) + replacement + code.substring(position + 1);
                    var problem = Uscc.problem(corrupted);
                    // A weighted sum modulo the prime 31 changes with any single substitution.
                    assertThat(problem).as(corrupted).isNotNull();
                    var reported = (Integer) problem.toProblemDetail().getProperties().get("position");
                    if (position >= 2 && position <= 7 && !Character.isDigit(replacement)) {
                        assertThat(reported).isEqualTo(position + 1);
                    } else {
                        assertThat(reported).isEqualTo(18);
                    }
                }
            }
        }
    }

    @Test
    void forbiddenLettersAndWrongLengthsNameThePosition() {
        var code = generate(new Random(1));
        for (var forbidden : new char[]{'I', 'O', 'S', 'V', 'Z', 'a', '-'}) {
            var bad = code.substring(0, 9) + forbidden + code.substring(10);
            assertThatThrownBy(() -> new Uscc(bad)).isInstanceOfSatisfying(ProblemException.class, problem -> {
                assertThat(problem.status().value()).isEqualTo(400);
                assertThat(problem.code()).isEqualTo("invalid-uscc");
                assertThat(problem.toProblemDetail().getProperties()).containsEntry("position", 10);
            });
        }
        assertThat(Uscc.isValid(code.substring(0, 17))).isFalse();
        assertThat(Uscc.isValid(code + "1")).isFalse();
        assertThat(Uscc.isValid(null)).isFalse();
        assertThat(Uscc.isValid("")).isFalse();
    }
}
