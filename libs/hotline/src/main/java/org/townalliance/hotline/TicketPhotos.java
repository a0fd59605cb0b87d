package org.townalliance.hotline;

import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.TicketAttachmentRecord;
import org.townalliance.media.MediaStore;
import org.townalliance.media.Photos;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.TICKET_ATTACHMENT;

/**
 * The photos of tickets: checked and re-encoded ({@link Photos}), the bytes in the media store, a row each in
 * {@code ticket_attachment} saying who added it, when, in which role and whether the resident sees it. A resident's photo
 * is uploaded before the report exists and stays pending (bound to the resident's verified phone) until the report cites
 * it; pending photos never cited are deleted after a day (when the town's next resident photo comes).
 */
@Service
class TicketPhotos {

    private static final Logger log = LoggerFactory.getLogger(TicketPhotos.class);

    /** At most this many photos a resident sends with one report (and the most a ticket keeps per role). */
    static final int MAX_PER_REPORT = 6;
    static final int MAX_PER_TICKET = 30;
    static final Duration PENDING = Duration.ofDays(1);

    enum Role { RESIDENT, OPERATOR, BEFORE, AFTER }

    /** A photo as the ticket shows it. */
    record Attachment(UUID id, Role role, boolean forResident, int width, int height, int size, String addedBy, OffsetDateTime addedAt) {
        static Attachment of(TicketAttachmentRecord r) {
            return new Attachment(r.getId(), Role.valueOf(r.getRole()), r.getForResident(), r.getWidth(), r.getHeight(), r.getSize(),
                    r.getAddedBy(), r.getAddedAt());
        }
    }

    private final Photos photos;
    private final MediaStore store;
    private final Clock clock;

    TicketPhotos(Photos photos, MediaStore store, Clock clock) {
        this.photos = photos;
        this.store = store;
        this.clock = clock;
    }

    /** Adds a photo to a ticket (already found and checked as visible to the caller). */
    Mono<Attachment> add(String town, DSLContext dsl, UUID ticketId, Role role, byte[] upload, String actor) {
        return Reactive.one(dsl.selectCount().from(TICKET_ATTACHMENT).where(TICKET_ATTACHMENT.TICKET_ID.eq(ticketId)))
                .flatMap(count -> count.value1() >= MAX_PER_TICKET
                        ? Mono.error(ProblemException.conflict("too-many-photos", "A ticket keeps at most " + MAX_PER_TICKET + " photos."))
                        : keep(town, dsl, ticketId, role, role != Role.OPERATOR, upload, actor, null));
    }

    /** A resident's photo before the report: pending, bound to {@code uploaderHash} (their verified phone's). */
    Mono<Attachment> addPending(String town, DSLContext dsl, byte[] upload, String uploaderHash) {
        var since = at(clock.instant().minus(PENDING));
        // The town's expired pending photos go first: an upload is where they pile up, so no loop over towns is needed.
        return sweepPending(town, dsl).onErrorResume(failure -> {
                    log.warn("Expired pending photos of {} not swept: {}", town, failure.toString());
                    return Mono.just(0);
                })
                .then(Reactive.one(dsl.selectCount().from(TICKET_ATTACHMENT).where(TICKET_ATTACHMENT.UPLOADER_HASH.eq(uploaderHash))
                        .and(TICKET_ATTACHMENT.TICKET_ID.isNull()).and(TICKET_ATTACHMENT.ADDED_AT.gt(since)))
                // Room for two reports' worth of retries and changed minds, and no more: the store is not a free host.
                .flatMap(count -> count.value1() >= 2 * MAX_PER_REPORT
                        ? Mono.error(new ProblemException(org.springframework.http.HttpStatus.TOO_MANY_REQUESTS, "too-many-photos",
                                "Too many photos", "Too many photos were sent without a report; file the report first."))
                        : keep(town, dsl, null, Role.RESIDENT, true, upload, "resident", uploaderHash)));
    }

    /** Binds the resident's pending photos to the new ticket, inside the intake's transaction; 400 when one is not theirs or used. */
    Mono<Void> attachPending(DSLContext trx, UUID ticketId, List<UUID> photoIds, String uploaderHash) {
        if (photoIds.isEmpty()) {
            return Mono.empty();
        }
        return Reactive.one(trx.update(TICKET_ATTACHMENT).set(TICKET_ATTACHMENT.TICKET_ID, ticketId).setNull(TICKET_ATTACHMENT.PENDING_UNTIL)
                        .where(TICKET_ATTACHMENT.ID.in(photoIds)).and(TICKET_ATTACHMENT.TICKET_ID.isNull())
                        .and(TICKET_ATTACHMENT.UPLOADER_HASH.eq(uploaderHash)))
                .flatMap(updated -> updated == photoIds.size() ? Mono.<Void>empty()
                        : Mono.error(ProblemException.badRequest("unknown-photo",
                        "A photo of this report was not sent from this phone, was used already or has expired; send it again.")));
    }

    static Flux<Attachment> of(DSLContext dsl, UUID ticketId) {
        return Flux.from(dsl.selectFrom(TICKET_ATTACHMENT).where(TICKET_ATTACHMENT.TICKET_ID.eq(ticketId)).orderBy(TICKET_ATTACHMENT.ADDED_AT))
                .map(Attachment::of);
    }

