package org.townalliance.hotline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.townalliance.audit.AuditTrail;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.Page;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * Hotline tickets: intake (idempotent with {@code Idempotency-Key}; a city-hotline case id is its own
 * key), the board list with filters, and detail with timeline. Firm and agency people see only tickets
 * dispatched to their organisation; the reporter's phone is shown unmasked only to the operations centre
 * and the assigned organisation, and every such read is audited.
 */
@RestController
@RequestMapping(path = "/api/towns/{town}/tickets", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town: hotline tickets", description = "服务需求 / 投诉 / 建议 from the 24-hour hotline")
class TicketsController {

    enum Kind { SERVICE_REQUEST, COMPLAINT, SUGGESTION }

    enum Channel { PHONE, CITY_HOTLINE, WECHAT, WEB, WALK_IN, OPEN311 }

    enum Priority { LOW, NORMAL, HIGH, URGENT }

    record IntakeRequest(@NotNull Kind kind, @NotNull Channel channel, @NotBlank @Size(max = 40) String categoryCode,
                         UUID estateId, @Size(max = 200) String address, @Size(max = 50) String reporterName,
                         @Pattern(regexp = "^\\+?[0-9-]{5,20}$", message = "is not a phone number") String reporterPhone,
                         @NotBlank @Size(max = 4000) String description, Priority priority, Boolean emergency,
                         @Pattern(regexp = "^[A-Za-z0-9._:-]{1,64}$", message = "is not a city hotline case id") String cityCaseId,
                         OffsetDateTime cityDeadline) {
    }

    private final TicketIntake intake;
    private final TicketExport export;
    private final java.time.Clock clock;

    TicketsController(TicketIntake intake, TicketExport export, java.time.Clock clock) {
        this.intake = intake;
        this.export = export;
        this.clock = clock;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess({TownRole.HOTLINE, TownRole.SECRETARIAT, TownRole.CITY_HOTLINE})
    @Operation(summary = "Take in a request, complaint or suggestion; the same Idempotency-Key (or city case id) again answers the same ticket")
    Mono<ResponseEntity<TicketView>> intake(TownContext town, @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                            @Valid @RequestBody IntakeRequest request) {
        if (key != null && (key.isBlank() || key.length() > 100)) {
            return Mono.error(ProblemException.badRequest("invalid-idempotency-key", "An Idempotency-Key is 1 to 100 characters."));
        }
        if ((request.cityCaseId() != null || request.cityDeadline() != null) && request.channel() != Channel.CITY_HOTLINE) {
            return Mono.error(ProblemException.badRequest("city-case-needs-city-channel",
                    "A city case id or deadline comes with channel CITY_HOTLINE only."));
        }
        // The city files a case again when it did not hear back: its case id makes the retry land on the same ticket.
        var idempotencyKey = request.cityCaseId() != null ? "12345:" + request.cityCaseId() : key;
        var ticket = new TicketIntake.Request(request.kind().name(), request.channel().name(), request.categoryCode(), request.estateId(),
                request.address(), request.reporterName(), request.reporterPhone(), request.description(),
                request.priority() == null ? null : request.priority().name(), Boolean.TRUE.equals(request.emergency()),
                request.cityCaseId(), request.cityDeadline(), null, null, null, null);
        return intake.take(town.dsl(), town.town(), town.caller().actor(), idempotencyKey, ticket)
                .flatMap(result -> TicketScope.of(town).flatMap(scope -> TicketView.of(town, scope, result.ticket(), true))
                        .map(view -> ResponseEntity.status(result.created() ? HttpStatus.CREATED : HttpStatus.OK).body(view)));
    }

    @GetMapping
    @TownAccess(anyRole = true)
    @Operation(summary = "Tickets newest first, filtered (keyset: pass 'next' as 'before'); firm people see their organisation's only; assignee=me: the caller's tasks")
    Mono<Page<TicketView>> list(TownContext town, ServerWebExchange exchange,
                                @RequestParam(required = false) TicketRules.Status status,
                                @RequestParam(required = false) Kind kind,
                                @RequestParam(required = false) @Size(max = 40) String category,
                                @RequestParam(required = false) UUID estateId,
                                @RequestParam(required = false) UUID organisationId,
                                @RequestParam(required = false) Boolean overdue,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                @RequestParam(required = false) String q,
                                @RequestParam(required = false) String assignee,
                                @RequestParam(required = false) Long before, @RequestParam(required = false) Integer limit) {
        var size = Page.limit(limit);
        var filter = filter(town, status, kind, category, estateId, organisationId, overdue, from, to, q, assignee);
        return TicketScope.of(town).flatMap(scope -> Tickets.list(town.dsl(), filter,
                        scope.operationsCentre() ? null : scope.ownOrganisations(), before, size + 1)
                .concatMap(ticket -> TicketView.of(town, scope, ticket, false))
                .collectList()
                // The board shows each ticket's photos as thumbnails: one query for the page, not one per ticket.
                .flatMap(tickets -> TicketPhotos.ofTickets(town.dsl(), tickets.stream().map(TicketView::id).toList())
                        .map(photos -> tickets.stream().map(t -> t.withPhotos(photos.getOrDefault(t.id(), List.of()))).toList()))
                .map(tickets -> {
                    TicketView.auditUnmasked(town, exchange, tickets);
                    return tickets.size() <= size ? new Page<>(tickets, null)
                            : new Page<>(tickets.subList(0, size), Long.toString(tickets.get(size - 1).number()));
                }));
    }

    @GetMapping(path = "/export", produces = TicketExport.XLSX)
    @TownAccess(anyRole = true)
    @Operation(summary = "The tickets the board's filters select, as Excel (at most 50,000: else 400 export-too-large); phones masked "
            + "unless the caller may see them; every export is audited")
    Mono<ResponseEntity<Flux<DataBuffer>>> export(TownContext town, ServerWebExchange exchange,
                                                  @RequestParam(required = false) TicketRules.Status status,
                                                  @RequestParam(required = false) Kind kind,
                                                  @RequestParam(required = false) @Size(max = 40) String category,
                                                  @RequestParam(required = false) UUID estateId,
                                                  @RequestParam(required = false) UUID organisationId,
                                                  @RequestParam(required = false) Boolean overdue,
                                                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                                                  @RequestParam(required = false) String q) {
        var filter = filter(town, status, kind, category, estateId, organisationId, overdue, from, to, q, null);
        return export.export(town, filter).map(exported -> {
            // A download of many people's requests is a privileged read whatever it shows: the audit log keeps who and how many.
            exchange.getAttributes().put(AuditTrail.PRIVILEGED_ACCESS, "ticket export: " + exported.rows() + " tickets of " + town.slug()
                    + (exported.unmaskedPhones() ? " with unmasked reporter phone numbers" : ""));
            var name = "tickets-" + town.slug() + "-" + LocalDate.now(clock.withZone(town.town().timezone())) + ".xlsx";
            return ResponseEntity.ok().contentType(MediaType.parseMediaType(TicketExport.XLSX))
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
                    .body(TicketExport.body(exported.file()));
        });
    }

    /** The board's filters, checked; {@code assignee} is "me" or null. */
    private static Tickets.Filter filter(TownContext town, TicketRules.Status status, Kind kind, String category, UUID estateId,
                                         UUID organisationId, Boolean overdue, LocalDate from, LocalDate to, String q, String assignee) {
        if (q != null && (q.isBlank() || q.length() > 100)) {
            throw ProblemException.badRequest("invalid-search-text", "q is 1 to 100 characters.");
        }
        if (assignee != null && !assignee.equals("me")) {
            throw ProblemException.badRequest("invalid-assignee", "assignee=me is the one value: the caller's own tasks (我的任务).");
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw ProblemException.badRequest("invalid-date-range", "'to' is before 'from'.");
        }
        var zone = town.town().timezone();
        return new Tickets.Filter(status == null ? null : status.name(), kind == null ? null : kind.name(), category, estateId,
                organisationId, overdue, from == null ? null : from.atStartOfDay(zone).toOffsetDateTime(),
                to == null ? null : to.plusDays(1).atStartOfDay(zone).toOffsetDateTime(), q, assignee == null ? null : town.caller().subject());
    }

    @GetMapping("/{ticketId}")
    @TownAccess(anyRole = true)
    @Operation(summary = "A ticket with its timeline")
    Mono<TicketView> get(TownContext town, ServerWebExchange exchange, @PathVariable UUID ticketId) {
        return Mono.zip(Tickets.find(town.dsl(), ticketId), TicketScope.of(town))
                .flatMap(found -> found.getT2().sees(found.getT1().getAssignedOrganisationId())
                        ? TicketView.of(town, found.getT2(), found.getT1(), true)
                        : Mono.error(ProblemException.notFound("ticket-not-found", "No such ticket in this town.")))
                .doOnNext(ticket -> TicketView.auditUnmasked(town, exchange, List.of(ticket)));
    }
}
