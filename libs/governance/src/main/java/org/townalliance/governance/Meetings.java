package org.townalliance.governance;

import org.jooq.DSLContext;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.MeetingRecord;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.MEETING;
import static org.townalliance.db.jooq.town.Tables.MEETING_AGENDA_ITEM;
import static org.townalliance.db.jooq.town.Tables.MEETING_ATTENDEE;

/** Meetings of a town's alliance: scheduled with agenda and invitations, checked in, held with minutes, or cancelled. */
final class Meetings {

    private Meetings() {
    }

    enum Kind { GENERAL, JOINT_CITY_HOTLINE, OTHER }

    record Attendee(UUID organisationId, OffsetDateTime checkedInAt, String checkedInName) {
    }

    record Meeting(UUID id, Kind kind, String title, OffsetDateTime startsAt, OffsetDateTime endsAt, String location, String status,
                   String minutes, List<String> agenda, List<Attendee> attendees, List<MeetingOutcomes.Resolution> resolutions,
                   List<MeetingOutcomes.ActionItem> actionItems, List<MeetingOutcomes.LinkedTicket> tickets) {
    }

    /**
     * Writes a meeting with its agenda and invitations, inside the caller's transaction; {@code organisations} are the
     * invited members (see {@link MeetingSchedule}).
     */
    static Mono<UUID> insert(DSLContext trx, Kind kind, String title, OffsetDateTime startsAt, OffsetDateTime endsAt, String location,
                             List<String> agenda, List<UUID> organisations, String actor) {
        return Reactive.one(trx.insertInto(MEETING)
                        .set(MEETING.KIND, kind.name()).set(MEETING.TITLE, title).set(MEETING.STARTS_AT, startsAt).set(MEETING.ENDS_AT, endsAt)
                        .set(MEETING.LOCATION, location).set(MEETING.STATUS, "SCHEDULED").set(MEETING.CREATED_BY, actor)
                        .returningResult(MEETING.ID)).map(r -> r.value1())
                .flatMap(id -> Flux.range(0, agenda.size()).concatMap(i -> Reactive.run(trx.insertInto(MEETING_AGENDA_ITEM)
                                .set(MEETING_AGENDA_ITEM.MEETING_ID, id).set(MEETING_AGENDA_ITEM.POSITION, i + 1)
                                .set(MEETING_AGENDA_ITEM.TITLE, agenda.get(i))))
                        .thenMany(Flux.fromIterable(organisations).distinct().concatMap(org -> Reactive.run(trx.insertInto(MEETING_ATTENDEE)
                                .set(MEETING_ATTENDEE.MEETING_ID, id).set(MEETING_ATTENDEE.ORGANISATION_ID, org))))
                        .then(Mono.just(id)));
    }

    static Mono<Meeting> find(DSLContext town, UUID id) {
        return Reactive.one(town.selectFrom(MEETING).where(MEETING.ID.eq(id)))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("meeting-not-found", "No such meeting in this town.")))
                .flatMap(m -> Mono.zip(
                        Flux.from(town.selectFrom(MEETING_AGENDA_ITEM).where(MEETING_AGENDA_ITEM.MEETING_ID.eq(id))
                                .orderBy(MEETING_AGENDA_ITEM.POSITION)).map(a -> a.getTitle()).collectList(),
                        Flux.from(town.selectFrom(MEETING_ATTENDEE).where(MEETING_ATTENDEE.MEETING_ID.eq(id)))
                                .map(a -> new Attendee(a.getOrganisationId(), a.getCheckedInAt(), a.getCheckedInName())).collectList(),
                        MeetingOutcomes.resolutions(town, id), MeetingOutcomes.actionItems(town, id), MeetingOutcomes.tickets(town, id))
                        .map(t -> new Meeting(m.getId(), Kind.valueOf(m.getKind()), m.getTitle(), m.getStartsAt(), m.getEndsAt(), m.getLocation(),
                                m.getStatus(), m.getMinutes(), t.getT1(), t.getT2(), t.getT3(), t.getT4(), t.getT5())));
    }

    static Flux<MeetingRecord> between(DSLContext town, OffsetDateTime from, OffsetDateTime until) {
        return Flux.from(town.selectFrom(MEETING).where(MEETING.STARTS_AT.ge(from)).and(MEETING.STARTS_AT.lt(until)).orderBy(MEETING.STARTS_AT));
    }

    /** Records who came for an invited organisation; a meeting already closed (held or cancelled) takes no check-ins. */
    static Mono<Void> checkIn(DSLContext town, UUID meetingId, UUID organisationId, String name) {
        return open(town, meetingId).then(Reactive.one(town.update(MEETING_ATTENDEE)
                        .set(MEETING_ATTENDEE.CHECKED_IN_AT, OffsetDateTime.now()).set(MEETING_ATTENDEE.CHECKED_IN_NAME, name)
                        .where(MEETING_ATTENDEE.MEETING_ID.eq(meetingId)).and(MEETING_ATTENDEE.ORGANISATION_ID.eq(organisationId))
                        .returningResult(MEETING_ATTENDEE.ORGANISATION_ID)))
                .switchIfEmpty(Mono.error(() -> ProblemException.conflict("not-invited", "This organisation was not invited to the meeting.")))
                .then();
    }

    /** The minutes make the meeting HELD; a cancelled meeting keeps no minutes. */
    static Mono<Void> close(DSLContext town, UUID meetingId, String status, String minutes) {
        return open(town, meetingId).then(Reactive.one(town.update(MEETING).set(MEETING.STATUS, status).set(MEETING.MINUTES, minutes)
                        .where(MEETING.ID.eq(meetingId)).and(MEETING.STATUS.eq("SCHEDULED")).returningResult(MEETING.ID)))
                .switchIfEmpty(Mono.error(() -> ProblemException.conflict("meeting-closed", "The meeting was closed meanwhile.")))
                .then();
    }

    /** The meeting, if it is still SCHEDULED (takes check-ins, resolutions); else a meeting-closed problem. */
    static Mono<MeetingRecord> open(DSLContext town, UUID meetingId) {
        return Reactive.one(town.selectFrom(MEETING).where(MEETING.ID.eq(meetingId)))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("meeting-not-found", "No such meeting in this town.")))
                .flatMap(m -> "SCHEDULED".equals(m.getStatus()) ? Mono.just(m)
                        : Mono.error(ProblemException.conflict("meeting-closed", "The meeting is " + m.getStatus().toLowerCase() + "; it takes no more changes.")));
    }

    /** A meeting as listed: without its agenda, attendance and outcomes. */
    static Meeting listed(MeetingRecord m) {
        return new Meeting(m.getId(), Kind.valueOf(m.getKind()), m.getTitle(), m.getStartsAt(), m.getEndsAt(), m.getLocation(), m.getStatus(),
                m.getMinutes(), List.of(), List.of(), List.of(), List.of(), List.of());
    }
}
