package org.townalliance.notifications;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.townalliance.db.Reactive;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.townalliance.db.jooq.platform.Tables.NOTICE;

/**
 * The way every module tells people of an event: {@link #queue} inside the transaction that makes the change, so the
 * notice exists exactly when the change does (the transactional outbox). Who is told, how and in which words is decided
 * later, once, by the fan-out; a notice queued twice (same town, kind and key) is one notice.
 */
@Service
public class Notices {

    /** Wakes the replicas' fan-out at once (sent on commit, never for a rollback); polling is the fallback. */
    static final String QUEUED_CHANNEL = "notices_queued";

    private final JsonMapper json;
    private final boolean enabled;

    /** {@code alliance.notifications.enabled=false} queues nothing: for the benchmark's run without notifications only. */
    Notices(JsonMapper json, @org.springframework.beans.factory.annotation.Value("${alliance.notifications.enabled:true}") boolean enabled) {
        this.json = json;
        this.enabled = enabled;
    }

    /** Queues the notice; call with the transaction of the change it tells of. */
    public Mono<Void> queue(DSLContext transaction, Notice notice) {
        if (!enabled || notice.audience().isEmpty()) {
            return Mono.empty();
        }
        var attachment = notice.attachment();
        return Reactive.run(transaction.insertInto(NOTICE)
                        .set(NOTICE.TOWN, notice.town())
                        .set(NOTICE.KIND, notice.kind().name())
                        .set(NOTICE.DEDUP_KEY, notice.dedupKey())
                        .set(NOTICE.AUDIENCE, json.writeValueAsString(encode(notice.audience())))
                        .set(NOTICE.PARAMS, json.writeValueAsString(notice.params()))
                        .set(NOTICE.URGENT, notice.urgent())
                        .set(NOTICE.ATTACHMENT_NAME, attachment == null ? null : attachment.name())
                        .set(NOTICE.ATTACHMENT_TYPE, attachment == null ? null : attachment.contentType())
                        .set(NOTICE.ATTACHMENT, attachment == null ? null : attachment.text())
                        .onConflictDoNothing())
                .then(Reactive.run(transaction.select(DSL.function(DSL.name("pg_notify"), Object.class,
                        DSL.val(QUEUED_CHANNEL), DSL.val(notice.town())))));
    }

    static List<Map<String, String>> encode(List<Audience> audience) {
        var encoded = new ArrayList<Map<String, String>>();
        for (var one : audience) {
            var entry = new LinkedHashMap<String, String>();
            switch (one) {
                case Audience.Holders holders -> {
                    entry.put("role", holders.role().name());
                    if (holders.organisation() != null) {
                        entry.put("organisation", holders.organisation().toString());
                    }
                }
                case Audience.Person person -> entry.put("person", person.subject());
                case Audience.Phone phone -> entry.put("phone", phone.phone());
            }
            encoded.add(entry);
        }
        return encoded;
    }

    static List<Audience> decode(List<Map<String, String>> encoded) {
        var audience = new ArrayList<Audience>();
        for (var entry : encoded) {
            if (entry.containsKey("role")) {
                var organisation = entry.get("organisation");
                audience.add(new Audience.Holders(org.townalliance.identity.TownRole.valueOf(entry.get("role")),
                        organisation == null ? null : java.util.UUID.fromString(organisation)));
            } else if (entry.containsKey("person")) {
                audience.add(new Audience.Person(entry.get("person")));
            } else if (entry.containsKey("phone")) {
                audience.add(new Audience.Phone(entry.get("phone")));
            }
        }
        return audience;
    }
}
