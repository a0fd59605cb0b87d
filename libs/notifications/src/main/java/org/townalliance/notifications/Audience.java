package org.townalliance.notifications;

import org.townalliance.identity.TownRole;

import java.util.UUID;

/** Who in the town a notice is for; resolved to people when it is fanned out, not when it is queued. */
public sealed interface Audience {

    /** Everyone holding {@code role} in the town (of {@code organisation} for the organisation roles), and that organisation's robots. */
    record Holders(TownRole role, UUID organisation) implements Audience {
        public Holders {
            if ((role == TownRole.ORG_MANAGER || role == TownRole.ORG_STAFF) != (organisation != null)) {
                throw new IllegalArgumentException("organisation roles, and only they, name the organisation");
            }
        }
    }

    /** One person with an account (their Keycloak subject), if they still belong to the town when it is sent. */
    record Person(String subject) implements Audience {
    }

    /** A resident, by the phone on their request (SMS only). */
    record Phone(String phone) implements Audience {
    }

    static Audience managersOf(UUID organisation) {
        return new Holders(TownRole.ORG_MANAGER, organisation);
    }

    static Audience staffOf(UUID organisation) {
        return new Holders(TownRole.ORG_STAFF, organisation);
    }

    static Audience secretariat() {
        return new Holders(TownRole.SECRETARIAT, null);
    }

    static Audience operationsCentre() {
        return new Holders(TownRole.HOTLINE, null);
    }
}