    /** The photos of these tickets, by ticket, oldest first. */
    static Mono<java.util.Map<UUID, List<Attachment>>> ofTickets(DSLContext dsl, List<UUID> ticketIds) {
        if (ticketIds.isEmpty()) {
            return Mono.just(java.util.Map.of());
        }
        return Flux.from(dsl.selectFrom(TICKET_ATTACHMENT).where(TICKET_ATTACHMENT.TICKET_ID.in(ticketIds)).orderBy(TICKET_ATTACHMENT.ADDED_AT))
                .collectMultimap(TicketAttachmentRecord::getTicketId, Attachment::of)
                .map(byTicket -> {
                    var result = new java.util.HashMap<UUID, List<Attachment>>();
                    byTicket.forEach((ticket, photos) -> result.put(ticket, List.copyOf(photos)));
                    return result;
                });
    }

    /** The photo's bytes (the thumbnail when asked) if it belongs to {@code ticketId}; 404 otherwise. */
    Mono<byte[]> content(String town, DSLContext dsl, UUID ticketId, UUID photoId, boolean thumbnail, boolean residentOnly) {
        var condition = TICKET_ATTACHMENT.ID.eq(photoId).and(TICKET_ATTACHMENT.TICKET_ID.eq(ticketId));
        if (residentOnly) {
            condition = condition.and(TICKET_ATTACHMENT.FOR_RESIDENT.isTrue());
        }
        return Reactive.one(dsl.selectFrom(TICKET_ATTACHMENT).where(condition))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("photo-not-found", "No such photo of this ticket.")))
                .flatMap(photo -> store.get(new MediaStore.Place(town, dsl), thumbnail ? photo.getThumbnailKey() : photo.getStorageKey())
                        .switchIfEmpty(Mono.error(() -> new IllegalStateException("photo " + photoId + " of " + town + " is missing from the store"))));
    }

    /** Pending photos never cited by a report (a hundred at a time): rows and objects deleted. */
    Mono<Integer> sweepPending(String town, DSLContext dsl) {
        return Flux.from(dsl.deleteFrom(TICKET_ATTACHMENT).where(TICKET_ATTACHMENT.ID.in(dsl.select(TICKET_ATTACHMENT.ID).from(TICKET_ATTACHMENT)
                                .where(TICKET_ATTACHMENT.TICKET_ID.isNull()).and(TICKET_ATTACHMENT.PENDING_UNTIL.lt(at(clock.instant()))).limit(100)))
                        .returning(TICKET_ATTACHMENT.STORAGE_KEY, TICKET_ATTACHMENT.THUMBNAIL_KEY))
                .flatMapIterable(r -> List.of(r.getStorageKey(), r.getThumbnailKey()))
                .collectList()
                .flatMap(keys -> store.delete(new MediaStore.Place(town, dsl), keys).thenReturn(keys.size() / 2));
    }

    private Mono<Attachment> keep(String town, DSLContext dsl, UUID ticketId, Role role, boolean forResident, byte[] upload,
                                  String actor, String uploaderHash) {
        var id = UUID.randomUUID();
        var place = new MediaStore.Place(town, dsl);
        var imageKey = "tickets/" + id + ".jpg";
        var thumbnailKey = "tickets/" + id + "-thumbnail.jpg";
        var now = clock.instant();
        return photos.prepare(upload).flatMap(prepared -> store.put(place, imageKey, prepared.image(), Photos.Prepared.CONTENT_TYPE)
                .then(store.put(place, thumbnailKey, prepared.thumbnail(), Photos.Prepared.CONTENT_TYPE))
                .then(Reactive.one(dsl.insertInto(TICKET_ATTACHMENT)
                        .set(TICKET_ATTACHMENT.ID, id).set(TICKET_ATTACHMENT.TICKET_ID, ticketId).set(TICKET_ATTACHMENT.ROLE, role.name())
                        .set(TICKET_ATTACHMENT.FOR_RESIDENT, forResident).set(TICKET_ATTACHMENT.CONTENT_TYPE, Photos.Prepared.CONTENT_TYPE)
                        .set(TICKET_ATTACHMENT.SIZE, prepared.image().length).set(TICKET_ATTACHMENT.WIDTH, prepared.width())
                        .set(TICKET_ATTACHMENT.HEIGHT, prepared.height()).set(TICKET_ATTACHMENT.STORAGE_KEY, imageKey)
                        .set(TICKET_ATTACHMENT.THUMBNAIL_KEY, thumbnailKey).set(TICKET_ATTACHMENT.UPLOADER_HASH, uploaderHash)
                        .set(TICKET_ATTACHMENT.PENDING_UNTIL, ticketId == null ? at(now.plus(PENDING)) : null)
                        .set(TICKET_ATTACHMENT.ADDED_BY, actor).set(TICKET_ATTACHMENT.ADDED_AT, at(now))
                        .returning()))
                // The row did not go in: the objects would be orphans.
                .onErrorResume(failure -> store.delete(place, List.of(imageKey, thumbnailKey))
                        .onErrorResume(cleanup -> {
                            log.warn("Could not delete the objects of a photo not kept in {}: {}", town, cleanup.toString());
                            return Mono.empty();
                        })
                        .then(Mono.error(failure))))
                .map(Attachment::of);
    }

    private static OffsetDateTime at(java.time.Instant instant) {
        return TicketWrites.at(instant);
    }
}
