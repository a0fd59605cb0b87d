package org.townalliance.tenancy;

import org.townalliance.identity.TownRole;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Who may call a town-scoped handler. Every handler under {@code /api/towns/{town}/**} must carry it
 * and take a {@link TownContext}; the platform refuses to start otherwise. The platform admin reaches a
 * town's data only where {@code platformAdmin} says so, and such reads are audited as privileged.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface TownAccess {

    /** Roles in the town that may call; ignored when {@link #anyRole()} is set. */
    TownRole[] value() default {};

    /** Any role in the town may call. */
    boolean anyRole() default false;

    /** The platform admin may call without a role in the town (audited). */
    boolean platformAdmin() default false;
}
