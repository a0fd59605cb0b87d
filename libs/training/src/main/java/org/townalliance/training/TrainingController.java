package org.townalliance.training;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
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
import org.springframework.web.server.ServerWebExchange;
import org.townalliance.db.jooq.town.tables.records.TrainingProgrammeRecord;
import org.townalliance.db.jooq.town.tables.records.TrainingSessionRecord;
import org.townalliance.identity.TownRole;
import org.townalliance.printing.PrintFont;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * Industry training in a town: the secretariat runs programmes and their sessions, keeps the register and
 * completes a session (certificates are issued then); people of member organisations enrol themselves, their
 * managers enrol their staff, the secretariat enrols anyone of a member organisation.
 */
@RestController
@RequestMapping(path = "/api/towns/{town}/training", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town: training and certificates", description = "Programmes, sessions, enrolment, attendance, completion, certificates")
class TrainingController {

    record ProgrammeRequest(@NotBlank @Size(max = 200) String title, @NotNull Programmes.Category category, @Size(max = 4000) String description,
                            @NotNull @DecimalMin("0.5") @DecimalMax("999.9") @Digits(integer = 3, fraction = 1) BigDecimal hours,
                            @NotNull @Min(1) @Max(100) Integer minAttendancePercent, @Min(0) @Max(100) Integer passMark,
                            @NotBlank @Size(max = 200) String certificateTitle) {
    }

    record SessionRequest(@NotBlank @Size(max = 100) String name, @NotNull LocalDate startsOn, @NotNull LocalDate endsOn,
                          @NotBlank @Size(max = 200) String venue, @Size(max = 200) String trainer, @NotNull @Min(1) @Max(1000) Integer capacity) {
    }

    /** Without a person: the caller enrols; without an organisation: the person's only member organisation here. */
    record EnrolRequest(@Size(max = 64) String personId, UUID organisationId) {
    }

    record MarkRequest(@NotNull UUID enrolmentId, @NotNull LocalDate day, @NotNull Boolean present) {
    }

    record ScoreRequest(@NotNull UUID enrolmentId, @NotNull @Min(0) @Max(100) Integer score) {
    }

    record RegisterRequest(@Size(max = 10000) List<@Valid @NotNull MarkRequest> attendance, @Size(max = 1000) List<@Valid @NotNull ScoreRequest> scores) {
    }

    record RevokeRequest(@NotBlank @Size(max = 500) String reason) {
    }

    /** A session with its programme, its days, and the enrolments the caller may see. */
    record SessionView(Programmes.Programme programme, Programmes.Session session, List<LocalDate> days, List<Enrolments.Enrolment> enrolments) {
    }

    private final Learners learners;
    private final PrintFont font;

    private final LearnerNotices notices;

    TrainingController(Learners learners, PrintFont font, LearnerNotices notices) {
        this.notices = notices;
        this.learners = learners;
        this.font = font;
    }

    @GetMapping("/programmes")
    @TownAccess(anyRole = true)
    @Operation(summary = "Programmes with their sessions, newest first")
    Mono<List<Programmes.Programme>> programmes(TownContext town) {
        return Programmes.list(town.dsl()).collectList();
    }

    @PostMapping(path = "/programmes", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "A programme: its hours, the share of days to attend, an optional pass mark and the certificate's title")
    Mono<ResponseEntity<Programmes.Programme>> createProgramme(TownContext town, @Valid @RequestBody ProgrammeRequest request) {
        var values = new TrainingProgrammeRecord();
        values.setTitle(request.title().strip());
        values.setCategory(request.category().name());
        values.setDescription(request.description());
        values.setHours(request.hours());
        values.setMinAttendancePercent(request.minAttendancePercent());
        values.setPassMark(request.passMark());
        values.setCertificateTitle(request.certificateTitle().strip());
        values.setCreatedBy(town.caller().actor());
        return Programmes.create(town.dsl(), values).map(p -> ResponseEntity.status(HttpStatus.CREATED).body(p));
    }

    @PostMapping(path = "/programmes/{programmeId}/sessions", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "A session of a programme: its name (e.g. 2026年第1期), days, venue, trainer and places")
    Mono<ResponseEntity<Programmes.Session>> createSession(TownContext town, @PathVariable UUID programmeId, @Valid @RequestBody SessionRequest request) {
        if (request.endsOn().isBefore(request.startsOn()) || ChronoUnit.DAYS.between(request.startsOn(), request.endsOn()) >= 60) {
            return Mono.error(ProblemException.badRequest("invalid-session-days", "A session ends on or after its first day, within 60 days."));
        }
        var values = new TrainingSessionRecord();
        values.setProgrammeId(programmeId);
        values.setName(request.name().strip());
        values.setStartsOn(request.startsOn());
        values.setEndsOn(request.endsOn());
        values.setVenue(request.venue().strip());
        values.setTrainer(request.trainer());
        values.setCapacity(request.capacity());
        return Programmes.createSession(town.dsl(), values).map(s -> ResponseEntity.status(HttpStatus.CREATED).body(s));
    }

    @GetMapping("/sessions/{sessionId}")
    @TownAccess(anyRole = true)
    @Operation(summary = "A session, its days and the enrolments I may see (all for the secretariat; my organisations' or my own)")
    Mono<SessionView> session(TownContext town, @PathVariable UUID sessionId) {
        return view(town, sessionId);
    }

    @PostMapping(path = "/sessions/{sessionId}/enrolments", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(anyRole = true)
    @Operation(summary = "Enrol myself, or (a manager) my organisation's people, or (the secretariat) anyone of a member organisation")
    Mono<ResponseEntity<SessionView>> enrol(TownContext town, @PathVariable UUID sessionId, @Valid @RequestBody EnrolRequest request) {
        return learners.resolve(town, request.personId(), request.organisationId())
                .flatMap(learner -> Enrolments.enrol(town.dsl(), town.slug(), sessionId, learner, town.caller().actor(), notices))
                .then(view(town, sessionId)).map(v -> ResponseEntity.status(HttpStatus.CREATED).body(v));
    }

    @PostMapping(path = "/enrolments/{enrolmentId}/withdraw", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(anyRole = true)
    @Operation(summary = "Withdraw an enrolment while its session is open (the person, their manager or the secretariat)")
    Mono<SessionView> withdraw(TownContext town, @PathVariable UUID enrolmentId) {
        return Enrolments.find(town.dsl(), enrolmentId)
                .flatMap(e -> learners.mayActFor(town, e.getPersonId(), e.getOrganisationId())
                        .flatMap(may -> may ? Enrolments.withdraw(town.dsl(), enrolmentId).then(view(town, e.getSessionId()))
                                : Mono.error(ProblemException.forbidden("not-your-enrolment", "Only the person, their manager or the secretariat withdraws it."))));
    }

    @PutMapping(path = "/sessions/{sessionId}/register", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "The register: attendance per day (present or not; again for a day replaces it) and assessment scores")
    Mono<SessionView> register(TownContext town, @PathVariable UUID sessionId, @Valid @RequestBody RegisterRequest request) {
        var marks = request.attendance() == null ? List.<Enrolments.Mark>of()
                : request.attendance().stream().map(m -> new Enrolments.Mark(m.enrolmentId(), m.day(), m.present())).toList();
        var scores = request.scores() == null ? List.<Enrolments.Score>of()
                : request.scores().stream().map(s -> new Enrolments.Score(s.enrolmentId(), s.score())).toList();
        return Enrolments.register(town.dsl(), sessionId, marks, scores, town.caller().actor()).then(view(town, sessionId));
    }

    @PostMapping(path = "/sessions/{sessionId}/completion", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Complete the session after its last day: who completed (attendance and pass mark), certificates issued")
    Mono<List<Completion.Result>> complete(TownContext town, @PathVariable UUID sessionId) {
        return Completion.complete(town.dsl(), town.slug(), sessionId, LocalDate.now(town.town().timezone()), town.caller().actor(),
                notices);
    }

    @PostMapping(path = "/sessions/{sessionId}/cancel", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Cancel a session that is still open (enrolments stay on record; no certificates)")
    Mono<SessionView> cancel(TownContext town, @PathVariable UUID sessionId) {
        return Enrolments.cancel(town.dsl(), sessionId).then(view(town, sessionId));
    }

    @GetMapping("/certificates/{code}")
    @TownAccess(anyRole = true)
    @Operation(summary = "A certificate issued here (the secretariat, the holder, or the holder's organisation's manager)")
    Mono<Certificates.Certificate> certificate(TownContext town, @PathVariable String code) {
        return readable(town, code);
    }

    @GetMapping(path = "/certificates/{code}/pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    @TownAccess(anyRole = true)
    @Operation(summary = "The certificate as PDF, with its verification address and QR code")
    Mono<ResponseEntity<byte[]>> pdf(TownContext town, @PathVariable String code, ServerWebExchange exchange) {
        return readable(town, code).flatMap(c -> CertificateFiles.pdf(town.dsl(), town.town().nameZh(), c, exchange, font));
    }

    @PostMapping(path = "/certificates/{code}/revoke", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Revoke a certificate (once, with the reason); verification then says so")
    Mono<Certificates.Certificate> revoke(TownContext town, @PathVariable String code, @Valid @RequestBody RevokeRequest request) {
        return Certificates.revoke(town.dsl(), code, request.reason().strip(), town.caller().actor());
    }

    /** The certificate if the caller may read it (the secretariat, the holder, their organisation's manager); else "no such certificate". */
    private Mono<Certificates.Certificate> readable(TownContext town, String code) {
        return Certificates.find(town.dsl(), code).zipWhen(c -> TrainingDirectory.certificate(town.dsl(), c.code()))
                .filterWhen(t -> learners.mayActFor(town, t.getT1().personId(), t.getT2().organisationId()))
                .map(t -> t.getT1())
                .switchIfEmpty(Mono.error(Certificates::notFound));
    }

    private Mono<SessionView> view(TownContext town, UUID sessionId) {
        return Programmes.session(town.dsl(), sessionId).flatMap(session -> Programmes.programme(town.dsl(), session.programmeId())
                .flatMap(programme -> learners.visibility(town).flatMap(visibility -> Enrolments.of(town.dsl(), sessionId, visibility.all(),
                                visibility.organisations(), town.caller().subject()).collectList())
                        .map(enrolments -> new SessionView(Programmes.programme(programme, List.of()), session, session.days(), enrolments))));
    }
}
