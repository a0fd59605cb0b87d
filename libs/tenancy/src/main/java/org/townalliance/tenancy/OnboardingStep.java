package org.townalliance.tenancy;

/** How far onboarding got; each step is idempotent, so a retry resumes from the recorded one. */
public enum OnboardingStep {
    REGISTERED,
    SCHEMA_CREATED,
    SCHEMA_MIGRATED,
    IDENTITY_PROVISIONED,
    COMPLETED;

    boolean reached(OnboardingStep step) {
        return compareTo(step) >= 0;
    }
}
