package org.townalliance.notifications;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.platform.tables.records.NotificationRecord;
import org.townalliance.web.Page;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.OffsetDateTime;

import static org.townalliance.db.jooq.platform.Tables.NOTIFICATION;

/**
 * A person's in-app inbox across all their towns: newest first in keyset pages, the unread count, marking read (one,
 * or everything up to what the person saw). Only ever the caller's own: another person's id is not found.
 */
@Service
class Inbox {

    /** One message as its person sees it. */
    record Message(long id, String town, NoticeKind kind, String title, String body, String link, OffsetDateTime createdAt,
                   OffsetDateTime readAt) {
    }

    private final DSLContext platform;
    private final Clock clock;

    Inbox(DSLContext platform, Clock clock) {
        this.platform = platform;
        this.clock = clock;
    }

    Mono<Page<Message>> list(String person, boolean unreadOnly, Long before, int limit) {
        return Flux.from(platform.selectFrom(NOTIFICATION)
                        .where(NOTIFICATION.PERSON.eq(person))
                        .and(unreadOnly ? NOTIFICATION.READ_AT.isNull() : DSL.noCondition())
                        .and(before == null ? DSL.noCondition() : NOTIFICATION.ID.lt(before))
                        .orderBy(NOTIFICATION.ID.desc()).limit(limit + 1))
                .map(Inbox::message).collectList()
                .map(rows -> rows.size() > limit
                        ? new Page<>(rows.subList(0, limit), Long.toString(rows.get(limit - 1).id()))
                        : new Page<>(rows, null));
    }

    Mono<Integer> unread(String person) {
        return Reactive.one(platform.selectCount().from(NOTIFICATION).where(NOTIFICATION.PERSON.eq(person)).and(NOTIFICATION.READ_AT.isNull()))
                .map(row -> row.value1());
    }

    /** The newest message, for the live badge's "what just came". */
    Mono<Message> latest(String person) {
        return Reactive.one(platform.selectFrom(NOTIFICATION).where(NOTIFICATION.PERSON.eq(person)).orderBy(NOTIFICATION.ID.desc()).limit(1))
                .map(Inbox::message);
    }

    Mono<Message> read(String person, long id) {
        return Reactive.one(platform.update(NOTIFICATION)
                        .set(NOTIFICATION.READ_AT, DSL.coalesce(NOTIFICATION.READ_AT, DSL.val(OffsetDateTime.now(clock))))
                        .where(NOTIFICATION.ID.eq(id)).and(NOTIFICATION.PERSON.eq(person)).returning())
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("unknown-notification", "You have no such notification.")))
                .flatMap(row -> changed(person).thenReturn(message(row)));
    }

    /** Marks read everything up to {@code upTo} (what the person saw; everything if absent); answers how many. */
    Mono<Integer> readAll(String person, Long upTo) {
        return Flux.from(platform.update(NOTIFICATION).set(NOTIFICATION.READ_AT, OffsetDateTime.now(clock))
                        .where(NOTIFICATION.PERSON.eq(person)).and(NOTIFICATION.READ_AT.isNull())
                        .and(upTo == null ? DSL.noCondition() : NOTIFICATION.ID.le(upTo)))
                .reduce(0, Integer::sum)
                .flatMap(count -> changed(person).thenReturn(count));
    }

    /** Every replica's live badge of the person hears of it. */
    private Mono<Void> changed(String person) {
        return Reactive.run(platform.select(DSL.function(DSL.name("pg_notify"), Object.class, DSL.val(InboxFeed.CHANNEL), DSL.val(person))));
    }

    private static Message message(NotificationRecord row) {
        return new Message(row.getId(), row.getTown(), NoticeKind.valueOf(row.getKind()), row.getTitle(), row.getBody(), row.getLink(),
                row.getCreatedAt(), row.getReadAt());
    }
}
