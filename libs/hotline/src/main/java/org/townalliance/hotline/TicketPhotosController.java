package org.townalliance.hotline;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.identity.TownRole;
import org.townalliance.media.Photos;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * Photos of a ticket from the office and the field: the operations centre attaches (OPERATOR, internal), the assigned
 * organisation's people add BEFORE and AFTER photos (shown to the resident). Who sees a photo is who sees the ticket.
 */
@RestController
@Tag(name = "Town: hotline tickets")
class TicketPhotosController {

    private final TicketPhotos photos;

    TicketPhotosController(TicketPhotos photos) {
        this.photos = photos;
    }

    @PostMapping(path = "/api/towns/{town}/tickets/{ticketId}/photos", consumes = {MediaType.IMAGE_JPEG_VALUE, MediaType.IMAGE_PNG_VALUE,
            "image/webp", MediaType.APPLICATION_OCTET_STREAM_VALUE}, produces = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess({TownRole.HOTLINE, TownRole.SECRETARIAT, TownRole.ORG_MANAGER, TownRole.ORG_STAFF})
    @Operation(summary = "Add a photo (role OPERATOR for the operations centre; BEFORE or AFTER for the assigned organisation); at most 10 MB")
    Mono<ResponseEntity<TicketPhotos.Attachment>> add(TownContext town, @PathVariable UUID ticketId, @RequestParam TicketPhotos.Role role,
                                                      ServerHttpRequest request) {
        if (role == TicketPhotos.Role.RESIDENT) {
            return Mono.error(ProblemException.badRequest("invalid-photo-role", "Residents' photos come with their reports."));
        }
        return Photos.checkDeclaredLength(request.getHeaders().getContentLength())
                .then(Mono.zip(Tickets.find(town.dsl(), ticketId), TicketScope.of(town)))
                .flatMap(found -> {
                    var ticket = found.getT1();
                    var scope = found.getT2();
                    if (!scope.sees(ticket.getAssignedOrganisationId())) {
                        return Mono.error(ProblemException.notFound("ticket-not-found", "No such ticket in this town."));
                    }
                    var allowed = role == TicketPhotos.Role.OPERATOR ? scope.operationsCentre() : scope.assignedToMine(ticket.getAssignedOrganisationId());
                    if (!allowed) {
                        return Mono.error(ProblemException.forbidden("photo-role-not-allowed", role == TicketPhotos.Role.OPERATOR
                                ? "Only the operations centre attaches OPERATOR photos." : "Before and after photos are the assigned organisation's."));
                    }
                    return Photos.body(request.getBody()).flatMap(bytes -> photos.add(town.slug(), town.dsl(), ticketId, role, bytes, town.caller().actor()));
                })
                .map(photo -> ResponseEntity.status(HttpStatus.CREATED).body(photo));
    }

    @GetMapping(path = "/api/towns/{town}/tickets/{ticketId}/photos", produces = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(anyRole = true)
    @Operation(summary = "The ticket's photos, oldest first")
    Mono<List<TicketPhotos.Attachment>> list(TownContext town, @PathVariable UUID ticketId) {
        return visible(town, ticketId).thenMany(TicketPhotos.of(town.dsl(), ticketId)).collectList();
    }

    @GetMapping(path = "/api/towns/{town}/tickets/{ticketId}/photos/{photoId}", produces = MediaType.IMAGE_JPEG_VALUE)
    @TownAccess(anyRole = true)
    @Operation(summary = "A photo's JPEG (size=thumbnail for the small one)")
    Mono<ResponseEntity<byte[]>> content(TownContext town, @PathVariable UUID ticketId, @PathVariable UUID photoId,
                                         @RequestParam(required = false) String size) {
        return visible(town, ticketId).then(photos.content(town.slug(), town.dsl(), ticketId, photoId, "thumbnail".equals(size), false))
                .map(bytes -> ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG)
                        .cacheControl(CacheControl.maxAge(Duration.ofHours(1)).cachePrivate()).body(bytes));
    }

    private static Mono<Void> visible(TownContext town, UUID ticketId) {
        return Mono.zip(Tickets.find(town.dsl(), ticketId), TicketScope.of(town))
                .flatMap(found -> found.getT2().sees(found.getT1().getAssignedOrganisationId()) ? Mono.<Void>empty()
                        : Mono.error(ProblemException.notFound("ticket-not-found", "No such ticket in this town.")));
    }
}
