package org.townalliance.announcements;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.AnnouncementRecord;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.ANNOUNCEMENT;
import static org.townalliance.db.jooq.town.Tables.ANNOUNCEMENT_READ;
import static org.townalliance.db.jooq.town.Tables.ANNOUNCEMENT_RECIPIENT;

/** Announcements, whom they address (all members or the listed organisations) and who has read them. */
final class Announcements {

    private Announcements() {
    }

    record Announcement(UUID id, String title, String body, boolean toAll, List<UUID> organisations, String attachmentName, String postedBy,
                        OffsetDateTime postedAt, int readers, boolean readByMe) {
    }

    record Receipt(String personId, String personName, UUID organisationId, OffsetDateTime readAt) {
    }

    /** Writes the announcement and whom it addresses, inside the caller's transaction ({@link AnnouncementDesk}). */
    static Mono<UUID> insert(DSLContext trx, String title, String body, Collection<UUID> organisations, String actor) {
        return Reactive.one(trx.insertInto(ANNOUNCEMENT).set(ANNOUNCEMENT.TITLE, title)
                        .set(ANNOUNCEMENT.BODY, body).set(ANNOUNCEMENT.TO_ALL, organisations.isEmpty()).set(ANNOUNCEMENT.POSTED_BY, actor)
                        .returningResult(ANNOUNCEMENT.ID)).map(r -> r.value1())
                .flatMap(id -> Flux.fromIterable(Set.copyOf(organisations)).concatMap(org -> Reactive.run(trx.insertInto(ANNOUNCEMENT_RECIPIENT)
                        .set(ANNOUNCEMENT_RECIPIENT.ANNOUNCEMENT_ID, id).set(ANNOUNCEMENT_RECIPIENT.ORGANISATION_ID, org))).then(Mono.just(id)));
    }

    /**
     * The announcements {@code reader} may read: all of them for the secretariat ({@code organisations} null),
     * else those to all members or to one of the reader's organisations; newest first.
     */
    static Flux<Announcement> visible(DSLContext town, Set<UUID> organisations, String personId) {
        var addressed = organisations == null ? DSL.noCondition() : ANNOUNCEMENT.TO_ALL.isTrue().or(DSL.exists(DSL.selectOne()
                .from(ANNOUNCEMENT_RECIPIENT).where(ANNOUNCEMENT_RECIPIENT.ANNOUNCEMENT_ID.eq(ANNOUNCEMENT.ID))
                .and(ANNOUNCEMENT_RECIPIENT.ORGANISATION_ID.in(organisations))));
        return Flux.from(town.selectFrom(ANNOUNCEMENT).where(addressed).orderBy(ANNOUNCEMENT.POSTED_AT.desc()).limit(200))
                .concatMap(a -> view(town, a, personId));
    }

    static Mono<Announcement> find(DSLContext town, UUID id, Set<UUID> organisations, String personId) {
        return Reactive.one(town.selectFrom(ANNOUNCEMENT).where(ANNOUNCEMENT.ID.eq(id)))
                .filterWhen(a -> organisations == null || Boolean.TRUE.equals(a.getToAll()) ? Mono.just(true)
                        : Reactive.one(town.selectOne().from(ANNOUNCEMENT_RECIPIENT).where(ANNOUNCEMENT_RECIPIENT.ANNOUNCEMENT_ID.eq(id))
                                .and(ANNOUNCEMENT_RECIPIENT.ORGANISATION_ID.in(organisations))).hasElement())
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("announcement-not-found", "No such announcement for you in this town.")))
                .flatMap(a -> view(town, a, personId));
    }

    /** The reader's receipt, once (reading again keeps the first time). */
    static Mono<Void> read(DSLContext town, UUID id, String personId, String name, UUID organisationId) {
        return Reactive.run(town.insertInto(ANNOUNCEMENT_READ).set(ANNOUNCEMENT_READ.ANNOUNCEMENT_ID, id).set(ANNOUNCEMENT_READ.PERSON_ID, personId)
                .set(ANNOUNCEMENT_READ.PERSON_NAME, name).set(ANNOUNCEMENT_READ.ORGANISATION_ID, organisationId).onConflictDoNothing());
    }

    static Flux<Receipt> receipts(DSLContext town, UUID id) {
        return Flux.from(town.selectFrom(ANNOUNCEMENT_READ).where(ANNOUNCEMENT_READ.ANNOUNCEMENT_ID.eq(id)).orderBy(ANNOUNCEMENT_READ.READ_AT))
                .map(r -> new Receipt(r.getPersonId(), r.getPersonName(), r.getOrganisationId(), r.getReadAt()));
    }

    static Mono<Void> attach(DSLContext town, UUID id, String name, String type, byte[] file) {
        return Reactive.one(town.update(ANNOUNCEMENT).set(ANNOUNCEMENT.ATTACHMENT, file).set(ANNOUNCEMENT.ATTACHMENT_NAME, name)
                        .set(ANNOUNCEMENT.ATTACHMENT_TYPE, type).where(ANNOUNCEMENT.ID.eq(id)).returningResult(ANNOUNCEMENT.ID))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("announcement-not-found", "No such announcement in this town.")))
                .then();
    }

    static Mono<org.jooq.Record3<byte[], String, String>> attachment(DSLContext town, UUID id) {
        return Reactive.one(town.select(ANNOUNCEMENT.ATTACHMENT, ANNOUNCEMENT.ATTACHMENT_NAME, ANNOUNCEMENT.ATTACHMENT_TYPE).from(ANNOUNCEMENT)
                        .where(ANNOUNCEMENT.ID.eq(id)).and(ANNOUNCEMENT.ATTACHMENT.isNotNull()))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("attachment-not-found", "This announcement has no attachment.")));
    }

    private static Mono<Announcement> view(DSLContext town, AnnouncementRecord a, String personId) {
        return Mono.zip(Flux.from(town.select(ANNOUNCEMENT_RECIPIENT.ORGANISATION_ID).from(ANNOUNCEMENT_RECIPIENT)
                                .where(ANNOUNCEMENT_RECIPIENT.ANNOUNCEMENT_ID.eq(a.getId()))).map(r -> r.value1()).collectList(),
                        Reactive.one(town.select(DSL.count(), DSL.count().filterWhere(ANNOUNCEMENT_READ.PERSON_ID.eq(personId))).from(ANNOUNCEMENT_READ)
                                .where(ANNOUNCEMENT_READ.ANNOUNCEMENT_ID.eq(a.getId()))))
                .map(t -> new Announcement(a.getId(), a.getTitle(), a.getBody(), Boolean.TRUE.equals(a.getToAll()), t.getT1(), a.getAttachmentName(),
                        a.getPostedBy(), a.getPostedAt(), t.getT2().value1(), t.getT2().value2() > 0));
    }
}
