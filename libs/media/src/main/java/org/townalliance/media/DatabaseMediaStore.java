package org.townalliance.media;

import org.townalliance.db.Reactive;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.util.Collection;

import static org.townalliance.db.jooq.town.Tables.MEDIA_OBJECT;

/** Objects as rows of the town's {@code media_object}: backed up, exported and deleted with the town. */
final class DatabaseMediaStore implements MediaStore {

    private final java.time.Clock clock;

    DatabaseMediaStore(java.time.Clock clock) {
        this.clock = clock;
    }

    @Override
    public Mono<Void> put(Place place, String key, byte[] content, String contentType) {
        return Reactive.run(place.schema().insertInto(MEDIA_OBJECT)
                .set(MEDIA_OBJECT.KEY, key).set(MEDIA_OBJECT.CONTENT_TYPE, contentType).set(MEDIA_OBJECT.SIZE, content.length)
                .set(MEDIA_OBJECT.CONTENT, content).set(MEDIA_OBJECT.CREATED_AT, OffsetDateTime.now(clock)));
    }

    @Override
    public Mono<byte[]> get(Place place, String key) {
        return Reactive.one(place.schema().select(MEDIA_OBJECT.CONTENT).from(MEDIA_OBJECT).where(MEDIA_OBJECT.KEY.eq(key)))
                .map(r -> r.value1());
    }

    @Override
    public Mono<Void> delete(Place place, Collection<String> keys) {
        return keys.isEmpty() ? Mono.empty() : Reactive.run(place.schema().deleteFrom(MEDIA_OBJECT).where(MEDIA_OBJECT.KEY.in(keys)));
    }

    @Override
    public String describe() {
        return "database (each town's media_object table)";
    }
}
