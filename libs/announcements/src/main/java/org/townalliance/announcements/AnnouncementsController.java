package org.townalliance.announcements;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
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
import org.springframework.web.server.ServerWebExchange;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.identity.TownGrant;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import org.townalliance.web.RequestBodies;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The secretariat's announcements to the members: to all or to some, with an attachment (up to 10 MB); the
 * people of an addressed member read them and leave a receipt; the secretariat sees who read what. People of
 * members not addressed do not see them at all.
 */
@RestController
@RequestMapping(path = "/api/towns/{town}/announcements", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town: announcements", description = "Announcements to members, attachments, read receipts")
class AnnouncementsController {

    private static final int MAX_ATTACHMENT = 10 * 1024 * 1024;

    private final AnnouncementDesk desk;

    AnnouncementsController(AnnouncementDesk desk) {
        this.desk = desk;
    }

    record AnnouncementRequest(@NotBlank @Size(max = 200) String title, @NotBlank @Size(max = 10000) String body,
                               @Size(max = 500) List<@NotNull UUID> organisationIds) {
    }

    record Receipts(Announcements.Announcement announcement, List<Announcements.Receipt> receipts, List<UUID> unreadOrganisations) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Post an announcement to every current member (no organisationIds) or to the listed current members")
    Mono<ResponseEntity<Announcements.Announcement>> post(TownContext town, @Valid @RequestBody AnnouncementRequest request) {
        var listed = request.organisationIds() == null ? List.<UUID>of() : request.organisationIds();
        return desk.post(town, request.title(), request.body(), listed)
                .flatMap(id -> Announcements.find(town.dsl(), id, null, town.caller().subject()))
                .map(announcement -> ResponseEntity.status(HttpStatus.CREATED).body(announcement));
    }

    @GetMapping
    @TownAccess(anyRole = true, platformAdmin = true)
    @Operation(summary = "The announcements I may read, newest first (the secretariat: all), with whether I read each")
    Flux<Announcements.Announcement> announcements(TownContext town) {
        return readerOrganisations(town).flatMapMany(orgs -> Announcements.visible(town.dsl(), orgs.orElse(null), town.caller().subject()));
    }

    @PostMapping("/{announcementId}/read")
    @TownAccess(anyRole = true)
    @Operation(summary = "I have read it: my receipt (once)")
    Mono<Announcements.Announcement> read(TownContext town, @PathVariable UUID announcementId) {
        return readerOrganisations(town).flatMap(orgs -> Announcements.find(town.dsl(), announcementId, orgs.orElse(null), town.caller().subject())
                .flatMap(a -> Announcements.read(town.dsl(), announcementId, town.caller().subject(), town.caller().actor(),
                        orgs.flatMap(o -> o.stream().filter(org -> a.toAll() || a.organisations().contains(org)).findFirst()).orElse(null))
                        .then(Announcements.find(town.dsl(), announcementId, orgs.orElse(null), town.caller().subject()))));
    }

    @GetMapping("/{announcementId}/receipts")
    @TownAccess(value = TownRole.SECRETARIAT, platformAdmin = true)
    @Operation(summary = "Who read it when, and the addressed members none of whose people has read it yet")
    Mono<Receipts> receipts(TownContext town, @PathVariable UUID announcementId) {
        return Announcements.find(town.dsl(), announcementId, null, town.caller().subject())
                .flatMap(a -> Mono.zip(Announcements.receipts(town.dsl(), announcementId).collectList(),
                                a.toAll() ? AllianceDirectory.currentMemberIds(town.dsl()) : Mono.just(a.organisations()))
                        .map(t -> new Receipts(a, t.getT1(), t.getT2().stream()
                                .filter(org -> t.getT1().stream().noneMatch(r -> org.equals(r.organisationId()))).toList())));
    }

    @PutMapping(path = "/{announcementId}/attachment", consumes = {MediaType.APPLICATION_OCTET_STREAM_VALUE, MediaType.APPLICATION_PDF_VALUE,
            MediaType.IMAGE_JPEG_VALUE, MediaType.IMAGE_PNG_VALUE, "application/msword",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"})
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Attach a file (up to 10 MB), replacing any earlier one")
    Mono<Announcements.Announcement> attach(TownContext town, @PathVariable UUID announcementId, @RequestParam @Size(max = 200) String filename,
                                            ServerWebExchange exchange) {
        var type = exchange.getRequest().getHeaders().getContentType();
        return RequestBodies.read(exchange.getRequest(), MAX_ATTACHMENT, () -> new ProblemException(HttpStatus.CONTENT_TOO_LARGE,
                        "attachment-too-large", "Attachment too large", "Attachments up to 10 MB."))
                .switchIfEmpty(Mono.error(() -> ProblemException.badRequest("attachment-required", "The file is empty.")))
                .flatMap(bytes -> Announcements.attach(town.dsl(), announcementId, filename, type == null ? MediaType.APPLICATION_OCTET_STREAM_VALUE
                        : type.toString(), bytes))
                .then(Announcements.find(town.dsl(), announcementId, null, town.caller().subject()));
    }

    @GetMapping(path = "/{announcementId}/attachment", produces = MediaType.ALL_VALUE)
    @TownAccess(anyRole = true, platformAdmin = true)
    @Operation(summary = "The attachment, for those the announcement addresses")
    Mono<ResponseEntity<byte[]>> attachment(TownContext town, @PathVariable UUID announcementId) {
        return readerOrganisations(town).flatMap(orgs -> Announcements.find(town.dsl(), announcementId, orgs.orElse(null), town.caller().subject()))
                .then(Announcements.attachment(town.dsl(), announcementId))
                .map(r -> ResponseEntity.ok().contentType(MediaType.parseMediaType(r.value3()))
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(r.value2(), StandardCharsets.UTF_8).build().toString())
                        .body(r.value1()));
    }

    /** Empty for the secretariat and the platform admin (they read everything); else the member organisations the caller works for. */
    private static Mono<java.util.Optional<Set<UUID>>> readerOrganisations(TownContext town) {
        var secretariat = town.caller().platformAdmin()
                || town.caller().grants().stream().anyMatch(g -> g.town().equals(town.slug()) && g.role() == TownRole.SECRETARIAT);
        if (secretariat) {
            return Mono.just(java.util.Optional.empty());
        }
        var codes = town.caller().grants().stream().filter(g -> g.town().equals(town.slug()) && g.organisation() != null)
                .map(TownGrant::organisation).toList();
        return AllianceDirectory.organisationIds(town.dsl(), codes).map(ids -> java.util.Optional.of(Set.copyOf(ids)));
    }
}
