package org.townalliance.evaluation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
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
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Quality evaluation of a town's members: the indicator catalogue, the assessment scheme in versions,
 * computing a period into a draft, publishing it, explaining an organisation's score, its trend, a check
 * that a stored run computes again to the same numbers, and the Excel export. Drafts are the secretariat's;
 * published evaluations are read by everyone of the town.
 */
@RestController
@RequestMapping(path = "/api/towns/{town}/evaluation", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town: quality evaluation", description = "Assessment schemes, computed and published evaluations, explanations, Excel")
class EvaluationController {

    static final MediaType XLSX = MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");

    record IndicatorSetting(@NotNull Indicator indicator, @NotNull @DecimalMin(value = "0", inclusive = false) @DecimalMax("100") BigDecimal weight,
                            @NotNull Scoring.Normalisation normalisation, BigDecimal lower, BigDecimal upper,
                            @NotNull @Min(0) @Max(1000000) Integer minSample) {
    }

    record SchemeRequest(@Size(max = 500) String note, @NotEmpty @Size(max = 20) List<@Valid @NotNull IndicatorSetting> indicators) {
    }

    record RunRequest(@NotBlank String period, Integer schemeVersion) {
    }

    record Explanation(Runs.Summary run, Schemes.Scheme scheme, Scoring.Total total, Integer ranked, List<Runs.TrendPoint> trend) {
    }

    @GetMapping("/indicators")
    @TownAccess(anyRole = true, platformAdmin = true)
    @Operation(summary = "What each indicator measures, its sample, unit and direction (higher or lower is better)")
    List<Indicator.Description> indicators(TownContext town) {
        return Arrays.stream(Indicator.values()).map(Indicator::describe).toList();
    }

    @GetMapping("/scheme")
    @TownAccess(anyRole = true, platformAdmin = true)
    @Operation(summary = "The current scheme version")
    Mono<Schemes.Scheme> scheme(TownContext town) {
        return Schemes.current(town.dsl());
    }

    @GetMapping("/scheme/versions")
    @TownAccess(anyRole = true, platformAdmin = true)
    @Operation(summary = "Every scheme version, newest first")
    Flux<Schemes.Scheme> versions(TownContext town) {
        return Schemes.versions(town.dsl());
    }

    @PutMapping(path = "/scheme", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Save new weights as the next scheme version (weights add up to exactly 100); published results keep theirs")
    Mono<ResponseEntity<Schemes.Scheme>> saveScheme(TownContext town, @Valid @RequestBody SchemeRequest request) {
        var settings = request.indicators().stream().map(i -> new Scoring.Setting(i.indicator(), i.weight(), i.normalisation(),
                i.lower(), i.upper(), i.minSample())).toList();
        return Mono.defer(() -> Schemes.save(town.dsl(), settings, request.note(), town.caller().actor()))
                .flatMap(version -> Schemes.version(town.dsl(), version))
                .map(scheme -> ResponseEntity.status(HttpStatus.CREATED).body(scheme));
    }

    @PostMapping(path = "/runs", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Compute a period (2026 or 2026-Q3) under the current or a given scheme version into the period's draft")
    Mono<ResponseEntity<Runs.Run>> compute(TownContext town, @Valid @RequestBody RunRequest request) {
        var period = Period.parse(request.period());
        var scheme = request.schemeVersion() == null ? Schemes.current(town.dsl()) : Schemes.version(town.dsl(), request.schemeVersion());
        return scheme.flatMap(s -> Evaluations.compute(town.dsl(), town.town().timezone(), period, s, town.caller().actor()))
                .flatMap(id -> Runs.find(town.dsl(), id))
                .map(run -> ResponseEntity.status(HttpStatus.CREATED).body(run));
    }

    @GetMapping("/runs")
    @TownAccess(anyRole = true, platformAdmin = true)
    @Operation(summary = "Evaluations, newest period first (drafts only for the secretariat)")
    Flux<Runs.Summary> runs(TownContext town, @RequestParam(required = false) String period) {
        return Runs.list(town.dsl(), period == null ? null : Period.parse(period).label(), mayReadDrafts(town));
    }

    @GetMapping("/runs/{runId}")
    @TownAccess(anyRole = true, platformAdmin = true)
    @Operation(summary = "An evaluation: ranking, each organisation's values and contributions")
    Mono<Runs.Run> run(TownContext town, @PathVariable UUID runId) {
        return readable(town, runId).then(Runs.find(town.dsl(), runId));
    }

    @GetMapping("/runs/{runId}/organisations/{organisationId}")
    @TownAccess(anyRole = true, platformAdmin = true)
    @Operation(summary = "Why this score: each indicator's raw value, sample, normalisation, weight and contribution; the scheme; the trend")
    Mono<Explanation> explain(TownContext town, @PathVariable UUID runId, @PathVariable UUID organisationId) {
        return readable(town, runId).then(Runs.find(town.dsl(), runId)).flatMap(run -> {
            var total = run.totals().stream().filter(t -> t.organisationId().equals(organisationId)).findFirst();
            if (total.isEmpty()) {
                return Mono.error(ProblemException.notFound("organisation-not-evaluated", "This organisation is not in this evaluation."));
            }
            var ranked = (int) run.totals().stream().filter(t -> t.rank() != null).count();
            return Mono.zip(Schemes.version(town.dsl(), run.run().schemeVersion()), Runs.trend(town.dsl(), organisationId).collectList())
                    .map(t -> new Explanation(run.run(), t.getT1(), total.get(), ranked, t.getT2()));
        });
    }

    @PostMapping("/runs/{runId}/publish")
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Publish the draft: one published evaluation per period, never changed after")
    Mono<Runs.Summary> publish(TownContext town, @PathVariable UUID runId) {
        return Runs.summary(town.dsl(), runId).then(Runs.publish(town.dsl(), runId, town.caller().actor())).then(Runs.summary(town.dsl(), runId));
    }

    @PostMapping("/runs/{runId}/recompute")
    @TownAccess(value = TownRole.SECRETARIAT, platformAdmin = true)
    @Operation(summary = "Compute the run again from its own 'as of' and scheme version and compare (nothing is stored)")
    Mono<Evaluations.Check> recompute(TownContext town, @PathVariable UUID runId) {
        return Evaluations.recompute(town.dsl(), town.town().timezone(), runId);
    }

    @GetMapping(path = "/runs/{runId}/workbook.xlsx", produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    @TownAccess(anyRole = true, platformAdmin = true)
    @Operation(summary = "The evaluation as Excel: ranking, every value with its contribution, the scheme, how it was computed")
    Mono<ResponseEntity<byte[]>> workbook(TownContext town, @PathVariable UUID runId) {
        return readable(town, runId).then(Runs.find(town.dsl(), runId))
                .flatMap(run -> Schemes.version(town.dsl(), run.run().schemeVersion())
                        .flatMap(scheme -> Mono.fromCallable(() -> EvaluationWorkbook.of(town.town().nameZh(), run, scheme))
                                .subscribeOn(Schedulers.boundedElastic()))
                        .map(bytes -> ResponseEntity.ok().contentType(XLSX).header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                                .filename("evaluation-" + town.slug() + "-" + run.run().period() + ".xlsx").build().toString()).body(bytes)));
    }

    @GetMapping("/organisations/{organisationId}/trend")
    @TownAccess(anyRole = true, platformAdmin = true)
    @Operation(summary = "The organisation's published results over periods")
    Flux<Runs.TrendPoint> trend(TownContext town, @PathVariable UUID organisationId) {
        return Runs.trend(town.dsl(), organisationId);
    }

    private static boolean mayReadDrafts(TownContext town) {
        return town.caller().platformAdmin()
                || town.caller().grants().stream().anyMatch(g -> g.town().equals(town.slug()) && g.role() == TownRole.SECRETARIAT);
    }

    /** A draft is the secretariat's until it is published; to anyone else it does not exist. */
    private static Mono<Void> readable(TownContext town, UUID runId) {
        return Runs.summary(town.dsl(), runId).flatMap(run -> "PUBLISHED".equals(run.status()) || mayReadDrafts(town) ? Mono.<Void>empty()
                : Mono.error(ProblemException.notFound("run-not-found", "No such evaluation in this town.")));
    }
}
