package org.townalliance.hotline;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.platform.tables.records.CityHotlineOutboxRecord;
import org.townalliance.db.jooq.town.tables.records.TicketRecord;
import org.townalliance.tenancy.AllTowns;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;

import static org.townalliance.db.jooq.platform.Tables.CITY_HOTLINE_OUTBOX;
import static org.townalliance.db.jooq.town.Tables.CITY_HOTLINE_ENDPOINT;

/**
 * Sends every change of a city-hotline (12345) case back to the city: queued in the transaction of the
 * change, then delivered at least once, in order per ticket, HMAC-signed, with exponential backoff; after
 * the last attempt the message is dead (and holds back the ticket's later ones) until the secretariat
 * replays it. One loop per replica serves every town; replicas share the work with SKIP LOCKED and leases.
 */
@Component
class CityHotlineOutbox extends PollingLoop {

    static final String SIGNATURE_HEADER = "X-Alliance-Signature";
    static final String DELIVERY_HEADER = "X-Alliance-Delivery";
    private static final Logger log = LoggerFactory.getLogger(CityHotlineOutbox.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int BATCH = 50;
    private static final java.time.Duration LEASE = java.time.Duration.ofMinutes(2);

    private final DSLContext platform;
    private final AllTowns towns;
    private final HotlineProperties properties;
    private final Clock clock;
    private final WebClient http = WebClient.create();

    CityHotlineOutbox(DSLContext platform, AllTowns towns, HotlineProperties properties, Clock clock) {
        super("City hotline outbox");
        this.platform = platform;
        this.towns = towns;
        this.properties = properties;
        this.clock = clock;
    }

    /** Queues the change for the city; call inside the transaction that makes it. */
    static Mono<Void> enqueue(DSLContext trx, String slug, TicketRecord ticket, String action, String note, OffsetDateTime occurredAt) {
        var payload = new LinkedHashMap<String, Object>();
        payload.put("town", slug);
        payload.put("caseId", ticket.getCityCaseId());
        payload.put("ticketNumber", ticket.getNumber());
        payload.put("event", action);
        payload.put("status", ticket.getStatus());
        payload.put("open311Status", Open311Format.status(ticket.getStatus()));
        payload.put("note", note);
        payload.put("occurredAt", occurredAt.toString());
        return Reactive.run(trx.insertInto(CITY_HOTLINE_OUTBOX)
                .set(CITY_HOTLINE_OUTBOX.TOWN, slug)
                .set(CITY_HOTLINE_OUTBOX.TICKET_ID, ticket.getId())
                .set(CITY_HOTLINE_OUTBOX.CITY_CASE_ID, ticket.getCityCaseId())
                .set(CITY_HOTLINE_OUTBOX.PAYLOAD, JSON.writeValueAsString(payload)));
    }

    /** Delivers what is due at {@code now}; answers how many messages were attempted. */
    Mono<Long> deliverDue(Instant now) {
        return claim(now).collectList().flatMapIterable(claimed -> claimed).flatMap(message -> deliver(message, now), 8).count();
    }

    /** Leases due messages (the oldest undelivered one of each ticket) so no other replica sends them meanwhile. */
    private Flux<CityHotlineOutboxRecord> claim(Instant now) {
        var o = CITY_HOTLINE_OUTBOX.as("o");
        var earlier = CITY_HOTLINE_OUTBOX.as("earlier");
        var at = TicketWrites.at(now);
        var due = DSL.select(o.ID).from(o)
                .where(o.DELIVERED_AT.isNull()).and(o.DEAD_AT.isNull()).and(o.NEXT_ATTEMPT_AT.le(at))
                .and(o.LEASE_UNTIL.isNull().or(o.LEASE_UNTIL.lt(at)))
                .andNotExists(DSL.selectOne().from(earlier).where(earlier.TICKET_ID.eq(o.TICKET_ID))
                        .and(earlier.ID.lt(o.ID)).and(earlier.DELIVERED_AT.isNull()))
                .orderBy(o.ID).limit(BATCH).forUpdate().skipLocked();
        return Flux.from(platform.update(CITY_HOTLINE_OUTBOX)
                .set(CITY_HOTLINE_OUTBOX.LEASE_UNTIL, TicketWrites.at(now.plus(LEASE)))
                .set(CITY_HOTLINE_OUTBOX.ATTEMPTS, CITY_HOTLINE_OUTBOX.ATTEMPTS.plus(1))
                .where(CITY_HOTLINE_OUTBOX.ID.in(due))
                .returning());
    }

    private Mono<Void> deliver(CityHotlineOutboxRecord message, Instant now) {
        return towns.find(message.getTown())
                .flatMap(town -> Reactive.one(towns.dsl(town).selectFrom(CITY_HOTLINE_ENDPOINT)))
                .switchIfEmpty(Mono.error(() -> new IllegalStateException("no city endpoint is configured for this town")))
                .flatMap(endpoint -> {
                    var timestamp = Long.toString(now.getEpochSecond());
                    return http.post().uri(endpoint.getUrl())
                            .contentType(MediaType.APPLICATION_JSON)
                            .header(DELIVERY_HEADER, Long.toString(message.getId()))
                            .header(SIGNATURE_HEADER, "t=" + timestamp + ",v1=" + sign(endpoint.getSigningSecret(), timestamp, message.getPayload()))
                            .bodyValue(message.getPayload())
                            .retrieve().toBodilessEntity()
                            .timeout(properties.outboxTimeout());
                })
                .then(Reactive.run(platform.update(CITY_HOTLINE_OUTBOX)
                        .set(CITY_HOTLINE_OUTBOX.DELIVERED_AT, TicketWrites.at(clock.instant()))
                        .setNull(CITY_HOTLINE_OUTBOX.LEASE_UNTIL).setNull(CITY_HOTLINE_OUTBOX.LAST_ERROR)
                        .where(CITY_HOTLINE_OUTBOX.ID.eq(message.getId()))))
                .onErrorResume(failure -> failed(message, now, failure));
    }

    private Mono<Void> failed(CityHotlineOutboxRecord message, Instant now, Throwable failure) {
        var error = failure instanceof WebClientResponseException response ? "HTTP " + response.getStatusCode().value()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        var dead = message.getAttempts() >= properties.outboxMaxAttempts();
        log.info("City hotline delivery {} of town {} failed (attempt {}{}): {}", message.getId(), message.getTown(),
                message.getAttempts(), dead ? ", now dead" : "", error);
        return Reactive.run(platform.update(CITY_HOTLINE_OUTBOX)
                .set(CITY_HOTLINE_OUTBOX.LAST_ERROR, error.length() > 500 ? error.substring(0, 500) : error)
                .setNull(CITY_HOTLINE_OUTBOX.LEASE_UNTIL)
                .set(CITY_HOTLINE_OUTBOX.NEXT_ATTEMPT_AT, TicketWrites.at(now.plus(properties.retryAfter(message.getAttempts()))))
                .set(CITY_HOTLINE_OUTBOX.DEAD_AT, dead ? TicketWrites.at(now) : null)
                .where(CITY_HOTLINE_OUTBOX.ID.eq(message.getId())));
    }

    /** HMAC-SHA256 over {@code "<timestamp>.<body>"}, hex: the receiver recomputes it with the shared secret. */
    static String sign(String secret, String timestamp, String body) {
        try {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    @Override
    Duration interval() {
        return properties.outboxPollInterval();
    }

    @Override
    Mono<?> round() {
        return deliverDue(clock.instant());
    }
}
