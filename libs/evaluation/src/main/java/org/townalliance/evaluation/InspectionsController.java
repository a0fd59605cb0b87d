package org.townalliance.evaluation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.db.Reactive;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import org.townalliance.web.RequestBodies;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.INSPECTION_SCORE;

/** Inspection scores the secretariat enters (0–100) per member organisation, each with its evidence file (up to 5 MB). */
@RestController
@RequestMapping(path = "/api/towns/{town}/evaluation/inspections", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town: quality evaluation")
class InspectionsController {

    private static final int MAX_EVIDENCE = 5 * 1024 * 1024;

    /** Excel's media type, named once. */
    private static final class Spreadsheets {
        static final String XLSX_VALUE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    }

    record InspectionRequest(@NotNull UUID organisationId, @NotNull LocalDate inspectedOn,
                             @NotNull @DecimalMin("0") @DecimalMax("100") @Digits(integer = 3, fraction = 2) BigDecimal score,
                             @NotBlank @Size(max = 100) String inspector, @Size(max = 1000) String note) {
    }

    record Inspection(UUID id, UUID organisationId, LocalDate inspectedOn, BigDecimal score, String inspector, String note,
                      String evidenceName, String evidenceType, String createdBy, OffsetDateTime createdAt) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Record an inspection score of a current member")
    Mono<ResponseEntity<Inspection>> record(TownContext town, @Valid @RequestBody InspectionRequest request) {
        return AllianceDirectory.isCurrentMember(town.dsl(), request.organisationId())
                .flatMap(member -> member ? Reactive.one(town.dsl().insertInto(INSPECTION_SCORE)
                                .set(INSPECTION_SCORE.ORGANISATION_ID, request.organisationId()).set(INSPECTION_SCORE.INSPECTED_ON, request.inspectedOn())
                                .set(INSPECTION_SCORE.SCORE, request.score()).set(INSPECTION_SCORE.INSPECTOR, request.inspector())
                                .set(INSPECTION_SCORE.NOTE, request.note()).set(INSPECTION_SCORE.CREATED_BY, town.caller().actor())
                                .returningResult(INSPECTION_SCORE.ID)).map(r -> r.value1())
                        : Mono.error(ProblemException.badRequest("invalid-organisation", "Inspections are of current member organisations.")))
                .flatMap(id -> find(town, id)).map(inspection -> ResponseEntity.status(HttpStatus.CREATED).body(inspection));
    }

    @GetMapping
    @TownAccess(value = TownRole.SECRETARIAT, platformAdmin = true)
    @Operation(summary = "The inspections of a period (2026 or 2026-Q3)")
    Flux<Inspection> inspections(TownContext town, @RequestParam String period) {
        var p = Period.parse(period);
        return Flux.from(town.dsl().select(fields()).from(INSPECTION_SCORE).where(INSPECTION_SCORE.INSPECTED_ON.ge(p.from()))
                        .and(INSPECTION_SCORE.INSPECTED_ON.lt(p.until())).orderBy(INSPECTION_SCORE.INSPECTED_ON))
                .map(r -> r.into(INSPECTION_SCORE)).map(InspectionsController::view);
    }

    @PutMapping(path = "/{inspectionId}/evidence", consumes = {MediaType.APPLICATION_OCTET_STREAM_VALUE, MediaType.APPLICATION_PDF_VALUE,
            MediaType.IMAGE_JPEG_VALUE, MediaType.IMAGE_PNG_VALUE, "image/webp", "image/heic", "application/msword",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", Spreadsheets.XLSX_VALUE})
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Attach the evidence (a photo, a PDF, a Word or Excel report, or any file as octet-stream; up to 5 MB), "
            + "replacing any earlier file")
    Mono<Inspection> evidence(TownContext town, @PathVariable UUID inspectionId, @RequestParam @Size(max = 200) String filename,
                              ServerWebExchange exchange) {
        var type = exchange.getRequest().getHeaders().getContentType();
        return RequestBodies.read(exchange.getRequest(), MAX_EVIDENCE, () -> new ProblemException(HttpStatus.CONTENT_TOO_LARGE,
                        "evidence-too-large", "Evidence too large", "Evidence files up to 5 MB."))
                .switchIfEmpty(Mono.error(() -> ProblemException.badRequest("evidence-required", "The evidence file is empty.")))
                .flatMap(bytes -> Reactive.one(town.dsl().update(INSPECTION_SCORE).set(INSPECTION_SCORE.EVIDENCE, bytes)
                        .set(INSPECTION_SCORE.EVIDENCE_NAME, filename).set(INSPECTION_SCORE.EVIDENCE_TYPE,
                                type == null ? MediaType.APPLICATION_OCTET_STREAM_VALUE : type.toString())
                        .where(INSPECTION_SCORE.ID.eq(inspectionId)).returningResult(INSPECTION_SCORE.ID)))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("inspection-not-found", "No such inspection in this town.")))
                .then(find(town, inspectionId));
    }

    @GetMapping(path = "/{inspectionId}/evidence", produces = MediaType.ALL_VALUE)
    @TownAccess(value = TownRole.SECRETARIAT, platformAdmin = true)
    @Operation(summary = "The evidence file as it was attached")
    Mono<ResponseEntity<byte[]>> evidenceFile(TownContext town, @PathVariable UUID inspectionId) {
        return Reactive.one(town.dsl().select(INSPECTION_SCORE.EVIDENCE, INSPECTION_SCORE.EVIDENCE_NAME, INSPECTION_SCORE.EVIDENCE_TYPE)
                        .from(INSPECTION_SCORE).where(INSPECTION_SCORE.ID.eq(inspectionId)).and(INSPECTION_SCORE.EVIDENCE.isNotNull()))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("evidence-not-found", "No evidence attached to this inspection.")))
                .map(r -> ResponseEntity.ok().contentType(MediaType.parseMediaType(r.value3()))
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(r.value2(), java.nio.charset.StandardCharsets.UTF_8)
                                .build().toString())
                        .body(r.value1()));
    }

    private Mono<Inspection> find(TownContext town, UUID id) {
        return Reactive.one(town.dsl().select(fields()).from(INSPECTION_SCORE).where(INSPECTION_SCORE.ID.eq(id)))
                .map(r -> view(r.into(INSPECTION_SCORE)));
    }

    /** Everything but the file itself. */
    private static org.jooq.SelectField<?>[] fields() {
        return new org.jooq.SelectField<?>[]{INSPECTION_SCORE.ID, INSPECTION_SCORE.ORGANISATION_ID, INSPECTION_SCORE.INSPECTED_ON, INSPECTION_SCORE.SCORE,
                INSPECTION_SCORE.INSPECTOR, INSPECTION_SCORE.NOTE, INSPECTION_SCORE.EVIDENCE_NAME, INSPECTION_SCORE.EVIDENCE_TYPE,
                INSPECTION_SCORE.CREATED_BY, INSPECTION_SCORE.CREATED_AT};
    }

    private static Inspection view(org.townalliance.db.jooq.town.tables.records.InspectionScoreRecord r) {
        return new Inspection(r.getId(), r.getOrganisationId(), r.getInspectedOn(), r.getScore(), r.getInspector(), r.getNote(),
                r.getEvidenceName(), r.getEvidenceType(), r.getCreatedBy(), r.getCreatedAt());
    }
}
