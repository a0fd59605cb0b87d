package org.townalliance.tenancy;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.UUID;

/** A town as the platform registry knows it. */
public record Town(
        UUID id,
        String slug,
        String schemaName,
        String nameZh,
        String nameEn,
        String district,
        String city,
        ZoneId timezone,
        TownStatus status,
        String statusReason,
        OnboardingStep onboardingStep,
        MigrationState migrationState,
        String migrationError,
        String schemaVersion,
        OffsetDateTime createdAt,
        OffsetDateTime activatedAt) {

    /** Whether the last schema migration of this town succeeded; FAILED quarantines the town. */
    public enum MigrationState { PENDING, CURRENT, FAILED }

    public boolean quarantined() {
        return migrationState == MigrationState.FAILED;
    }
}
