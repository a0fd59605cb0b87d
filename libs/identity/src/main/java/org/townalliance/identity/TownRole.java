package org.townalliance.identity;

/** Roles within one town, each a Keycloak group under {@code /towns/{slug}/}. */
public enum TownRole {
    /** {@code /towns/{slug}/secretariat}: the alliance's secretariat (town housing office). */
    SECRETARIAT,
    /** {@code /towns/{slug}/hotline}: operators of the 24-hour hotline at the operations centre. */
    HOTLINE,
    /** {@code /towns/{slug}/orgs/{orgId}/managers}: managers of a member firm or agency. */
    ORG_MANAGER,
    /** {@code /towns/{slug}/orgs/{orgId}/staff}: staff of a member firm or agency. */
    ORG_STAFF,
    /** {@code /towns/{slug}/integrations/city-hotline}: the 12345 city hotline system. */
    CITY_HOTLINE
}
