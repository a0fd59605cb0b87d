package org.townalliance.governance;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.util.UUID;

/**
 * Elections up to the ballot: the town's election rules, opening an election for an office at a
 * meeting, candidates (proposed by the convener, or recommended by a member's manager and seconded by
 * another member when the rules say so), and the candidates' answers. Eligibility is checked at every step.
 */
@RestController
@RequestMapping(path = "/api/towns/{town}/elections", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town: governance elections", description = "Elections to the alliance's offices: rules, candidates, ballot, result")
class ElectionsController {

    private static final String PERSON_ID = "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

    record RulesRequest(boolean seconderRequired, @Min(0) @Max(99) int quorumPercent, @NotNull Tally.Majority majority,
                        @NotNull Tally.TieBreak tieBreak, @NotNull Elections.Ballot ballot) {
    }

    record OpenRequest(@NotBlank @Size(max = 40) String officeCode, @NotBlank @Size(max = 200) String title,
                       @NotNull LocalDate nominationsCloseOn, @NotNull UUID meetingId, LocalDate termStartsOn) {
    }

    record CandidateRequest(@NotBlank @Pattern(regexp = PERSON_ID, message = "is a person id (lower-case UUID)") String personId,
                            UUID organisationId, UUID byOrganisationId, @Size(max = 1000) String statement) {
    }

    record SecondRequest(@NotNull UUID byOrganisationId) {
    }

    record AnswerRequest(@Size(max = 1000) String statement) {
    }

    private final Standing standing;

    private final ElectionNotices notices;

    ElectionsController(Standing standing, ElectionNotices notices) {
        this.notices = notices;
        this.standing = standing;
    }

    @GetMapping("/rules")
    @TownAccess(anyRole = true, platformAdmin = true)
    @Operation(summary = "The town's election rules (seconder, quorum, majority, tie-break, ballot)")
    Mono<Elections.Rules> rules(TownContext town) {
        return Elections.rules(town.dsl());
    }

    @PutMapping(path = "/rules", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Change the rules; running elections keep the rules they were opened under")
    Mono<Elections.Rules> saveRules(TownContext town, @Valid @RequestBody RulesRequest request) {
        return Elections.saveRules(town.dsl(), new Elections.Rules(request.seconderRequired(), request.quorumPercent(), request.majority(),
                request.tieBreak(), request.ballot()), town.caller().actor());
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Open an election for an office: nominations until a day, the vote at a scheduled meeting on or after it; "
            + "the new term starts on termStartsOn if given, else the day the previous term ends")
    Mono<ResponseEntity<Elections.Election>> open(TownContext town, @Valid @RequestBody OpenRequest request) {
        return Offices.find(town.dsl(), request.officeCode())
                .then(Meetings.find(town.dsl(), request.meetingId()))
                .flatMap(meeting -> {
                    if (!"SCHEDULED".equals(meeting.status())) {
                        return Mono.error(ProblemException.conflict("meeting-closed", "The election's meeting must be a scheduled one."));
                    }
                    var meetingDay = meeting.startsAt().atZoneSameInstant(town.town().timezone()).toLocalDate();
                    if (meetingDay.isBefore(request.nominationsCloseOn())) {
                        return Mono.error(ProblemException.badRequest("invalid-timetable", "Nominations close on or before the day of the meeting."));
                    }
                    if (request.termStartsOn() != null && request.termStartsOn().isBefore(meetingDay)) {
                        return Mono.error(ProblemException.badRequest("invalid-timetable", "The new term starts on or after the day of the meeting."));
                    }
                    return Elections.rules(town.dsl()).flatMap(rules -> Elections.open(town.dsl(), request.officeCode(), request.title(),
                            request.nominationsCloseOn(), request.meetingId(), request.termStartsOn(), rules, town.caller().actor()));
                })
                .flatMap(id -> Elections.view(town.dsl(), id))
                .map(election -> ResponseEntity.status(HttpStatus.CREATED).body(election));
    }

    @GetMapping
    @TownAccess(anyRole = true, platformAdmin = true)
    @Operation(summary = "Every election of the town, newest first")
    Flux<Elections.Summary> elections(TownContext town) {
        return Elections.list(town.dsl());
    }

    @GetMapping("/{electionId}")
    @TownAccess(anyRole = true, platformAdmin = true)
    @Operation(summary = "An election with its candidates, delegates and rounds (a round's tally once it is closed)")
    Mono<Elections.Election> election(TownContext town, @PathVariable UUID electionId) {
        return Elections.view(town.dsl(), electionId);
    }

    @PostMapping(path = "/{electionId}/candidates", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(anyRole = true)
    @Operation(summary = "Propose a candidate: as the convener (no byOrganisationId), or recommend one as the manager of a member "
            + "(byOrganisationId); the secretariat records paper nominations in either name")
    Mono<ResponseEntity<Elections.Election>> propose(TownContext town, @PathVariable UUID electionId, @Valid @RequestBody CandidateRequest request) {
        return Elections.nominating(town.dsl(), electionId, Standing.today(town), Standing.secretariat(town))
                .flatMap(election -> {
                    // The secretariat records nominations made on paper, in the convener's or the member's name.
                    Mono<Void> entitled = Standing.secretariat(town) ? Mono.empty() : request.byOrganisationId() == null
                            ? Standing.convener(town).flatMap(convener -> convener ? Mono.<Void>empty()
                                    : Mono.error(ProblemException.forbidden("not-convener",
                                            "Only the convener proposes candidates; a member's manager recommends one for their organisation.")))
                            : Standing.managerOf(town, request.byOrganisationId(), "recommend a candidate for it");
                    return entitled.then(Offices.find(town.dsl(), election.getOfficeCode()))
                            .flatMap(office -> standing.eligible(town, office, request.personId(), request.organisationId()))
                            .flatMap(name -> notices.propose(town, electionId, request.personId(), name, request.organisationId(),
                                    request.byOrganisationId() == null ? Elections.ProposedBy.CONVENER : Elections.ProposedBy.MEMBER,
                                    request.byOrganisationId(), request.statement()));
                })
                .then(Elections.view(town.dsl(), electionId))
                .map(election -> ResponseEntity.status(HttpStatus.CREATED).body(election));
    }

    @PostMapping(path = "/{electionId}/candidates/{candidateId}/second", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(anyRole = true)
    @Operation(summary = "Second a member's recommendation, as the manager of another member")
    Mono<Elections.Election> second(TownContext town, @PathVariable UUID electionId, @PathVariable UUID candidateId,
                                    @Valid @RequestBody SecondRequest request) {
        return Elections.nominating(town.dsl(), electionId, Standing.today(town), Standing.secretariat(town))
                .then(Elections.candidate(town.dsl(), electionId, candidateId))
                .flatMap(candidate -> candidate.proposedBy() != Elections.ProposedBy.MEMBER
                        ? Mono.error(ProblemException.conflict("not-a-recommendation", "Only a member's recommendation is seconded."))
                        : request.byOrganisationId().equals(candidate.proposedByOrganisationId())
                        ? Mono.error(ProblemException.conflict("seconder-is-proposer", "The seconder is another member than the one recommending."))
                        : Standing.secretariat(town) ? Mono.<Void>empty()
                        : Standing.managerOf(town, request.byOrganisationId(), "second a recommendation for it"))
                .then(Elections.candidate(town.dsl(), electionId, candidateId))
                .flatMap(candidate -> notices.second(town, electionId, candidateId, request.byOrganisationId(), candidate.proposedByOrganisationId()))
                .then(Elections.view(town.dsl(), electionId));
    }

    @PostMapping(path = "/{electionId}/candidates/{candidateId}/accept", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(anyRole = true)
    @Operation(summary = "The candidate accepts (or the secretariat records their acceptance); eligibility is checked again")
    Mono<Elections.Election> accept(TownContext town, @PathVariable UUID electionId, @PathVariable UUID candidateId,
                                    @Valid @RequestBody AnswerRequest request) {
        return answer(town, electionId, candidateId, "ACCEPTED", request.statement());
    }

    @PostMapping(path = "/{electionId}/candidates/{candidateId}/decline", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(anyRole = true)
    @Operation(summary = "The candidate declines or withdraws (or the secretariat records it)")
    Mono<Elections.Election> decline(TownContext town, @PathVariable UUID electionId, @PathVariable UUID candidateId,
                                     @Valid @RequestBody AnswerRequest request) {
        return answer(town, electionId, candidateId, "DECLINED", request.statement());
    }

    private Mono<Elections.Election> answer(TownContext town, UUID electionId, UUID candidateId, String status, String statement) {
        return Elections.nominating(town.dsl(), electionId, Standing.today(town), Standing.secretariat(town)).flatMap(election ->
                        Elections.candidate(town.dsl(), electionId, candidateId).flatMap(candidate -> {
                            if (!candidate.personId().equals(town.caller().subject()) && !Standing.secretariat(town)) {
                                return Mono.error(ProblemException.forbidden("not-the-candidate",
                                        "Only the candidate answers (or the secretariat records their answer)."));
                            }
                            if (!"ACCEPTED".equals(status)) {
                                return Mono.empty();
                            }
                            if (Boolean.TRUE.equals(election.getSeconderRequired()) && candidate.proposedBy() == Elections.ProposedBy.MEMBER
                                    && candidate.secondedByOrganisationId() == null) {
                                return Mono.error(ProblemException.conflict("not-seconded", "This recommendation needs a seconding member first."));
                            }
                            return Offices.find(town.dsl(), election.getOfficeCode())
                                    .flatMap(office -> standing.eligible(town, office, candidate.personId(), candidate.organisationId())).then();
                        }))
                .then(Elections.answer(town.dsl(), candidateId, status, statement, town.caller().actor()))
                .then(Elections.view(town.dsl(), electionId));
    }

    @PostMapping("/{electionId}/cancel")
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Cancel a running election (its votes stay recorded)")
    Mono<Elections.Election> cancel(TownContext town, @PathVariable UUID electionId) {
        return Elections.find(town.dsl(), electionId).then(Elections.cancel(town.dsl(), electionId)).then(Elections.view(town.dsl(), electionId));
    }
}
