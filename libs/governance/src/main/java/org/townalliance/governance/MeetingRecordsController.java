package org.townalliance.governance;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.UUID;

/**
 * A meeting's record beyond its minutes: resolutions with their votes (while the meeting is in session),
 * action items with owner and due date and the tickets it discussed (until it is cancelled), and the
 * invitation as an iCalendar file and as e-mail text.
 */
@RestController
@RequestMapping(path = "/api/towns/{town}/meetings/{meetingId}")
@Tag(name = "Town: governance meetings")
class MeetingRecordsController {

    private static final MediaType CALENDAR = new MediaType("text", "calendar", StandardCharsets.UTF_8);
    private static final MediaType TEXT = new MediaType("text", "plain", StandardCharsets.UTF_8);

    record ResolutionRequest(@NotBlank @Size(max = 2000) String text, @NotNull @Min(0) @Max(10000) Integer votesFor,
                             @NotNull @Min(0) @Max(10000) Integer votesAgainst, @NotNull @Min(0) @Max(10000) Integer abstentions) {
    }

    record ActionItemRequest(@NotBlank @Size(max = 1000) String text, UUID ownerOrganisationId, @NotBlank @Size(max = 100) String ownerName,
                             @NotNull LocalDate dueOn) {
    }

    record DoneRequest(LocalDate doneOn) {
    }

    record TicketLink(@NotNull @Positive Long ticketNumber, @Size(max = 500) String note) {
    }

    @PostMapping(path = "/resolutions", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Record a resolution with its votes (one per invited member at most); adopted when more than half of the votes cast are for it")
    Mono<Meetings.Meeting> resolve(TownContext town, @PathVariable UUID meetingId, @Valid @RequestBody ResolutionRequest request) {
        return Meetings.open(town.dsl(), meetingId).then(Meetings.find(town.dsl(), meetingId)).flatMap(meeting -> {
            var cast = request.votesFor() + request.votesAgainst() + request.abstentions();
            if (cast > meeting.attendees().size()) {
                return Mono.error(ProblemException.badRequest("invalid-votes",
                        "%d votes but %d member organisations invited (one vote each).".formatted(cast, meeting.attendees().size())));
            }
            return MeetingOutcomes.resolve(town.dsl(), meetingId, request.text(), request.votesFor(), request.votesAgainst(), request.abstentions(),
                    town.caller().actor());
        }).then(Meetings.find(town.dsl(), meetingId));
    }

    @PostMapping(path = "/action-items", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Record an action item with its owner (a member organisation or a person) and due date")
    Mono<Meetings.Meeting> assign(TownContext town, @PathVariable UUID meetingId, @Valid @RequestBody ActionItemRequest request) {
        var owner = request.ownerOrganisationId() == null ? Mono.just(true) : AllianceDirectory.isCurrentMember(town.dsl(), request.ownerOrganisationId());
        return notCancelled(town, meetingId).then(owner).flatMap(member -> member
                        ? MeetingOutcomes.assign(town.dsl(), meetingId, request.text(), request.ownerOrganisationId(), request.ownerName(),
                                request.dueOn(), town.caller().actor())
                        : Mono.error(ProblemException.badRequest("invalid-organisation", "The owner organisation is not a current member.")))
                .then(Meetings.find(town.dsl(), meetingId));
    }

    @PostMapping(path = "/action-items/{itemId}/done", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Mark an action item done (default today)")
    Mono<Meetings.Meeting> done(TownContext town, @PathVariable UUID meetingId, @PathVariable UUID itemId, @Valid @RequestBody DoneRequest request) {
        var day = request.doneOn() != null ? request.doneOn() : LocalDate.now(town.town().timezone());
        return Meetings.find(town.dsl(), meetingId).then(MeetingOutcomes.done(town.dsl(), meetingId, itemId, day))
                .then(Meetings.find(town.dsl(), meetingId));
    }

    @PostMapping(path = "/tickets", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Link a hotline ticket the meeting discussed, by its number")
    Mono<Meetings.Meeting> link(TownContext town, @PathVariable UUID meetingId, @Valid @RequestBody TicketLink request) {
        return notCancelled(town, meetingId).then(MeetingOutcomes.link(town.dsl(), meetingId, request.ticketNumber(), request.note()))
                .then(Meetings.find(town.dsl(), meetingId));
    }

    @GetMapping(path = "/invitation.ics", produces = "text/calendar")
    @TownAccess(anyRole = true, platformAdmin = true)
    @Operation(summary = "The invitation as an iCalendar file (a cancelled meeting gives the cancellation)")
    Mono<ResponseEntity<String>> calendar(TownContext town, @PathVariable UUID meetingId) {
        return Mono.zip(Meetings.find(town.dsl(), meetingId), organiser(town))
                .map(t -> ResponseEntity.ok().contentType(CALENDAR)
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("meeting-" + meetingId + ".ics").build().toString())
                        .body(Invitations.calendar(t.getT1(), t.getT2())));
    }

    @GetMapping(path = "/invitation.txt", produces = "text/plain")
    @TownAccess(anyRole = true, platformAdmin = true)
    @Operation(summary = "The invitation as e-mail text in Chinese, signed by the alliance's secretariat")
    Mono<ResponseEntity<String>> email(TownContext town, @PathVariable UUID meetingId) {
        return Mono.zip(Meetings.find(town.dsl(), meetingId), organiser(town))
                .map(t -> ResponseEntity.ok().contentType(TEXT).body(Invitations.email(t.getT1(), t.getT2(), town.town().timezone())));
    }

    @GetMapping(path = "/minutes.xlsx", produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    @TownAccess(anyRole = true, platformAdmin = true)
    @Operation(summary = "The meeting's record as Excel: minutes, attendance, resolutions, action items, tickets")
    Mono<ResponseEntity<byte[]>> workbook(TownContext town, @PathVariable UUID meetingId) {
        return Meetings.find(town.dsl(), meetingId)
                .flatMap(meeting -> AllianceDirectory.organisationNames(town.dsl(), meeting.attendees().stream().map(Meetings.Attendee::organisationId).toList())
                        .flatMap(names -> Mono.fromCallable(() -> MinutesWorkbook.of(meeting, names, town.town().timezone()))
                                .subscribeOn(reactor.core.scheduler.Schedulers.boundedElastic())))
                .map(bytes -> ResponseEntity.ok().contentType(MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("meeting-" + meetingId + ".xlsx").build().toString())
                        .body(bytes));
    }

    private static Mono<String> organiser(TownContext town) {
        return AllianceDirectory.allianceName(town.dsl()).defaultIfEmpty(town.town().nameZh() + "物业服务联盟");
    }

    private static Mono<Void> notCancelled(TownContext town, UUID meetingId) {
        return Meetings.find(town.dsl(), meetingId).flatMap(m -> "CANCELLED".equals(m.status())
                ? Mono.error(ProblemException.conflict("meeting-closed", "The meeting was cancelled.")) : Mono.<Void>empty());
    }
}
