package org.townalliance.tenancy;

import org.springframework.http.HttpStatus;
import org.townalliance.web.ProblemException;

import java.util.Map;

/** The problems a town-scoped request can meet before its handler runs. */
final class TownProblems {

    private TownProblems() {
    }

    static ProblemException notFound(String slug) {
        return new ProblemException(HttpStatus.NOT_FOUND, "town-not-found", "Town not found",
                "There is no town '" + slug + "'.", Map.of("town", slug));
    }

    static ProblemException invalidSlug() {
        return org.townalliance.web.ProblemException.badRequest("invalid-town-slug",
                "A town slug is 2 to 31 characters: a lower-case letter, then lower-case letters, digits or '-'.");
    }

    static ProblemException noGrant(String slug) {
        return new ProblemException(HttpStatus.FORBIDDEN, "no-role-in-town", "No role in this town",
                "Your account has no role in town '" + slug + "'.", Map.of("town", slug));
    }

    static ProblemException roleRequired(String slug, String role) {
        return new ProblemException(HttpStatus.FORBIDDEN, "town-role-required", "Role required",
                "This operation needs the " + role + " role in town '" + slug + "'.", Map.of("town", slug, "role", role));
    }

    static ProblemException onboarding(String slug) {
        return new ProblemException(HttpStatus.CONFLICT, "town-onboarding", "Town not ready",
                "Town '" + slug + "' is still being onboarded and serves no requests yet.", Map.of("town", slug));
    }

    static ProblemException suspended(Town town) {
        return new ProblemException(HttpStatus.LOCKED, "town-suspended", "Town suspended",
                "Town '" + town.slug() + "' is suspended by the platform" + reason(town) + ".", Map.of("town", town.slug()));
    }

    static ProblemException archived(Town town) {
        return new ProblemException(HttpStatus.CONFLICT, "town-archived", "Town archived",
                "Town '" + town.slug() + "' is archived and read-only" + reason(town) + ".", Map.of("town", town.slug()));
    }

    static ProblemException quarantined(Town town) {
        return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "town-quarantined", "Town under maintenance",
                "Town '" + town.slug() + "' is unavailable: its schema could not be upgraded; the platform team has been told.",
                Map.of("town", town.slug()));
    }

    private static String reason(Town town) {
        return town.statusReason() == null || town.statusReason().isBlank() ? "" : " (" + town.statusReason() + ")";
    }
}
