package org.townalliance.audit;

/** What other modules need to know of the audit log. */
public final class AuditTrail {

    /**
     * Exchange attribute: set (to a short reason) by whoever grants privileged access, e.g. the platform
     * admin reading a town's data; such a request is audited even when it only reads.
     */
    public static final String PRIVILEGED_ACCESS = AuditTrail.class.getName() + ".privileged";

    private AuditTrail() {
    }
}
