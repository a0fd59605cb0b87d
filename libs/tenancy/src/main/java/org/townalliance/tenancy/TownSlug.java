package org.townalliance.tenancy;

import org.townalliance.web.ProblemException;

import java.util.regex.Pattern;

/**
 * A town's identifier in paths and the root of its schema name. Validated here, at the boundary,
 * before it can reach any SQL; schema names are still rendered through jOOQ's quoting.
 */
public record TownSlug(String value) {

    private static final Pattern SLUG = Pattern.compile("^[a-z][a-z0-9-]{1,30}$");

    public TownSlug {
        if (value == null || !SLUG.matcher(value).matches()) {
            throw ProblemException.badRequest("invalid-town-slug",
                    "A town slug is 2 to 31 characters: a lower-case letter, then lower-case letters, digits or '-'.");
        }
    }

    public static boolean isValid(String value) {
        return value != null && SLUG.matcher(value).matches();
    }

    /** {@code town_<slug with - replaced by _>}; unique because slugs contain no '_'. */
    public String schemaName() {
        return "town_" + value.replace('-', '_');
    }

    @Override
    public String toString() {
        return value;
    }
}
