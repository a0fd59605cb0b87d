package org.townalliance.evaluation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.identity.Callers;
import org.townalliance.identity.TownGrant;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.AllTowns;
import org.townalliance.tenancy.TownStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Evaluations across towns. A firm's people see their organisation's published results in every town
 * they work in, side by side (each town's own scheme named by its fingerprint); the platform admin sees,
 * per period, the distribution of scores per town, grouped so that only towns with the same scheme
 * (same indicators, weights and normalisation: the same fingerprint) are compared.
 */
@RestController
@Tag(name = "Across towns: quality evaluation")
class AcrossTownsController {

    record MyResult(String town, String townName, String period, UUID runId, int schemeVersion, String schemeFingerprint, UUID organisationId,
                    String organisationName, BigDecimal score, Integer rank, int ranked) {
    }

    record TownDistribution(String town, String townName, int schemeVersion, int organisations, BigDecimal min, BigDecimal median, BigDecimal max) {
    }

    record ComparableGroup(String schemeFingerprint, List<TownDistribution> towns) {
    }

    private final AllTowns towns;

    AcrossTownsController(AllTowns towns) {
        this.towns = towns;
    }

    @GetMapping(path = "/api/me/evaluations", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "My organisations' published results in every town where I work, newest period first")
    Mono<List<MyResult>> mine() {
        return Callers.current().flatMapMany(caller -> Flux.fromIterable(caller.grants().stream()
                        .filter(g -> g.organisation() != null && (g.role() == TownRole.ORG_MANAGER || g.role() == TownRole.ORG_STAFF))
                        .collect(Collectors.groupingBy(TownGrant::town, LinkedHashMap::new, Collectors.mapping(TownGrant::organisation, Collectors.toSet())))
                        .entrySet()))
                .concatMap(entry -> towns.find(entry.getKey()).filter(town -> town.status() == TownStatus.ACTIVE && !town.quarantined())
                        .flatMapMany(town -> {
                            var dsl = towns.dsl(town);
                            return AllianceDirectory.organisationIds(dsl, entry.getValue()).flatMapMany(ids -> Runs.list(dsl, null, false)
                                    .concatMap(run -> Mono.zip(Runs.find(dsl, run.id()), Schemes.version(dsl, run.schemeVersion()))
                                            .flatMapMany(t -> {
                                                var ranked = (int) t.getT1().totals().stream().filter(x -> x.rank() != null).count();
                                                return Flux.fromIterable(t.getT1().totals()).filter(x -> ids.contains(x.organisationId()))
                                                        .map(x -> new MyResult(town.slug(), town.nameZh(), run.period(), run.id(), run.schemeVersion(),
                                                                t.getT2().fingerprint(), x.organisationId(), x.nameZh(), x.score(), x.rank(), ranked));
                                            })));
                        }))
                .collectList()
                .map(list -> list.stream().sorted(Comparator.comparing(MyResult::period).reversed().thenComparing(MyResult::town)).toList());
    }

    @GetMapping(path = "/api/platform/evaluation/distribution", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Per period, each town's spread of published scores, grouped by comparable scheme")
    Mono<List<ComparableGroup>> distribution(@RequestParam String period) {
        var label = Period.parse(period).label();
        return towns.withSchemas().filter(town -> town.status() == TownStatus.ACTIVE && !town.quarantined())
                .flatMap(town -> {
                    var dsl = towns.dsl(town);
                    return Runs.list(dsl, label, false).next()
                            .flatMap(run -> Mono.zip(Runs.find(dsl, run.id()), Schemes.version(dsl, run.schemeVersion())))
                            .map(t -> java.util.Map.entry(t.getT2().fingerprint(), spread(town.slug(), town.nameZh(), t.getT2().version(),
                                    t.getT1().totals().stream().map(Scoring.Total::score).filter(java.util.Objects::nonNull).sorted().toList())));
                }, 4)
                .collectList()
                .map(entries -> entries.stream().collect(Collectors.groupingBy(java.util.Map.Entry::getKey, LinkedHashMap::new,
                                Collectors.mapping(java.util.Map.Entry::getValue, Collectors.toList())))
                        .entrySet().stream()
                        .map(group -> new ComparableGroup(group.getKey(), group.getValue().stream().sorted(Comparator.comparing(TownDistribution::town)).toList()))
                        .sorted(Comparator.comparing((ComparableGroup g) -> -g.towns().size()).thenComparing(ComparableGroup::schemeFingerprint))
                        .toList());
    }

    private static TownDistribution spread(String slug, String name, int version, List<BigDecimal> scores) {
        if (scores.isEmpty()) {
            return new TownDistribution(slug, name, version, 0, null, null, null);
        }
        var n = scores.size();
        var median = n % 2 == 1 ? scores.get(n / 2)
                : scores.get(n / 2 - 1).add(scores.get(n / 2)).divide(BigDecimal.TWO, 3, RoundingMode.HALF_UP);
        return new TownDistribution(slug, name, version, n, scores.getFirst(), median, scores.getLast());
    }
}
