package org.townalliance.alliance;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
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
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/** Estates (小区) and their managing firm with history. */
@RestController
@RequestMapping(path = "/api/towns/{town}/estates", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town: estates", description = "小区 and who manages them, with history")
class EstatesController {

    private final EstateRecords records;

    EstatesController(EstateRecords records) {
        this.records = records;
    }

    record EstateRequest(@NotBlank @Size(max = 100) String name, @NotBlank @Size(max = 200) String address,
                         @Min(0) Integer households, @Min(0) Integer buildings,
                         @Size(max = 50) String committeeContact, @Size(max = 30) String committeePhone) {
    }

    record AssignRequest(@NotBlank String firmUscc, @NotNull LocalDate from) {
    }

    @GetMapping
    @TownAccess(anyRole = true, platformAdmin = true)
    Flux<Estates.Estate> list(TownContext town, @RequestParam(required = false) String q,
                              @RequestParam(required = false) UUID managedBy,
                              @RequestParam(required = false) Integer limit) {
        if (limit != null && (limit < 1 || limit > 1000)) {
            throw ProblemException.badRequest("invalid-limit", "limit is between 1 and 1000.");
        }
        return Estates.list(town.dsl(), q, managedBy, limit);
    }

    @GetMapping("/{estateId}")
    @TownAccess(anyRole = true, platformAdmin = true)
    Mono<Estates.Estate> get(TownContext town, @PathVariable UUID estateId) {
        return Estates.find(town.dsl(), estateId);
    }

    @GetMapping("/{estateId}/management")
    @TownAccess(anyRole = true, platformAdmin = true)
    @Operation(summary = "Every firm that managed the estate, with periods [from, to)")
    Flux<Estates.Management> history(TownContext town, @PathVariable UUID estateId) {
        return Estates.find(town.dsl(), estateId).thenMany(Estates.history(town.dsl(), estateId));
    }

    @GetMapping("/{estateId}/managing-firm")
    @TownAccess(anyRole = true, platformAdmin = true)
    @Operation(summary = "The firm that managed the estate on a date (what tickets and scores credit)")
    Mono<Estates.Management> managedOn(TownContext town, @PathVariable UUID estateId, @RequestParam LocalDate on) {
        return Estates.find(town.dsl(), estateId).then(Estates.managedOn(town.dsl(), estateId, on))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("no-managing-firm", "No firm managed this estate on " + on + ".")));
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    Mono<ResponseEntity<Estates.Estate>> create(TownContext town, @Valid @RequestBody EstateRequest request) {
        var estate = new Estates.Estate(null, request.name(), request.address(), request.households(), request.buildings(),
                request.committeeContact(), request.committeePhone(), null);
        return records.save(town.dsl(), estate)
                .flatMap(upserted -> Estates.find(town.dsl(), upserted.id())
                        .map(found -> ResponseEntity.status(upserted.change() == Estates.Change.CREATED ? HttpStatus.CREATED : HttpStatus.OK)
                                .body(found)));
    }

    @PutMapping(path = "/{estateId}/managing-firm", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "A firm takes over the estate from a date; the previous period closes then")
    Mono<Estates.Estate> assign(TownContext town, @PathVariable UUID estateId, @Valid @RequestBody AssignRequest request) {
        var uscc = Uscc.parse(request.firmUscc());
        return records.assign(town.dsl(), estateId, uscc, request.from(), town.caller().actor())
                .then(Estates.find(town.dsl(), estateId));
    }

    @PostMapping(path = "/import", consumes = {"text/csv", Uploads.XLSX, MediaType.APPLICATION_OCTET_STREAM_VALUE})
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Import estates (and their managing firms) from CSV or Excel; all or nothing; repeatable")
    Mono<BulkImport.Report> importEstates(TownContext town, ServerHttpRequest request, @RequestBody Flux<DataBuffer> body) {
        return Uploads.sheet(request, body).flatMap(sheet -> BulkImport.estates(town.dsl(), sheet, town.caller().actor()));
    }

    @GetMapping(path = "/export", produces = Uploads.XLSX)
    @TownAccess(value = TownRole.SECRETARIAT, platformAdmin = true)
    Mono<ResponseEntity<byte[]>> export(TownContext town) {
        return Estates.list(town.dsl(), null, null, null).collectList().publishOn(reactor.core.scheduler.Schedulers.boundedElastic()).map(estates -> {
            var header = Columns.ESTATES.stream().map(Columns.Column::nameZh).toList();
            List<List<Object>> rows = estates.stream().<List<Object>>map(e -> Arrays.asList(e.name(), e.address(), e.households(),
                    e.buildings(), e.committeeContact(), e.committeePhone(),
                    e.managedBy() == null ? null : e.managedBy().uscc(),
                    e.managedBy() == null ? null : e.managedBy().from().toString())).toList();
            return Uploads.xlsx(town.slug() + "-estates.xlsx", Spreadsheets.writeXlsx("小区", header, rows));
        });
    }
}
