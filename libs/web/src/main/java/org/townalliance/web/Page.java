package org.townalliance.web;

import java.util.List;

/**
 * One page of a keyset-paginated list: {@code next} is the cursor to pass as {@code after}
 * for the following page, absent on the last page.
 */
public record Page<T>(List<T> items, String next) {

    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 200;

    public static int limit(Integer requested) {
        if (requested == null) {
            return DEFAULT_LIMIT;
        }
        if (requested < 1 || requested > MAX_LIMIT) {
            throw ProblemException.badRequest("invalid-page-limit", "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        return requested;
    }
}
