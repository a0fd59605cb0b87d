package org.townalliance.hotline;

import org.jooq.DSLContext;
import org.townalliance.db.Reactive;
import reactor.core.publisher.Mono;

import static org.townalliance.db.jooq.town.Tables.OPEN311_CLIENT;

/**
 * Open311 API keys of a town: 32 random bytes shown once at creation; only their SHA-256 is kept, so a
 * database dump holds no usable key. A revoked key stops working at once.
 */
final class Open311Clients {

    private Open311Clients() {
    }

    static String newKey() {
        return Secrets.token("o311_");
    }

    static String hash(String key) {
        return Secrets.sha256(key);
    }

    /** The name of the client holding this key, if the key is current. */
    static Mono<String> verify(DSLContext town, String key) {
        if (key == null || key.isBlank() || key.length() > 100) {
            return Mono.empty();
        }
        return Reactive.one(town.select(OPEN311_CLIENT.NAME).from(OPEN311_CLIENT)
                        .where(OPEN311_CLIENT.KEY_HASH.eq(hash(key))).and(OPEN311_CLIENT.REVOKED_AT.isNull()))
                .map(r -> r.value1());
    }
}
