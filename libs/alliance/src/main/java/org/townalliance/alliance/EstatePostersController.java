package org.townalliance.alliance;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import org.townalliance.identity.TownRole;
import org.townalliance.printing.PrintFont;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The estates' QR posters for the secretariat to print and put up: one estate's, or every estate's in one PDF (a page
 * each). The QR code opens the resident's report page with the estate chosen: {@code {console url}/report/{town}?estate={id}}.
 */
@RestController
@Tag(name = "Town: estates")
class EstatePostersController {

    private static final int MOST = 2000;

    private final PrintFont font;
    private final String publicUrl;

    EstatePostersController(PrintFont font, @Value("${alliance.console.url:http://localhost:8080}") String publicUrl) {
        this.font = font;
        this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
    }

    @GetMapping(path = "/api/towns/{town}/estates/{estateId}/poster.pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    @TownAccess({TownRole.SECRETARIAT, TownRole.HOTLINE})
    @Operation(summary = "The estate's A4 QR poster (扫码报修 · 投诉 · 建议, the town's hotline number)")
    Mono<ResponseEntity<byte[]>> one(TownContext town, @PathVariable UUID estateId) {
        return pdf(town, Estates.find(town.dsl(), estateId).flux(), "poster-" + estateId + ".pdf");
    }

    @GetMapping(path = "/api/towns/{town}/estates/posters.pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    @TownAccess({TownRole.SECRETARIAT, TownRole.HOTLINE})
    @Operation(summary = "Every estate's QR poster in one PDF, a page each, by name")
    Mono<ResponseEntity<byte[]>> all(TownContext town) {
        return pdf(town, Estates.list(town.dsl(), null, null, MOST), "posters-" + town.slug() + ".pdf");
    }

    private Mono<ResponseEntity<byte[]>> pdf(TownContext town, Flux<Estates.Estate> estates, String fileName) {
        return Mono.zip(estates.map(estate -> new EstatePosters.Poster(estate.name(), estate.address(), reportUrl(town.slug(), estate.id())))
                                .collectList(),
                        AllianceDirectory.allianceName(town.dsl()).defaultIfEmpty(town.town().nameZh()),
                        AllianceDirectory.hotlineNumber(town.dsl()).defaultIfEmpty(""))
                .flatMap(found -> found.getT1().isEmpty()
                        ? Mono.error(ProblemException.notFound("no-estates", "This town has no estates yet."))
                        : Mono.fromCallable(() -> EstatePosters.render(found.getT1(), found.getT2(), town.town().nameZh(), found.getT3(), font.get()))
                        .subscribeOn(Schedulers.boundedElastic()))
                .map(bytes -> ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(fileName, StandardCharsets.UTF_8).build().toString())
                        .body(bytes));
    }

    private String reportUrl(String town, UUID estate) {
        return UriComponentsBuilder.fromUriString(publicUrl).path("/report/{town}").queryParam("estate", estate).buildAndExpand(town).toUriString();
    }
}
