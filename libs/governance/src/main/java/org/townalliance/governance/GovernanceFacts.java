package org.townalliance.governance;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.MEETING;
import static org.townalliance.db.jooq.town.Tables.MEETING_ATTENDEE;

/** What the quality evaluation reads from governance: how often each member came to the general meetings it was invited to. */
public final class GovernanceFacts {

    private GovernanceFacts() {
    }

    /** Invitations to general meetings held in [from, until) and how many of them the organisation attended (checked in). */
    public record Attendance(int invited, int attended) {
    }

    public static Mono<Map<UUID, Attendance>> generalMeetingAttendance(DSLContext town, OffsetDateTime from, OffsetDateTime until) {
        return Flux.from(town.select(MEETING_ATTENDEE.ORGANISATION_ID, DSL.count(), DSL.count().filterWhere(MEETING_ATTENDEE.CHECKED_IN_AT.isNotNull()))
                        .from(MEETING_ATTENDEE).join(MEETING).on(MEETING.ID.eq(MEETING_ATTENDEE.MEETING_ID))
                        .where(MEETING.KIND.eq(Meetings.Kind.GENERAL.name())).and(MEETING.STATUS.eq("HELD"))
                        .and(MEETING.STARTS_AT.ge(from)).and(MEETING.STARTS_AT.lt(until))
                        .groupBy(MEETING_ATTENDEE.ORGANISATION_ID))
                .collectMap(r -> r.value1(), r -> new Attendance(r.value2(), r.value3()));
    }

    /** A meeting's resolution as other modules cite it (a Star Plan award voted at a meeting). */
    public record Resolution(UUID id, String meetingTitle, String text, int votesFor, int votesAgainst, int abstentions, boolean adopted) {
    }

    public static Mono<Resolution> resolution(DSLContext town, UUID id) {
        var resolution = org.townalliance.db.jooq.town.Tables.MEETING_RESOLUTION;
        return org.townalliance.db.Reactive.one(town.select(resolution.ID, MEETING.TITLE, resolution.TEXT, resolution.VOTES_FOR, resolution.VOTES_AGAINST,
                        resolution.ABSTENTIONS, resolution.ADOPTED)
                        .from(resolution).join(MEETING).on(MEETING.ID.eq(resolution.MEETING_ID)).where(resolution.ID.eq(id)))
                .map(r -> new Resolution(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6(), Boolean.TRUE.equals(r.value7())));
    }
}
