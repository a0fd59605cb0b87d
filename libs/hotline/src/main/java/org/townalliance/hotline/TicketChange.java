package org.townalliance.hotline;

import java.util.UUID;

/** A ticket changed (was received, dispatched, accepted, ...): what the live board shows; {@code eventId} orders them. */
record TicketChange(long eventId, String town, UUID ticketId, long number, String action, String status,
                    UUID assignedOrganisationId) {
}
