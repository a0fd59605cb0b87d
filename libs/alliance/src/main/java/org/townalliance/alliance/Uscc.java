package org.townalliance.alliance;

import org.springframework.http.HttpStatus;
import org.townalliance.web.ProblemException;

import java.util.Locale;
import java.util.Map;

/**
 * A unified social credit code (统一社会信用代码, GB 32100-2015): 18 characters from a 31-character
 * alphabet (no I, O, S, V, Z); characters 3–8 are the administrative division (digits); the 18th is a
 * check character over the first 17 with weights 3^(i-1) mod 31. Wrong codes name the position.
 */
public record Uscc(String value) {

    static final String ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    private static final int[] WEIGHTS = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};

    public Uscc {
        var problem = problem(value);
        if (problem != null) {
            throw problem;
        }
    }

    /** Accepts surrounding spaces and lower case, as people type and spreadsheets hold them. */
    public static Uscc parse(String raw) {
        return new Uscc(raw == null ? null : raw.strip().toUpperCase(Locale.ROOT));
    }

    /** Null when valid, otherwise the 400 problem naming the first wrong position (1-based). */
    static ProblemException problem(String code) {
        if (code == null || code.length() != 18) {
            return invalid(code == null ? 1 : Math.min(code.length() + 1, 19),
                    "A unified social credit code has 18 characters" + (code == null ? "." : "; this one has " + code.length() + "."));
        }
        for (var i = 0; i < 18; i++) {
            var c = code.charAt(i);
            if (ALPHABET.indexOf(c) < 0) {
                return invalid(i + 1, "Character " + (i + 1) + " ('" + c + "') is not allowed (0-9 and A-Y without I, O, S, V, Z).");
            }
            if (i >= 2 && i <= 7 && !Character.isDigit(c)) {
                return invalid(i + 1, "Characters 3 to 8 are the administrative division code and must be digits; character "
                        + (i + 1) + " is '" + c + "'.");
            }
        }
        var expected = checkCharacter(code.substring(0, 17));
        if (code.charAt(17) != expected) {
            return invalid(18, "Check character 18 is '" + code.charAt(17) + "' but the first 17 characters require '"
                    + expected + "': a character is mistyped.");
        }
        return null;
    }

    /** The code whose first 17 characters are these, completed with its check character. */
    public static Uscc completing(String first17) {
        return new Uscc(first17 + checkCharacter(first17));
    }

    public static boolean isValid(String code) {
        return problem(code) == null;
    }

    /** The check character for the first 17 characters of a code. */
    static char checkCharacter(String first17) {
        var sum = 0;
        for (var i = 0; i < 17; i++) {
            sum += ALPHABET.indexOf(first17.charAt(i)) * WEIGHTS[i];
        }
        var check = 31 - sum % 31;
        return ALPHABET.charAt(check == 31 ? 0 : check);
    }

    private static ProblemException invalid(int position, String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, "invalid-uscc", "Invalid unified social credit code", detail,
                Map.of("position", position));
    }

    @Override
    public String toString() {
        return value;
    }
}
