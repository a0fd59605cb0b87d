package org.townalliance.hotline;

import org.springframework.web.server.ServerWebExchange;
import org.townalliance.audit.AuditTrail;
import org.townalliance.db.jooq.town.tables.records.TicketRecord;
import org.townalliance.tenancy.TownContext;
import reactor.core.publisher.Mono;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A ticket as the API shows it to one caller: the reporter's phone masked unless the caller may see it,
 * deadlines and whether they are missed, and optionally the timeline.
 */
record TicketView(UUID id, long number, String kind, String channel, String categoryCode, UUID estateId, String address,
                  String reporterName, String reporterPhone, String description, String priority, boolean emergency,
                  String status, UUID assignedOrganisationId, UUID suggestedOrganisationId, UUID possibleDuplicateOf,
                  UUID duplicateOf, String cancelReason, String cityCaseId, OffsetDateTime cityDeadline,
                  OffsetDateTime acceptDueAt, OffsetDateTime resolveDueAt, boolean overdue,
                  OffsetDateTime createdAt, OffsetDateTime dispatchedAt, OffsetDateTime resolvedAt, OffsetDateTime closedAt,
                  OffsetDateTime updatedAt, java.math.BigDecimal latitude, java.math.BigDecimal longitude,
                  String assigneeId, String assigneeName, OffsetDateTime assignedAt,
                  List<Tickets.Event> timeline, List<TicketPhotos.Attachment> photos) {

    static final Set<String> OPEN = Set.of("RECEIVED", "DISPATCHED", "ACCEPTED", "IN_PROGRESS");

    static Mono<TicketView> of(TownContext town, TicketScope scope, TicketRecord t, boolean withTimeline) {
        var timeline = withTimeline ? Mono.zip(Tickets.timeline(town.dsl(), t.getId()).collectList(), TicketPhotos.of(town.dsl(), t.getId()).collectList())
                : Mono.just(reactor.util.function.Tuples.of(List.<Tickets.Event>of(), List.<TicketPhotos.Attachment>of()));
        var phone = scope.seesPhone(t.getAssignedOrganisationId()) ? t.getReporterPhone() : PhoneMask.mask(t.getReporterPhone());
        return timeline.map(events -> new TicketView(t.getId(), t.getNumber(), t.getKind(), t.getChannel(), t.getCategoryCode(),
                t.getEstateId(), t.getAddress(), t.getReporterName(), phone, t.getDescription(), t.getPriority(),
                Boolean.TRUE.equals(t.getEmergency()), t.getStatus(), t.getAssignedOrganisationId(), t.getSuggestedOrganisationId(),
                t.getPossibleDuplicateOf(), t.getDuplicateOf(), t.getCancelReason(), t.getCityCaseId(), t.getCityDeadline(),
                t.getAcceptDueAt(), t.getResolveDueAt(), overdue(t, Instant.now()), t.getCreatedAt(), t.getDispatchedAt(),
                t.getResolvedAt(), t.getClosedAt(), t.getUpdatedAt(), t.getLatitude(), t.getLongitude(), t.getAssigneeSubject(), t.getAssigneeName(), t.getAssignedAt(),
                events.getT1(), events.getT2()));
    }

    TicketView withPhotos(List<TicketPhotos.Attachment> photos) {
        return new TicketView(id, number, kind, channel, categoryCode, estateId, address, reporterName, reporterPhone, description, priority,
                emergency, status, assignedOrganisationId, suggestedOrganisationId, possibleDuplicateOf, duplicateOf, cancelReason, cityCaseId,
                cityDeadline, acceptDueAt, resolveDueAt, overdue, createdAt, dispatchedAt, resolvedAt, closedAt, updatedAt, latitude, longitude,
                assigneeId, assigneeName, assignedAt, timeline, photos);
    }

    /** Missed its resolve deadline while open, or its accept deadline while waiting to be accepted. */
    static boolean overdue(TicketRecord t, Instant now) {
        if (!OPEN.contains(t.getStatus())) {
            return false;
        }
        var resolveMissed = t.getResolveDueAt() != null && t.getResolveDueAt().toInstant().isBefore(now);
        var acceptMissed = "DISPATCHED".equals(t.getStatus()) && t.getAcceptDueAt() != null && t.getAcceptDueAt().toInstant().isBefore(now);
        return resolveMissed || acceptMissed;
    }

    /** Reporters' phone numbers are personal data: a read that returned one unmasked is audited. */
    static void auditUnmasked(TownContext town, ServerWebExchange exchange, List<TicketView> tickets) {
        if (tickets.stream().anyMatch(t -> t.reporterPhone() != null && !t.reporterPhone().contains("*"))) {
            exchange.getAttributes().put(AuditTrail.PRIVILEGED_ACCESS, "unmasked reporter phone numbers in " + town.slug());
        }
    }
}
