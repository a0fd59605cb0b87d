package org.townalliance.tenancy;

/** What a town serves. Only ACTIVE towns accept writes; ARCHIVED ones are read-only. */
public enum TownStatus {
    /** Registered, not yet serving: onboarding has not completed (a retry resumes it). */
    ONBOARDING,
    ACTIVE,
    /** Temporarily closed by the platform admin; town-scoped calls answer 423. */
    SUSPENDED,
    /** Closed for good; data stays readable. */
    ARCHIVED
}
