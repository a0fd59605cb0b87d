package org.townalliance.hotline;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.platform.tables.records.CityHotlineOutboxRecord;
import org.townalliance.db.jooq.town.tables.records.CityHotlineEndpointRecord;
import org.townalliance.db.jooq.town.tables.records.TicketRecord;
import org.townalliance.tenancy.AllTowns;
import org.townalliance.web.OutboundAddresses;
import org.townalliance.web.SecretsAtRest;
import reactor.netty.http.client.HttpClient;
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
class CityHotlineOutbox extends org.townalliance.db.BackgroundLoop {

    static final String SIGNATURE_HEADER = "X-Alliance-Signature";
    static final String DELIVERY_HEADER = "X-Alliance-Delivery";
    private static final Logger log = LoggerFactory.getLogger(CityHotlineOutbox.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int BATCH = 50;
    private static final int TOWN_LANES = 64;
    private static final java.time.Duration LEASE = java.time.Duration.ofMinutes(2);

    private final DSLContext platform;
    private final AllTowns towns;
    private final HotlineProperties properties;
    private final Clock clock;
    private final OutboundAddresses egress;
    /** Towns whose lane is delivering now (this replica); the lanes end when the application stops. */
    private final java.util.Set<String> busy = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final reactor.core.publisher.Sinks.Empty<Void> stopping = reactor.core.publisher.Sinks.empty();
    /** Redirects are never followed: the endpoint the town set, checked, is the only one posted to. */
    private final HttpClient http = HttpClient.create().followRedirect(false)
            .option(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000);

    private final SecretsAtRest secrets;

    private final org.townalliance.notifications.Notices notices;

    CityHotlineOutbox(DSLContext platform, AllTowns towns, HotlineProperties properties, Clock clock, OutboundAddresses egress,
                      SecretsAtRest secrets, org.townalliance.notifications.Notices notices) {
        super("City hotline outbox");
        this.notices = notices;
        this.platform = platform;
        this.towns = towns;
        this.properties = properties;
        this.clock = clock;
        this.egress = egress;
        this.secrets = secrets;
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

    /**
     * Starts delivering what is due at {@code now}; answers how many messages were claimed. Each town has its own lane,
     * one message at a time, and a round does not wait for the lanes: a town whose lane is still busy (its endpoint slow
     * or hung) is not claimed for, so it costs one timeout at a time and never holds up other towns. After a failure
     * the rest of that town's batch waits for a later round (released, no attempt counted).
     */
    Mono<Long> deliverDue(Instant now) {
        if (busy.size() >= TOWN_LANES) {
            return Mono.just(0L);
        }
        return claim(now, java.util.Set.copyOf(busy)).collectList().map(claimed -> {
            var byTown = claimed.stream().collect(java.util.stream.Collectors.groupingBy(
                    CityHotlineOutboxRecord::getTown, LinkedHashMap::new, java.util.stream.Collectors.toList()));
            byTown.forEach((town, lane) -> {
                if (busy.add(town)) {
                    deliverInTurn(lane, now).takeUntilOther(stopping.asMono()).doFinally(signal -> busy.remove(town))
                            .subscribe(null, failure -> log.warn("City hotline lane of town {} failed: {}", town, failure.toString()));
                } else {
                    Flux.fromIterable(lane).concatMap(this::release).subscribe();
                }
            });
            return (long) claimed.size();
        });
    }

    @Override
    public void stop() {
        super.stop();
        stopping.tryEmitEmpty();
    }

    private Mono<Long> deliverInTurn(java.util.List<CityHotlineOutboxRecord> lane, Instant now) {
        var failed = new java.util.concurrent.atomic.AtomicBoolean();
        return Flux.fromIterable(lane).concatMap(message -> failed.get()
                        ? release(message).thenReturn(0L)
                        : deliver(message, now, failed).thenReturn(1L))
                .reduce(0L, Long::sum);
    }

    /** Claimed but not attempted this round: free again, as if never claimed. */
    private Mono<Void> release(CityHotlineOutboxRecord message) {
        return Reactive.run(platform.update(CITY_HOTLINE_OUTBOX)
                .setNull(CITY_HOTLINE_OUTBOX.LEASE_UNTIL)
                .set(CITY_HOTLINE_OUTBOX.ATTEMPTS, CITY_HOTLINE_OUTBOX.ATTEMPTS.minus(1))
                .where(CITY_HOTLINE_OUTBOX.ID.eq(message.getId())));
    }

    /** Leases due messages (the oldest undelivered one of each ticket) so no other replica sends them meanwhile. */
    private Flux<CityHotlineOutboxRecord> claim(Instant now, java.util.Set<String> busyTowns) {
        var o = CITY_HOTLINE_OUTBOX.as("o");
        var earlier = CITY_HOTLINE_OUTBOX.as("earlier");
        var at = TicketWrites.at(now);
        var due = DSL.select(o.ID).from(o)
                .where(o.DELIVERED_AT.isNull()).and(o.DEAD_AT.isNull()).and(o.NEXT_ATTEMPT_AT.le(at))
                .and(busyTowns.isEmpty() ? DSL.noCondition() : o.TOWN.notIn(busyTowns))
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

    private Mono<Void> deliver(CityHotlineOutboxRecord message, Instant now, java.util.concurrent.atomic.AtomicBoolean failed) {
        return towns.find(message.getTown())
                .flatMap(town -> Reactive.one(towns.dsl(town).selectFrom(CITY_HOTLINE_ENDPOINT)))
                .switchIfEmpty(Mono.error(() -> new DeliveryFailed("no endpoint set")))
                // The endpoint is checked again now (its name may resolve elsewhere than when it was set) and the
                // connection goes to the address checked.
                .flatMap(endpoint -> egress.destination(endpoint.getUrl()).flatMap(address -> post(endpoint, address, message, now)))
                .timeout(properties.outboxTimeout())
                .doOnError(failure -> failed.set(true))
                .then(Reactive.run(platform.update(CITY_HOTLINE_OUTBOX)
                        .set(CITY_HOTLINE_OUTBOX.DELIVERED_AT, TicketWrites.at(clock.instant()))
                        .setNull(CITY_HOTLINE_OUTBOX.LEASE_UNTIL).setNull(CITY_HOTLINE_OUTBOX.LAST_ERROR)
                        .where(CITY_HOTLINE_OUTBOX.ID.eq(message.getId()))))
                .onErrorResume(failure -> failed(message, now, failure));
    }

    private Mono<Void> post(CityHotlineEndpointRecord endpoint, java.net.InetSocketAddress address, CityHotlineOutboxRecord message,
                            Instant now) {
        var uri = java.net.URI.create(endpoint.getUrl());
        var timestamp = Long.toString(now.getEpochSecond());
        String secret;
        try {
            secret = secrets.open(endpoint.getSigningSecret(), CityHotlineController.signingPurpose(message.getTown()));
        } catch (IllegalStateException unreadable) {
            log.error("City hotline delivery {} of town {}: {}", message.getId(), message.getTown(), unreadable.getMessage());
            return Mono.error(new DeliveryFailed("signing secret unreadable"));
        }
        var client = http.remoteAddress(() -> address);
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            client = client.secure();
        }
        var path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return client.headers(headers -> headers.set(io.netty.handler.codec.http.HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                        .set(DELIVERY_HEADER, Long.toString(message.getId()))
                        .set(SIGNATURE_HEADER, "t=" + timestamp + ",v1=" + sign(secret, timestamp, message.getPayload())))
                .post().uri(path)
                .send(reactor.netty.ByteBufFlux.fromString(Mono.just(message.getPayload())))
                .responseSingle((response, body) -> body.then(Mono.just(response.status().code())))
                .flatMap(status -> status / 100 == 2 ? Mono.<Void>empty() : Mono.error(new DeliveryFailed("HTTP " + status)));
    }

    /** A failure recorded for the secretariat in coarse words: never a network detail that would map the cluster. */
    private static final class DeliveryFailed extends RuntimeException {
        DeliveryFailed(String category) {
            super(category, null, false, false);
        }
    }

    static String category(Throwable failure) {
        return switch (failure) {
            case DeliveryFailed known -> known.getMessage();
            case OutboundAddresses.Refused refused -> refused.category();
            case java.util.concurrent.TimeoutException timeout -> "timeout";
            case io.netty.channel.ConnectTimeoutException timeout -> "timeout";
            case java.net.ConnectException refused -> "connection refused";
            case javax.net.ssl.SSLException tls -> "TLS failure";
            default -> failure.getCause() != null && failure.getCause() != failure ? category(failure.getCause()) : "network failure";
        };
    }

    private Mono<Void> failed(CityHotlineOutboxRecord message, Instant now, Throwable failure) {
        var error = category(failure);
        var dead = message.getAttempts() >= properties.outboxMaxAttempts();
        log.info("City hotline delivery {} of town {} failed (attempt {}{}): {} ({})", message.getId(), message.getTown(),
                message.getAttempts(), dead ? ", now dead" : "", error, failure.toString());
        // A dead message tells the operations centre, in the transaction that records it dead.
        return Reactive.one(platform.transactionPublisher(trx -> Reactive.run(trx.dsl().update(CITY_HOTLINE_OUTBOX)
                        .set(CITY_HOTLINE_OUTBOX.LAST_ERROR, error.length() > 500 ? error.substring(0, 500) : error)
                        .setNull(CITY_HOTLINE_OUTBOX.LEASE_UNTIL)
                        .set(CITY_HOTLINE_OUTBOX.NEXT_ATTEMPT_AT, TicketWrites.at(now.plus(properties.retryAfter(message.getAttempts()))))
                        .set(CITY_HOTLINE_OUTBOX.DEAD_AT, dead ? TicketWrites.at(now) : null)
                        .where(CITY_HOTLINE_OUTBOX.ID.eq(message.getId())))
                .then(dead ? notices.queue(trx.dsl(), org.townalliance.notifications.Notice.of(message.getTown(),
                        org.townalliance.notifications.NoticeKind.CITY_DELIVERY_DEAD, "city-outbox:" + message.getId(),
                        java.util.List.of(org.townalliance.notifications.Audience.operationsCentre()),
                        java.util.Map.of("number", String.valueOf(JSON.readTree(message.getPayload()).path("ticketNumber").asText()),
                                "error", error, "path", "/console/towns/" + message.getTown() + "/hotline-settings"))) : Mono.empty())
                .thenReturn(true))).then();
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
    protected Duration interval() {
        return properties.outboxPollInterval();
    }

    @Override
    protected Mono<?> round() {
        return deliverDue(clock.instant());
    }
}
