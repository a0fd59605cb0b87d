package org.townalliance.governance;

import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.db.Reactive;
import org.townalliance.notifications.Audience;
import org.townalliance.notifications.Notice;
import org.townalliance.notifications.NoticeKind;
import org.townalliance.notifications.Notices;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.MEETING;

/**
 * Scheduling and cancelling a meeting, each one transaction with the notice that tells the invited members' managers
 * (by e-mail with the meeting's {@code .ics}, the same file the meeting's page offers): the invitation exists exactly
 * when the meeting does, and a cancellation is sent as the calendar's own cancellation of that entry.
 */
@Service
class MeetingSchedule {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy年M月d日 HH:mm");

    private final Notices notices;

    MeetingSchedule(Notices notices) {
        this.notices = notices;
    }

    /** Schedules the meeting; invites the given organisations, or every current member when none are given. */
    Mono<Meetings.Meeting> schedule(TownContext town, Meetings.Kind kind, String title, OffsetDateTime startsAt, OffsetDateTime endsAt,
                                    String location, List<String> agenda, List<UUID> invited) {
        var invitees = invited == null || invited.isEmpty() ? AllianceDirectory.currentMemberIds(town.dsl()) : Mono.just(invited);
        return invitees.flatMap(organisations -> Reactive.one(town.dsl().transactionPublisher(trx -> {
            var dsl = trx.dsl();
            return Meetings.insert(dsl, kind, title, startsAt, endsAt, location, agenda, List.copyOf(organisations), town.caller().actor())
                    .flatMap(id -> Meetings.find(dsl, id))
                    .flatMap(meeting -> tell(dsl, town, meeting, NoticeKind.MEETING_SCHEDULED).thenReturn(meeting));
        })));
    }

    Mono<Meetings.Meeting> cancel(TownContext town, UUID meetingId) {
        return Reactive.one(town.dsl().transactionPublisher(trx -> {
            var dsl = trx.dsl();
            return Meetings.open(dsl, meetingId)
                    .then(Reactive.one(dsl.update(MEETING).set(MEETING.STATUS, "CANCELLED").where(MEETING.ID.eq(meetingId))
                            .and(MEETING.STATUS.eq("SCHEDULED")).returningResult(MEETING.ID)))
                    .switchIfEmpty(Mono.error(() -> ProblemException.conflict("meeting-closed", "The meeting was closed meanwhile.")))
                    .then(Meetings.find(dsl, meetingId))
                    .flatMap(meeting -> tell(dsl, town, meeting, NoticeKind.MEETING_CANCELLED).thenReturn(meeting));
        }));
    }

    private Mono<Void> tell(DSLContext dsl, TownContext town, Meetings.Meeting meeting, NoticeKind kind) {
        var audience = meeting.attendees().stream().map(a -> Audience.managersOf(a.organisationId())).toList();
        return AllianceDirectory.allianceName(dsl).defaultIfEmpty(town.town().nameZh() + "物业服务联盟").flatMap(organiser -> {
            var params = Map.of("meeting", meeting.title(),
                    "startsAt", WHEN.format(meeting.startsAt().atZoneSameInstant(town.town().timezone())),
                    "place", meeting.location() == null ? "" : meeting.location(),
                    "path", "/console/towns/" + town.slug() + "/meetings/" + meeting.id());
            var notice = Notice.of(town.slug(), kind, "meeting:" + meeting.id() + ":" + kind.name(), audience, params)
                    .withAttachment(new Notice.Attachment("invitation.ics", "text/calendar; charset=UTF-8; method="
                            + (kind == NoticeKind.MEETING_CANCELLED ? "CANCEL" : "REQUEST"), Invitations.calendar(meeting, organiser)));
            return notices.queue(dsl, notice);
        });
    }
}
