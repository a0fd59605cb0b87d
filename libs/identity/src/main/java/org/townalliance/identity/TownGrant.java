package org.townalliance.identity;

/**
 * A role held in one town; {@code organisation} is set for firm and agency roles, so that handlers can
 * check that an object belongs to the caller's own organisation.
 */
public record TownGrant(String town, TownRole role, String organisation) {
}
