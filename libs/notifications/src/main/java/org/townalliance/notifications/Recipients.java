package org.townalliance.notifications;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.identity.TownPeople;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.List;

/**
 * Who an audience is, at fan-out: the holders of a role from Keycloak (asked once per town, role and organisation for
 * 30 s, so that a burst of dispatches to one firm costs one lookup), one person if they still belong to the town, or a
 * resident's phone.
 */
@Component
class Recipients {

    /** A person with an account ({@code subject} set), or a resident known only by phone. */
    record Recipient(String subject, String name, String email, String phone) {
        boolean resident() {
            return subject == null;
        }
    }

    private record Key(String town, String role, String organisation) {
    }

    private final TownPeople people;
    private final AsyncCache<Key, List<TownPeople.Contact>> holders = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(30)).maximumSize(10_000).buildAsync();

    Recipients(TownPeople people) {
        this.people = people;
    }

    /** {@code dsl}: the town's schema, where an organisation's code (its Keycloak group's name) is found. */
    Flux<Recipient> of(String town, DSLContext dsl, List<Audience> audience) {
        return Flux.fromIterable(audience).concatMap(one -> switch (one) {
            case Audience.Holders h -> (h.organisation() == null ? Mono.just("") : AllianceDirectory.code(dsl, h.organisation()))
                    .flatMap(code -> Mono.fromFuture(holders.get(new Key(town, h.role().name(), code.isEmpty() ? null : code),
                            (key, executor) -> people.holders(town, h.role(), key.organisation()).toFuture())))
                    .flatMapMany(Flux::fromIterable).map(Recipients::of);
            case Audience.Person p -> people.contact(town, p.subject()).map(Recipients::of).flux();
            case Audience.Phone p -> Flux.just(new Recipient(null, null, null, p.phone()));
        }).distinct(r -> r.subject() != null ? r.subject() : "phone:" + r.phone());
    }

    private static Recipient of(TownPeople.Contact contact) {
        return new Recipient(contact.id(), contact.name(), contact.email(), contact.phone());
    }
}
