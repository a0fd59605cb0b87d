package org.townalliance.governance;

import org.jooq.DSLContext;
import org.townalliance.db.Reactive;
import org.townalliance.hotline.TicketDirectory;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.MEETING_ACTION_ITEM;
import static org.townalliance.db.jooq.town.Tables.MEETING_RESOLUTION;
import static org.townalliance.db.jooq.town.Tables.MEETING_TICKET;

/**
 * What a meeting decided: resolutions with their votes (adopted when more than half of the votes cast,
 * abstentions included, are for it), action items with an owner and a due date, and the tickets it discussed.
 */
final class MeetingOutcomes {

    private MeetingOutcomes() {
    }

    record Resolution(UUID id, String text, int votesFor, int votesAgainst, int abstentions, boolean adopted, String recordedBy,
                      OffsetDateTime recordedAt) {
    }

    record ActionItem(UUID id, String text, UUID ownerOrganisationId, String ownerName, LocalDate dueOn, LocalDate doneOn) {
    }

    record LinkedTicket(UUID ticketId, long number, String summary, String status, String note) {
    }

    static boolean adopted(int votesFor, int votesAgainst, int abstentions) {
        return votesFor * 2 > votesFor + votesAgainst + abstentions;
    }

    static Mono<List<Resolution>> resolutions(DSLContext town, UUID meetingId) {
        return Flux.from(town.selectFrom(MEETING_RESOLUTION).where(MEETING_RESOLUTION.MEETING_ID.eq(meetingId)).orderBy(MEETING_RESOLUTION.RECORDED_AT))
                .map(r -> new Resolution(r.getId(), r.getText(), r.getVotesFor(), r.getVotesAgainst(), r.getAbstentions(),
                        Boolean.TRUE.equals(r.getAdopted()), r.getRecordedBy(), r.getRecordedAt())).collectList();
    }

    static Mono<List<ActionItem>> actionItems(DSLContext town, UUID meetingId) {
        return Flux.from(town.selectFrom(MEETING_ACTION_ITEM).where(MEETING_ACTION_ITEM.MEETING_ID.eq(meetingId))
                        .orderBy(MEETING_ACTION_ITEM.DUE_ON, MEETING_ACTION_ITEM.CREATED_AT))
                .map(a -> new ActionItem(a.getId(), a.getText(), a.getOwnerOrganisationId(), a.getOwnerName(), a.getDueOn(), a.getDoneOn()))
                .collectList();
    }

    static Mono<List<LinkedTicket>> tickets(DSLContext town, UUID meetingId) {
        return Flux.from(town.selectFrom(MEETING_TICKET).where(MEETING_TICKET.MEETING_ID.eq(meetingId))).collectList()
                .flatMap(links -> TicketDirectory.byIds(town, links.stream().map(l -> l.getTicketId()).toList())
                        .map(found -> links.stream().filter(l -> found.containsKey(l.getTicketId())).map(l -> {
                            var t = found.get(l.getTicketId());
                            return new LinkedTicket(t.id(), t.number(), t.summary(), t.status(), l.getNote());
                        }).sorted(java.util.Comparator.comparingLong(LinkedTicket::number)).toList()));
    }

    static Mono<Void> resolve(DSLContext town, UUID meetingId, String text, int votesFor, int votesAgainst, int abstentions, String actor) {
        return Reactive.run(town.insertInto(MEETING_RESOLUTION).set(MEETING_RESOLUTION.MEETING_ID, meetingId).set(MEETING_RESOLUTION.TEXT, text)
                .set(MEETING_RESOLUTION.VOTES_FOR, votesFor).set(MEETING_RESOLUTION.VOTES_AGAINST, votesAgainst)
                .set(MEETING_RESOLUTION.ABSTENTIONS, abstentions).set(MEETING_RESOLUTION.ADOPTED, adopted(votesFor, votesAgainst, abstentions))
                .set(MEETING_RESOLUTION.RECORDED_BY, actor));
    }

    static Mono<Void> assign(DSLContext town, UUID meetingId, String text, UUID ownerOrganisationId, String ownerName, LocalDate dueOn, String actor) {
        return Reactive.run(town.insertInto(MEETING_ACTION_ITEM).set(MEETING_ACTION_ITEM.MEETING_ID, meetingId).set(MEETING_ACTION_ITEM.TEXT, text)
                .set(MEETING_ACTION_ITEM.OWNER_ORGANISATION_ID, ownerOrganisationId).set(MEETING_ACTION_ITEM.OWNER_NAME, ownerName)
                .set(MEETING_ACTION_ITEM.DUE_ON, dueOn).set(MEETING_ACTION_ITEM.CREATED_BY, actor));
    }

    static Mono<Void> done(DSLContext town, UUID meetingId, UUID itemId, LocalDate doneOn) {
        return Reactive.one(town.update(MEETING_ACTION_ITEM).set(MEETING_ACTION_ITEM.DONE_ON, doneOn)
                        .where(MEETING_ACTION_ITEM.ID.eq(itemId)).and(MEETING_ACTION_ITEM.MEETING_ID.eq(meetingId)).returningResult(MEETING_ACTION_ITEM.ID))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("action-item-not-found", "No such action item of this meeting.")))
                .then();
    }

    /** Links a ticket by its number (idempotent: linking it again keeps the first note). */
    static Mono<Void> link(DSLContext town, UUID meetingId, long ticketNumber, String note) {
        return TicketDirectory.byNumber(town, ticketNumber)
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("ticket-not-found", "No ticket numbered " + ticketNumber + " in this town.")))
                .flatMap(ticket -> Reactive.run(town.insertInto(MEETING_TICKET).set(MEETING_TICKET.MEETING_ID, meetingId)
                        .set(MEETING_TICKET.TICKET_ID, ticket.id()).set(MEETING_TICKET.NOTE, note).onConflictDoNothing()));
    }
}
