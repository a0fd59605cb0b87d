package org.townalliance.alliance;

import java.util.UUID;

/** A firm or agency in the platform-wide registry. {@code mergedInto} is set on a merged-away duplicate. */
public record Organisation(UUID id, String uscc, OrganisationKind kind, String nameZh, String shortName,
                           String legalRepresentative, String contactName, String contactPhone, String specialities,
                           UUID mergedInto) {
}
