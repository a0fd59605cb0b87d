package org.townalliance.alliance;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
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
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Member firms and agencies of a town's alliance: join, leave, history, bulk import, Excel export. */
@RestController
@RequestMapping(path = "/api/towns/{town}/members", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town: members", description = "成员单位: firms and agencies of the alliance")
class MembersController {

    private final Memberships memberships;

    MembersController(Memberships memberships) {
        this.memberships = memberships;
    }

    /**
     * Joining: the organisation's registry data and the joining date. A code not yet registered creates the
     * organisation; a registered one is linked as registered (its other fields here are not written).
     */
    record JoinRequest(@NotBlank String uscc, @NotBlank @Size(max = 200) String nameZh, @NotNull OrganisationKind kind,
                       @Size(max = 50) String shortName, @Size(max = 50) String legalRepresentative,
                       @Size(max = 50) String contactName, @Size(max = 30) String contactPhone,
                       @Size(max = 500) String specialities, @NotNull LocalDate joinedOn, @Size(max = 500) String reason) {
    }

    record LeaveRequest(@NotNull LocalDate leftOn, @NotBlank @Size(max = 500) String reason) {
    }

    @GetMapping
    @TownAccess(anyRole = true, platformAdmin = true)
    @Operation(summary = "Members, current by default; 'on' answers who was a member on that date, from the history")
    Flux<Members.Member> list(TownContext town, @RequestParam(required = false) LocalDate on,
                              @RequestParam(required = false) OrganisationKind kind,
                              @RequestParam(required = false) Members.Status status,
                              @RequestParam(required = false) String q) {
        return Members.list(town.dsl(), on, kind, status, q);
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    Mono<ResponseEntity<Members.Member>> join(TownContext town, @Valid @RequestBody JoinRequest request) {
        var uscc = Uscc.parse(request.uscc());
        var organisation = new Organisation(null, uscc.value(), request.kind(), request.nameZh(), request.shortName(),
                request.legalRepresentative(), request.contactName(), request.contactPhone(), request.specialities(), null);
        return memberships.join(town.dsl(), organisation, request.joinedOn(), request.reason(), town.caller().actor())
                .flatMap(id -> Members.find(town.dsl(), id))
                .map(member -> ResponseEntity.status(HttpStatus.CREATED).body(member));
    }

    @PostMapping(path = "/{memberId}/leave", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Close a membership (refused while the member manages estates: assign them first)")
    Mono<Members.Member> leave(TownContext town, @PathVariable UUID memberId, @Valid @RequestBody LeaveRequest request) {
        return memberships.leave(town.dsl(), memberId, request.leftOn(), request.reason());
    }

    @PostMapping(path = "/import", consumes = {"text/csv", Uploads.XLSX, MediaType.APPLICATION_OCTET_STREAM_VALUE})
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Import members from CSV or Excel (columns in docs/alliance-import.md); all or nothing; repeatable")
    Mono<BulkImport.Report> importMembers(TownContext town, ServerHttpRequest request, @RequestBody Flux<DataBuffer> body) {
        return Uploads.sheet(request, body).flatMap(sheet -> BulkImport.members(town.dsl(), sheet, town.caller().actor()));
    }

    @GetMapping(path = "/export", produces = Uploads.XLSX)
    @TownAccess(value = TownRole.SECRETARIAT, platformAdmin = true)
    @Operation(summary = "Members as an Excel workbook, in the import's columns")
    Mono<ResponseEntity<byte[]>> export(TownContext town, @RequestParam(required = false) LocalDate on) {
        return Members.list(town.dsl(), on, null, Members.Status.CURRENT, null).collectList().publishOn(reactor.core.scheduler.Schedulers.boundedElastic()).map(members -> {
            var header = Columns.MEMBERS.stream().map(Columns.Column::nameZh).toList();
            List<List<Object>> rows = members.stream().<List<Object>>map(m -> java.util.Arrays.asList(m.uscc(), m.nameZh(),
                    m.shortName(), m.kind().nameZh(), m.legalRepresentative(), m.contactName(), m.contactPhone(), m.specialities(),
                    m.joinedOn().toString())).toList();
            return Uploads.xlsx(town.slug() + "-members.xlsx", Spreadsheets.writeXlsx("成员单位", header, rows));
        });
    }
}
