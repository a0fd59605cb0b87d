package org.townalliance.carefund;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.server.ServerWebExchange;
import org.townalliance.web.RequestBodies;
import java.nio.charset.StandardCharsets;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.identity.TownGrant;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.UUID;

/**
 * Applications to the care fund: an industry worker (a person of a member organisation) applies with a reason;
 * two different people of the secretariat approve (never the applicant); the payout needs both approvals and
 * enough money in the fund, and books its disbursement in the same transaction.
 */
@RestController
@RequestMapping(path = "/api/towns/{town}/care-fund/applications", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town: employee care fund")
class FundApplicationsController {

    private static final int MAX_DOCUMENT = 10 * 1024 * 1024;

    private final ApplicantNotices notices;

    FundApplicationsController(ApplicantNotices notices) {
        this.notices = notices;
    }

    record ApplicationRequest(@NotNull UUID organisationId,
                              @NotNull @DecimalMin(value = "0.01", message = "is at least 0.01 CNY") @DecimalMax("1000000")
                              @Digits(integer = 12, fraction = 2, message = "has at most 2 decimals (CNY fen)") BigDecimal amount,
                              @NotBlank @Size(max = 2000) String reason) {
    }

    record Decision(@Size(max = 1000) String note) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(anyRole = true)
    @Operation(summary = "Apply for help, as a manager or staff member of a current member organisation")
    Mono<ResponseEntity<Applications.Application>> apply(TownContext town, @Valid @RequestBody ApplicationRequest request) {
        var codes = town.caller().grants().stream().filter(g -> g.town().equals(town.slug()) && g.organisation() != null
                && (g.role() == TownRole.ORG_MANAGER || g.role() == TownRole.ORG_STAFF)).map(TownGrant::organisation).toList();
        return AllianceDirectory.organisationIds(town.dsl(), codes)
                .flatMap(mine -> mine.contains(request.organisationId()) ? AllianceDirectory.isCurrentMember(town.dsl(), request.organisationId())
                        : Mono.error(ProblemException.forbidden("not-a-worker", "Industry workers apply for their own member organisation.")))
                .flatMap(member -> member ? Applications.submit(town.dsl(), town.caller().subject(), town.caller().actor(), request.organisationId(),
                                request.amount(), request.reason())
                        : Mono.error(ProblemException.badRequest("invalid-organisation", "The organisation is not a current member.")))
                .flatMap(id -> Applications.find(town.dsl(), id))
                .map(application -> ResponseEntity.status(HttpStatus.CREATED).body(application));
    }

    @GetMapping
    @TownAccess(value = TownRole.SECRETARIAT, platformAdmin = true)
    @Operation(summary = "Applications, newest first (filter by status)")
    Flux<Applications.Application> applications(TownContext town, @RequestParam(required = false) String status) {
        if (status != null && !java.util.Set.of("SUBMITTED", "APPROVED", "REJECTED", "PAID").contains(status)) {
            return Flux.error(ProblemException.badRequest("invalid-status", "SUBMITTED, APPROVED, REJECTED or PAID."));
        }
        return Applications.list(town.dsl(), status);
    }

    @GetMapping("/mine")
    @TownAccess(anyRole = true)
    @Operation(summary = "My own applications, newest first")
    Flux<Applications.Application> mine(TownContext town) {
        return Applications.mine(town.dsl(), town.caller().subject());
    }

    @GetMapping("/{applicationId}")
    @TownAccess(anyRole = true, platformAdmin = true)
    @Operation(summary = "One application: the secretariat's, or the applicant's own")
    Mono<Applications.Application> application(TownContext town, @PathVariable UUID applicationId) {
        return Applications.find(town.dsl(), applicationId).flatMap(a -> secretariat(town) || town.caller().platformAdmin()
                || a.applicantPersonId().equals(town.caller().subject()) ? Mono.just(a)
                : Mono.error(ProblemException.notFound("application-not-found", "No such application to the fund.")));
    }

    @PostMapping(path = "/{applicationId}/approve", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Approve (the first and a second, different approver; never one's own application)")
    Mono<Applications.Application> approve(TownContext town, @PathVariable UUID applicationId, @Valid @RequestBody Decision decision) {
        return Applications.approve(town.dsl(), applicationId, town.caller().subject(), town.caller().actor(), decision.note(), notices.of(town))
                .then(Applications.find(town.dsl(), applicationId));
    }

    @PostMapping(path = "/{applicationId}/reject", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    Mono<Applications.Application> reject(TownContext town, @PathVariable UUID applicationId, @Valid @RequestBody Decision decision) {
        return Applications.reject(town.dsl(), applicationId, town.caller().actor(), decision.note(), notices.of(town)).then(Applications.find(town.dsl(), applicationId));
    }

    @PostMapping("/{applicationId}/pay")
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Pay an application approved by two people: the disbursement journal and the status in one transaction; "
            + "refused when the fund would go below zero")
    Mono<Applications.Application> pay(TownContext town, @PathVariable UUID applicationId,
                                       @RequestHeader(name = "Idempotency-Key", required = false) String key) {
        if (key != null && (key.isBlank() || key.length() > 100)) {
            return Mono.error(ProblemException.badRequest("invalid-idempotency-key", "An Idempotency-Key is 1 to 100 characters."));
        }
        return Applications.pay(town.dsl(), applicationId, LocalDate.now(town.town().timezone()), town.caller().actor(), key, notices.of(town))
                .then(Applications.find(town.dsl(), applicationId));
    }

    @PutMapping(path = "/{applicationId}/document", consumes = {MediaType.APPLICATION_OCTET_STREAM_VALUE, MediaType.APPLICATION_PDF_VALUE,
            MediaType.IMAGE_JPEG_VALUE, MediaType.IMAGE_PNG_VALUE, "application/msword",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document"})
    @TownAccess(anyRole = true)
    @Operation(summary = "The applicant attaches a supporting document (up to 10 MB; replaces an earlier one) before the decision")
    Mono<Applications.Application> attach(TownContext town, @PathVariable UUID applicationId, @RequestParam @NotBlank @Size(max = 200) String filename,
                                          ServerWebExchange exchange) {
        var type = exchange.getRequest().getHeaders().getContentType();
        return Applications.find(town.dsl(), applicationId)
                .filter(a -> a.applicantPersonId().equals(town.caller().subject()))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("application-not-found", "No such application to the fund.")))
                .then(RequestBodies.read(exchange.getRequest(), MAX_DOCUMENT, () -> new ProblemException(HttpStatus.CONTENT_TOO_LARGE,
                        "document-too-large", "Document too large", "Documents up to 10 MB.")))
                .switchIfEmpty(Mono.error(() -> ProblemException.badRequest("document-required", "The file is empty.")))
                .flatMap(bytes -> Applications.attach(town.dsl(), applicationId, filename.strip(),
                        type == null ? MediaType.APPLICATION_OCTET_STREAM_VALUE : type.toString(), bytes))
                .then(Applications.find(town.dsl(), applicationId));
    }

    @GetMapping(path = "/{applicationId}/document", produces = MediaType.ALL_VALUE)
    @TownAccess(anyRole = true)
    @Operation(summary = "The supporting document: for the secretariat and the applicant only (personal hardship stays private)")
    Mono<ResponseEntity<byte[]>> document(TownContext town, @PathVariable UUID applicationId) {
        return Applications.find(town.dsl(), applicationId)
                .filter(a -> secretariat(town) || a.applicantPersonId().equals(town.caller().subject()))
                .flatMap(a -> Applications.document(town.dsl(), applicationId))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("document-not-found", "No document with this application.")))
                .map(r -> ResponseEntity.ok().contentType(MediaType.parseMediaType(r.value3()))
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(r.value2(), StandardCharsets.UTF_8).build().toString())
                        .body(r.value1()));
    }

    private static boolean secretariat(TownContext town) {
        return town.caller().grants().stream().anyMatch(g -> g.town().equals(town.slug()) && g.role() == TownRole.SECRETARIAT);
    }
}
