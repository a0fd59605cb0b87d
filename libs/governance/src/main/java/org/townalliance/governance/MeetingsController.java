package org.townalliance.governance;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Member meetings: the secretariat schedules them (agenda, invited members: by default every current
 * member), checks in who came, and closes them with minutes (or cancels them); the compliance view says
 * whether the town holds or has scheduled its two general member meetings of the year.
 */
@RestController
@RequestMapping(path = "/api/towns/{town}/meetings", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town: governance meetings", description = "General member meetings, joint consultations with the city hotline")
class MeetingsController {

    static final int GENERAL_MEETINGS_A_YEAR = 2;

    private final MeetingSchedule schedule;

    MeetingsController(MeetingSchedule schedule) {
        this.schedule = schedule;
    }

    record MeetingRequest(@NotNull Meetings.Kind kind, @NotBlank @Size(max = 200) String title, @NotNull OffsetDateTime startsAt,
                          @NotNull OffsetDateTime endsAt, @Size(max = 200) String location,
                          @NotNull @Size(max = 50) List<@NotBlank @Size(max = 200) String> agenda, @Size(max = 500) List<@NotNull UUID> invited) {
    }

    record CheckIn(@NotNull UUID organisationId, @NotBlank @Size(max = 100) String name) {
    }

    record Minutes(@NotBlank @Size(max = 20000) String minutes) {
    }

    record Compliance(int year, long generalHeld, long generalScheduled, int required, boolean compliant) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Schedule a meeting with its agenda; invites the listed members, or every current member")
    Mono<ResponseEntity<Meetings.Meeting>> schedule(TownContext town, @Valid @RequestBody MeetingRequest request) {
        if (!request.startsAt().isBefore(request.endsAt())) {
            return Mono.error(ProblemException.badRequest("invalid-period", "A meeting ends after it starts."));
        }
        return schedule.schedule(town, request.kind(), request.title(), request.startsAt(), request.endsAt(), request.location(),
                        request.agenda(), request.invited())
                .map(meeting -> ResponseEntity.status(HttpStatus.CREATED).body(meeting));
    }

    @GetMapping
    @TownAccess(anyRole = true, platformAdmin = true)
    @Operation(summary = "The meetings of a year (default this year, town zone)")
    Mono<List<Meetings.Meeting>> meetings(TownContext town, @RequestParam(required = false) Integer year) {
        var zone = town.town().timezone();
        var y = year != null ? year : LocalDate.now(zone).getYear();
        if (y < 2000 || y > 2100) {
            return Mono.error(ProblemException.badRequest("invalid-year", "A year between 2000 and 2100."));
        }
        return Meetings.between(town.dsl(), LocalDate.of(y, 1, 1).atStartOfDay(zone).toOffsetDateTime(),
                        LocalDate.of(y + 1, 1, 1).atStartOfDay(zone).toOffsetDateTime())
                .map(Meetings::listed).collectList();
    }

    @GetMapping("/{meetingId}")
    @TownAccess(anyRole = true, platformAdmin = true)
    Mono<Meetings.Meeting> meeting(TownContext town, @PathVariable UUID meetingId) {
        return Meetings.find(town.dsl(), meetingId);
    }

    @PostMapping(path = "/{meetingId}/check-in", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Record who came for an invited member organisation")
    Mono<Meetings.Meeting> checkIn(TownContext town, @PathVariable UUID meetingId, @Valid @RequestBody CheckIn request) {
        return Meetings.checkIn(town.dsl(), meetingId, request.organisationId(), request.name()).then(Meetings.find(town.dsl(), meetingId));
    }

    @PostMapping(path = "/{meetingId}/minutes", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Close the meeting as held, with its minutes (no changes after)")
    Mono<Meetings.Meeting> minutes(TownContext town, @PathVariable UUID meetingId, @Valid @RequestBody Minutes request) {
        return Meetings.close(town.dsl(), meetingId, "HELD", request.minutes()).then(Meetings.find(town.dsl(), meetingId));
    }

    @PostMapping("/{meetingId}/cancel")
    @TownAccess(TownRole.SECRETARIAT)
    Mono<Meetings.Meeting> cancel(TownContext town, @PathVariable UUID meetingId) {
        return schedule.cancel(town, meetingId);
    }

    @GetMapping("/compliance")
    @TownAccess(value = TownRole.SECRETARIAT, platformAdmin = true)
    @Operation(summary = "Whether the town holds (or has scheduled) its two general member meetings of the year")
    Mono<Compliance> compliance(TownContext town, @RequestParam(required = false) Integer year) {
        return meetings(town, year).map(list -> {
            var general = list.stream().filter(m -> m.kind() == Meetings.Kind.GENERAL).toList();
            var held = general.stream().filter(m -> "HELD".equals(m.status())).count();
            var scheduled = general.stream().filter(m -> "SCHEDULED".equals(m.status())).count();
            var y = year != null ? year : LocalDate.now(town.town().timezone()).getYear();
            return new Compliance(y, held, scheduled, GENERAL_MEETINGS_A_YEAR, held + scheduled >= GENERAL_MEETINGS_A_YEAR);
        });
    }
}
