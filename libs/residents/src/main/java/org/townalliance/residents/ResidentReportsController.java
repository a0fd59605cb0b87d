package org.townalliance.residents;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.hotline.ResidentDesk;
import org.townalliance.media.Photos;
import org.townalliance.tenancy.PublicTowns;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The API behind the resident's pages (no account: the verified phone's proof in {@code X-Phone-Proof}, or the tracking
 * link's token): what the form offers, photos, filing (idempotent with {@code Idempotency-Key}), the resident's requests,
 * tracking one, its photos and the rating.
 */
@RestController
@Tag(name = "Public", description = "No login needed")
class ResidentReportsController {

    enum Kind { SERVICE_REQUEST, COMPLAINT, SUGGESTION }

    /** Set by the page (WECHAT in WeChat's own browser), not chosen by the person. */
    enum Channel { WEB, WECHAT }

    record ReportRequest(@NotNull Kind kind, @NotBlank @Size(max = 40) String categoryCode, UUID estateId,
                         @Size(max = 200) String place, @NotBlank @Size(max = 4000) String description,
                         @DecimalMin("-90") @DecimalMax("90") BigDecimal latitude, @DecimalMin("-180") @DecimalMax("180") BigDecimal longitude,
                         @Size(max = 6, message = "are at most 6") List<@NotNull UUID> photoIds, Channel channel) {
    }

    record Rating(@NotNull Boolean satisfied, @NotNull @Min(1) @Max(5) Integer score, @Size(max = 1000) String comment) {
    }

    record ReportForm(String town, String townName, String hotlineNumber, List<ResidentDesk.Category> categories,
                      AllianceDirectory.PublicEstate estate, int maxPhotos, long maxPhotoBytes) {
    }

    private final PublicTowns towns;
    private final ResidentDesk desk;
    private final ResidentReports reports;

    ResidentReportsController(PublicTowns towns, ResidentDesk desk, ResidentReports reports) {
        this.towns = towns;
        this.desk = desk;
        this.reports = reports;
    }

    @GetMapping(path = "/public/towns/{town}/report-form", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "What the report form offers: the town's categories in plain words and, from an estate's QR code, the estate")
    Mono<ReportForm> form(@PathVariable String town, @RequestParam(required = false) UUID estate) {
        return towns.open(town).flatMap(t -> Mono.zip(desk.categories(t.dsl()).collectList(),
                        AllianceDirectory.hotlineNumber(t.dsl()).defaultIfEmpty(""),
                        estate == null ? Mono.just(List.<AllianceDirectory.PublicEstate>of())
                                : AllianceDirectory.estate(t.dsl(), estate).map(List::of).defaultIfEmpty(List.of()))
                .map(f -> new ReportForm(t.town().slug(), t.town().nameZh(), f.getT2().isEmpty() ? null : f.getT2(), f.getT1(),
                        f.getT3().isEmpty() ? null : f.getT3().getFirst(), 6, Photos.MAX_BYTES)));
    }

    @GetMapping(path = "/public/towns/{town}/estates", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Estates by name or address, for the report form (at most 20)")
    Mono<List<AllianceDirectory.PublicEstate>> estates(@PathVariable String town, @RequestParam(required = false) @Size(max = 50) String q) {
        return towns.open(town).flatMap(t -> AllianceDirectory.searchEstates(t.dsl(), q, 20).collectList());
    }

    @PostMapping(path = "/public/towns/{town}/report-photos", consumes = {MediaType.IMAGE_JPEG_VALUE, MediaType.IMAGE_PNG_VALUE,
            "image/webp", MediaType.APPLICATION_OCTET_STREAM_VALUE}, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A photo for the report to come (JPEG, PNG or WebP by content, at most 10 MB; re-encoded without EXIF)")
    Mono<ResponseEntity<ResidentDesk.Photo>> photo(@PathVariable String town, @RequestHeader(name = "X-Phone-Proof", required = false) String proof,
                                                   ServerHttpRequest request) {
        return Photos.checkDeclaredLength(request.getHeaders().getContentLength())
                .then(Photos.body(request.getBody()))
                .flatMap(bytes -> reports.upload(town, proof, bytes))
                .map(photo -> ResponseEntity.status(HttpStatus.CREATED).body(photo));
    }

    @PostMapping(path = "/public/towns/{town}/reports", consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "File a request, complaint or suggestion from a verified phone; the same Idempotency-Key again answers the same report")
    Mono<ResponseEntity<ResidentReports.Filed>> file(@PathVariable String town, @RequestHeader(name = "X-Phone-Proof", required = false) String proof,
                                                     @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                                     @Valid @RequestBody ReportRequest request) {
        if (key != null && (key.isBlank() || key.length() > 64)) {
            return Mono.error(ProblemException.badRequest("invalid-idempotency-key", "An Idempotency-Key is 1 to 64 characters."));
        }
        if (request.estateId() == null && (request.place() == null || request.place().isBlank()) && request.latitude() == null) {
            return Mono.error(ProblemException.badRequest("location-required", "Say where: the estate, the building and room, or your location."));
        }
        if ((request.latitude() == null) != (request.longitude() == null)) {
            return Mono.error(ProblemException.badRequest("invalid-location", "A location has both latitude and longitude."));
        }
        var report = new ResidentDesk.Report(request.kind().name(), (request.channel() == null ? Channel.WEB : request.channel()).name(),
                request.categoryCode(), request.estateId(), blank(request.place()), request.description().trim(),
                scale(request.latitude()), scale(request.longitude()), request.photoIds() == null ? List.of() : request.photoIds(), null);
        return reports.file(town, proof, key, report)
                .map(filed -> ResponseEntity.status(filed.created() ? HttpStatus.CREATED : HttpStatus.OK).body(filed));
    }

    @GetMapping(path = "/public/towns/{town}/reports", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The verified phone's requests of the last 12 months in this town, with their tracking links' tokens")
    Mono<List<ResidentReports.Mine>> mine(@PathVariable String town, @RequestHeader(name = "X-Phone-Proof", required = false) String proof) {
        return reports.mine(town, proof).collectList();
    }

    @GetMapping(path = "/public/towns/{town}/reports/{token}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A request behind its tracking link: status, public timeline, the firm, deadlines, photos, whether it can be rated")
    Mono<ResidentDesk.PublicTicket> track(@PathVariable String town, @PathVariable String token) {
        return reports.track(town, token);
    }

    @GetMapping(path = "/public/towns/{town}/reports/{token}/photos/{photoId}", produces = MediaType.IMAGE_JPEG_VALUE)
    @Operation(summary = "A photo the resident may see (theirs, the firm's before and after); size=thumbnail for the small one")
    Mono<ResponseEntity<byte[]>> trackedPhoto(@PathVariable String town, @PathVariable String token, @PathVariable UUID photoId,
                                              @RequestParam(required = false) String size) {
        return reports.photo(town, token, photoId, "thumbnail".equals(size))
                .map(bytes -> ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG)
                        .cacheControl(CacheControl.maxAge(Duration.ofDays(1)).cachePrivate()).body(bytes));
    }

    @PostMapping(path = "/public/towns/{town}/reports/{token}/rating", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Rate the resolved request once per resolution: satisfied closes it, not satisfied reopens it within the town's window")
    Mono<ResidentDesk.PublicTicket> rate(@PathVariable String town, @PathVariable String token, @Valid @RequestBody Rating rating) {
        return reports.rate(town, token, rating.satisfied(), rating.score(), blank(rating.comment()));
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static BigDecimal scale(BigDecimal degrees) {
        return degrees == null ? null : degrees.setScale(6, java.math.RoundingMode.HALF_UP);
    }
}
