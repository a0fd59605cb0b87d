package org.townalliance.hotline;

import org.jooq.impl.DSL;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.TicketRecord;
import org.townalliance.identity.TownGrant;
import org.townalliance.identity.TownPeople;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.TICKET;

/**
 * Work inside the firm: its manager gives a dispatched ticket to one of the firm's own people in this town (and may give
 * it to another), who then finds it under 我的任务; and the firm's figures per person (workload, on-time rate), which only
 * the firm's managers see. The organisation the ticket leaves (transfer, rejection) takes its assignee with it.
 */
@Service
class FieldWork {

    private static final Set<TicketRules.Status> ASSIGNABLE = EnumSet.of(TicketRules.Status.DISPATCHED, TicketRules.Status.ACCEPTED,
            TicketRules.Status.IN_PROGRESS);
    private static final Set<TownRole> FIRM_PEOPLE = EnumSet.of(TownRole.ORG_MANAGER, TownRole.ORG_STAFF);

    /** One person's figures for tickets dispatched in the period. */
    record PersonFigures(String personId, String name, long assigned, long open, long resolved, long resolvedOnTime, BigDecimal onTimeRate) {
    }

    private final TownPeople people;
    private final Clock clock;

    private final TicketWrites writes;

    FieldWork(TownPeople people, Clock clock, TicketWrites writes) {
        this.writes = writes;
        this.people = people;
        this.clock = clock;
    }

    /** Gives the ticket to {@code personId}; 403 unless the caller manages the organisation it is dispatched to. */
    Mono<TicketRecord> assign(TownContext town, UUID ticketId, String personId) {
        return Mono.zip(Tickets.find(town.dsl(), ticketId), TicketScope.of(town)).flatMap(found -> {
            var ticket = found.getT1();
            if (!found.getT2().sees(ticket.getAssignedOrganisationId())) {
                return Mono.error(ProblemException.notFound("ticket-not-found", "No such ticket in this town."));
            }
            if (!ASSIGNABLE.contains(TicketRules.Status.valueOf(ticket.getStatus()))) {
                return Mono.error(ProblemException.conflict("ticket-not-assignable", "Only a dispatched ticket still being worked on is given to a person."));
            }
            return AllianceDirectory.code(town.dsl(), ticket.getAssignedOrganisationId()).flatMap(code -> {
                if (!town.caller().grantsIn(town.slug()).contains(new TownGrant(town.slug(), TownRole.ORG_MANAGER, code))) {
                    return Mono.error(ProblemException.forbidden("assignment-not-allowed", "The organisation's managers give its tickets to its people."));
                }
                return person(town.slug(), personId, code).flatMap(name -> {
                    var now = TicketWrites.at(clock.instant());
                    return Reactive.one(town.dsl().transactionPublisher(trx -> Reactive.one(trx.dsl().update(TICKET)
                                    .set(TICKET.ASSIGNEE_SUBJECT, personId).set(TICKET.ASSIGNEE_NAME, name).set(TICKET.ASSIGNED_AT, now)
                                    .set(TICKET.UPDATED_AT, now)
                                    .where(TICKET.ID.eq(ticket.getId())).and(TICKET.UPDATED_AT.eq(ticket.getUpdatedAt())).returning())
                            .switchIfEmpty(Mono.error(() -> ProblemException.conflict("ticket-changed", "The ticket changed meanwhile; reload it and try again.")))
                            .flatMap(updated -> writes.record(trx.dsl(), town.slug(), updated, "ASSIGN", name, town.caller().actor())
                                    .thenReturn(updated))));
                });
            });
        });
    }

    /**
     * A note on site (what was found, what was done), kept on the ticket's timeline without changing its status: by the
     * operations centre or the assigned organisation's people, while the ticket is open. Internal: the resident's page
     * never shows notes.
     */
    Mono<TicketRecord> note(TownContext town, UUID ticketId, String note) {
        return Mono.zip(Tickets.find(town.dsl(), ticketId), TicketScope.of(town)).flatMap(found -> {
            var ticket = found.getT1();
            var scope = found.getT2();
            if (!scope.sees(ticket.getAssignedOrganisationId())) {
                return Mono.error(ProblemException.notFound("ticket-not-found", "No such ticket in this town."));
            }
            if (!TicketView.OPEN.contains(ticket.getStatus())) {
                return Mono.error(ProblemException.conflict("ticket-not-open", "Notes go on open tickets; reopen it first."));
            }
            return Reactive.one(town.dsl().transactionPublisher(trx -> writes.record(trx.dsl(), town.slug(), ticket, "NOTE", note,
                    town.caller().actor()))).thenReturn(ticket);
        });
    }

    /** The person's name as the town knows them, if they work for the organisation {@code code} in this town; else 400. */
    private Mono<String> person(String town, String personId, String code) {
        return people.get(town, personId)
                .onErrorMap(ProblemException.class, e -> e.status() == HttpStatus.NOT_FOUND
                        ? ProblemException.badRequest("not-a-firm-person", "The ticket goes to a person of its organisation in this town.") : e)
                .flatMap(person -> person.roles().stream().anyMatch(g -> FIRM_PEOPLE.contains(g.role()) && code.equals(g.organisation()))
                        ? Mono.just(name(person))
                        : Mono.error(ProblemException.badRequest("not-a-firm-person", "The ticket goes to a person of its organisation in this town.")));
    }

    private static String name(TownPeople.Person person) {
        var name = (nullToEmpty(person.familyName()) + nullToEmpty(person.givenName())).trim();
        return name.isEmpty() ? person.username() : name;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    /** Per person of the organisation, for tickets dispatched from..to: only the organisation's managers see it. */
    Flux<PersonFigures> figures(TownContext town, UUID organisationId, OffsetDateTime from, OffsetDateTime to) {
        return AllianceDirectory.code(town.dsl(), organisationId)
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("organisation-not-found", "No such organisation.")))
                .flatMapMany(code -> {
                    if (!town.caller().grantsIn(town.slug()).contains(new TownGrant(town.slug(), TownRole.ORG_MANAGER, code))) {
                        return Flux.error(ProblemException.forbidden("figures-not-allowed", "A firm's figures per person are its managers' only."));
                    }
                    var open = DSL.count().filterWhere(TICKET.STATUS.in(TicketView.OPEN));
                    var resolved = DSL.count().filterWhere(TICKET.RESOLVED_AT.isNotNull());
                    var onTime = DSL.count().filterWhere(TICKET.RESOLVED_AT.isNotNull().and(TICKET.RESOLVE_DUE_AT.isNull()
                            .or(TICKET.RESOLVED_AT.le(TICKET.RESOLVE_DUE_AT))));
                    return Flux.from(town.dsl().select(TICKET.ASSIGNEE_SUBJECT, DSL.max(TICKET.ASSIGNEE_NAME), DSL.count(), open, resolved, onTime)
                                    .from(TICKET).where(TICKET.ASSIGNED_ORGANISATION_ID.eq(organisationId)).and(TICKET.ASSIGNEE_SUBJECT.isNotNull())
                                    .and(TICKET.DISPATCHED_AT.ge(from)).and(TICKET.DISPATCHED_AT.lt(to))
                                    .groupBy(TICKET.ASSIGNEE_SUBJECT).orderBy(DSL.max(TICKET.ASSIGNEE_NAME)))
                            .map(r -> new PersonFigures(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(),
                                    r.value5() == 0 ? null : BigDecimal.valueOf(r.value6()).divide(BigDecimal.valueOf(r.value5()), 4, RoundingMode.HALF_UP)));
                });
    }
}
