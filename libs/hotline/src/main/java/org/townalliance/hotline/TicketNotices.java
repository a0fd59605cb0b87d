package org.townalliance.hotline;

import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.townalliance.db.jooq.town.tables.records.TicketRecord;
import org.townalliance.notifications.Audience;
import org.townalliance.notifications.Notice;
import org.townalliance.notifications.NoticeKind;
import org.townalliance.notifications.Notices;
import org.townalliance.tenancy.AllTowns;
import org.townalliance.tenancy.Town;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who hears of a ticket's event, queued in its transaction: the firm's managers of a dispatch or transfer, a deadline
 * warning or an escalation (also the secretariat and the operations centre then), the worker it was given to, the
 * operations centre of a rejection; the resident (by SMS to the phone on the request) when it is received, first
 * dispatched and resolved, the last with the tracking page's rating. 12345 cases are the city's to tell its residents.
 */
@Component
class TicketNotices {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("M月d日 HH:mm");

    private final Notices notices;
    private final AllTowns towns;
    private final PolicyCache policies;

    TicketNotices(Notices notices, AllTowns towns, PolicyCache policies) {
        this.notices = notices;
        this.towns = towns;
        this.policies = policies;
    }

    Mono<Void> queue(DSLContext trx, String slug, TicketRecord ticket, String action, String note, long eventId) {
        var organisation = ticket.getAssignedOrganisationId();
        var staff = new ArrayList<Audience>();
        NoticeKind kind = null;
        switch (action) {
            case "DISPATCH", "TRANSFER" -> {
                kind = NoticeKind.TICKET_DISPATCHED;
                staff.add(Audience.managersOf(organisation));
            }
            case "ASSIGN" -> {
                kind = NoticeKind.TICKET_ASSIGNED;
                if (ticket.getAssigneeSubject() != null) {
                    staff.add(new Audience.Person(ticket.getAssigneeSubject()));
                }
            }
            case "DEADLINE_WARNING" -> {
                kind = NoticeKind.TICKET_DEADLINE_WARNING;
                if (organisation != null) {
                    staff.add(Audience.managersOf(organisation));
                }
            }
            case "ESCALATE" -> {
                kind = NoticeKind.TICKET_ESCALATED;
                if (organisation != null) {
                    staff.add(Audience.managersOf(organisation));
                }
                staff.add(Audience.secretariat());
                staff.add(Audience.operationsCentre());
            }
            case "REJECT" -> {
                kind = NoticeKind.TICKET_REJECTED;
                staff.add(Audience.operationsCentre());
            }
            default -> { }
        }
        var resident = residentKind(action, ticket);
        if (kind == null && resident == null) {
            return Mono.empty();
        }
        var staffKind = kind;
        return towns.find(slug).flatMap(town -> params(trx, town, ticket, note).flatMap(params -> {
            var queued = new ArrayList<Mono<Void>>();
            if (staffKind != null && !staff.isEmpty()) {
                queued.add(notices.queue(trx, Notice.of(slug, staffKind, "event:" + eventId, staff, params)
                        .urgent(Boolean.TRUE.equals(ticket.getEmergency()))));
            }
            if (resident != null) {
                // Once per ticket, except a resolution, which a reopened ticket may reach again.
                var key = "ticket:" + ticket.getId() + ":" + resident.name() + (resident == NoticeKind.RESIDENT_RESOLVED ? ":" + eventId : "");
                var forResident = new HashMap<>(params);
                forResident.remove("path");
                forResident.remove("note");
                queued.add(notices.queue(trx, Notice.of(slug, resident, key, List.of(new Audience.Phone(ticket.getReporterPhone())),
                        forResident)));
            }
            return Flux.concat(queued).then();
        }));
    }

    private static NoticeKind residentKind(String action, TicketRecord ticket) {
        if (ticket.getReporterPhone() == null || ticket.getReporterPhone().isBlank() || ticket.getCityCaseId() != null) {
            return null;
        }
        return switch (action) {
            case "RECEIVE" -> NoticeKind.RESIDENT_RECEIVED;
            case "DISPATCH" -> NoticeKind.RESIDENT_DISPATCHED;
            case "RESOLVE" -> NoticeKind.RESIDENT_RESOLVED;
            default -> null;
        };
    }

    private Mono<Map<String, String>> params(DSLContext trx, Town town, TicketRecord ticket, String note) {
        var params = new HashMap<String, String>();
        params.put("ticketId", ticket.getId().toString());
        params.put("number", Long.toString(ticket.getNumber()));
        params.put("place", ticket.getAddress() == null ? "" : ticket.getAddress());
        params.put("note", note == null ? "" : note);
        params.put("path", "/console/towns/" + town.slug() + "/tickets/" + ticket.getId());
        if (ticket.getAcceptDueAt() != null) {
            params.put("acceptBy", WHEN.format(ticket.getAcceptDueAt().atZoneSameInstant(town.timezone())));
        }
        return policies.activeCategory(trx, town, ticket.getCategoryCode()).map(category -> category.getNameZh())
                .defaultIfEmpty(ticket.getCategoryCode() == null ? "" : ticket.getCategoryCode())
                .map(category -> {
                    params.put("category", category);
                    return Map.copyOf(params);
                });
    }
}
