package org.townalliance.training;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jooq.DSLContext;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import org.townalliance.identity.Callers;
import org.townalliance.printing.PrintFont;
import org.townalliance.tenancy.AllTowns;
import reactor.core.publisher.Mono;

/** My training record in every town, and my certificates as PDF, whatever towns I work in now. */
@RestController
@Tag(name = "Me: training record", description = "One account, one record across towns")
class MyTrainingController {

    private final DSLContext platform;
    private final AllTowns towns;
    private final PrintFont font;

    MyTrainingController(DSLContext platform, AllTowns towns, PrintFont font) {
        this.platform = platform;
        this.towns = towns;
        this.font = font;
    }

    @GetMapping(path = "/api/me/training", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "My enrolments, completions and certificates in every town, newest first, with my completed hours")
    Mono<TrainingRecord.Record> mine() {
        return Callers.current().flatMap(caller -> TrainingRecord.of(platform, towns, caller.subject()));
    }

    @GetMapping(path = "/api/me/training/certificates/{code}/pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "One of my certificates as PDF (also from a town I no longer work in)")
    Mono<ResponseEntity<byte[]>> pdf(@PathVariable String code, ServerWebExchange exchange) {
        return Callers.current().flatMap(caller -> Certificates.townOf(platform, code)
                .flatMap(towns::find).filter(TrainingRecord::readable)
                .flatMap(town -> Certificates.find(towns.dsl(town), code)
                        .filter(c -> c.personId().equals(caller.subject()))
                        .flatMap(c -> CertificateFiles.pdf(towns.dsl(town), town.nameZh(), c, exchange, font)))
                .switchIfEmpty(Mono.error(Certificates::notFound)));
    }
}
