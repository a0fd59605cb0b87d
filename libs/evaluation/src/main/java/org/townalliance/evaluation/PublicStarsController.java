package org.townalliance.evaluation;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.tenancy.PublicTowns;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.util.Arrays;
import java.util.List;

/** A town's published stars of a year, for residents: no login; only what the secretariat published. */
@RestController
@Tag(name = "Public", description = "No login needed")
class PublicStarsController {

    record Star(String nomineeName, String organisationName, String citation) {
    }

    record CategoryStars(Stars.Category category, List<Star> stars) {
    }

    record PublishedStars(String town, String townName, int year, String title, java.time.OffsetDateTime publishedAt, List<CategoryStars> categories) {
    }

    private final PublicTowns towns;

    PublicStarsController(PublicTowns towns) {
        this.towns = towns;
    }

    @GetMapping(path = "/public/towns/{town}/stars/{year}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The town's published stars of the year (星级评选结果)")
    Mono<PublishedStars> stars(@PathVariable String town, @PathVariable int year) {
        return towns.open(town).flatMap(t -> Stars.publication(t.dsl(), year)
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("stars-not-published", "No stars published for " + year + " in this town.")))
                .flatMap(publication -> Stars.list(t.dsl(), year).filter(n -> "AWARDED".equals(n.status())).collectList()
                        .flatMap(awarded -> AllianceDirectory.organisationNames(t.dsl(), awarded.stream().map(Stars.Nomination::organisationId).distinct().toList())
                                .map(names -> new PublishedStars(t.town().slug(), t.town().nameZh(), year, publication.title(), publication.publishedAt(),
                                        Arrays.stream(Stars.Category.values()).map(category -> new CategoryStars(category, awarded.stream()
                                                        .filter(n -> n.category() == category)
                                                        .map(n -> new Star(n.nomineeName(), names.get(n.organisationId()), n.citation())).toList()))
                                                .filter(c -> !c.stars().isEmpty()).toList())))));
    }
}
