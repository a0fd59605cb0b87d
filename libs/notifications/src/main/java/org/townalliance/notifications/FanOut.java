package org.townalliance.notifications;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.platform.tables.records.NoticeRecord;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.AllTowns;
import org.townalliance.tenancy.Town;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.townalliance.db.jooq.platform.Tables.NOTICE;
import static org.townalliance.db.jooq.platform.Tables.NOTIFICATION;
import static org.townalliance.db.jooq.platform.Tables.NOTIFICATION_DELIVERY;

/**
 * Turns queued notices into messages: for each, who is in its audience now, in which words (the town's or the
 * platform's, in each person's language) and on which channels (the person's choices, the town's channels, quiet hours
 * for SMS), written in one transaction: the in-app notifications (one per notice and person: a repeat adds nothing),
 * the deliveries, the notice marked done, and a wake-up for the inboxes. Notices are leased with SKIP LOCKED, so two
 * replicas never fan out the same one; a failure (Keycloak not answering) is retried with backoff.
 */
@Component
class FanOut extends org.townalliance.db.BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(FanOut.class);
    private static final int BATCH = 50;
    private static final TypeReference<List<Map<String, String>>> AUDIENCE = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> PARAMS = new TypeReference<>() { };

    private final DSLContext platform;
    private final AllTowns towns;
    private final Recipients recipients;
    private final Preferences preferences;
    private final TownNotificationSetup setup;
    private final List<NoticeLinks> links;
    private final Channels channels;
    private final JsonMapper json;
    private final Clock clock;
    private final NotificationsProperties properties;
    private final String consoleUrl;

    private final InboxFeed feed;
    private final boolean enabled;
    /** This replica's fan-outs wake its deliveries at once (others' are found by polling). */
    private final reactor.core.publisher.Sinks.Many<Boolean> fannedOut = reactor.core.publisher.Sinks.many().multicast().directBestEffort();

    FanOut(DSLContext platform, AllTowns towns, Recipients recipients, Preferences preferences, TownNotificationSetup setup,
           List<NoticeLinks> links, Channels channels, JsonMapper json, Clock clock, NotificationsProperties properties,
           @Value("${alliance.console.url:http://localhost:8080}") String consoleUrl, InboxFeed feed,
           @Value("${alliance.notifications.loops:true}") boolean enabled) {
        super("Notifications fan-out");
        this.feed = feed;
        this.enabled = enabled;
        this.platform = platform;
        this.towns = towns;
        this.recipients = recipients;
        this.preferences = preferences;
        this.setup = setup;
        this.links = links;
        this.channels = channels;
        this.json = json;
        this.clock = clock;
        this.properties = properties;
        this.consoleUrl = consoleUrl.endsWith("/") ? consoleUrl.substring(0, consoleUrl.length() - 1) : consoleUrl;
    }

    @Override
    protected java.time.Duration interval() {
        return properties.pollInterval();
    }

    /** A round at once whenever a notice is queued on any replica. */
    @Override
    protected Flux<?> wakeUps() {
        return feed.noticesQueued();
    }

    @Override
    protected boolean enabled() {
        return enabled;
    }

    /** Ticks when this replica has fanned notices out (their deliveries wait). */
    Flux<Boolean> fannedOut() {
        return fannedOut.asFlux();
    }

    /** Fans out what is due, batch after batch while batches come full; answers how many notices were claimed. */
    @Override
    protected Mono<Long> round() {
        return batch().expand(claimed -> claimed == BATCH ? batch() : Mono.empty()).reduce(0L, Long::sum)
                .doOnNext(claimed -> {
                    if (claimed > 0) {
                        fannedOut.tryEmitNext(true);
                    }
                });
    }

    private Mono<Long> batch() {
        var now = clock.instant();
        var due = DSL.select(NOTICE.ID).from(NOTICE)
                .where(NOTICE.FANNED_OUT_AT.isNull()).and(NOTICE.DEAD_AT.isNull()).and(NOTICE.NEXT_ATTEMPT_AT.le(at(now)))
                .and(NOTICE.LEASE_UNTIL.isNull().or(NOTICE.LEASE_UNTIL.lt(at(now))))
                .orderBy(NOTICE.ID).limit(BATCH).forUpdate().skipLocked();
        return Flux.from(platform.update(NOTICE)
                        .set(NOTICE.LEASE_UNTIL, at(now.plus(properties.lease())))
                        .set(NOTICE.ATTEMPTS, NOTICE.ATTEMPTS.plus(1))
                        .where(NOTICE.ID.in(due)).returning())
                .flatMap(notice -> fanOut(notice).onErrorResume(failure -> failed(notice, failure)).thenReturn(1L), 4)
                .reduce(0L, Long::sum);
    }

    private Mono<Void> fanOut(NoticeRecord row) {
        var kind = NoticeKind.valueOf(row.getKind());
        var audience = Notices.decode(json.readValue(row.getAudience(), AUDIENCE));
        var notice = new Notice(row.getTown(), kind, row.getDedupKey(), audience, json.readValue(row.getParams(), PARAMS),
                row.getUrgent(), null);
        return towns.find(row.getTown()).switchIfEmpty(Mono.error(() -> new IllegalStateException("town unknown")))
                .flatMap(town -> {
                    var dsl = towns.dsl(town);
                    return Mono.zip(recipients.of(town.slug(), dsl, audience).collectList(), params(town, notice),
                                    setup.settings(dsl), setup.ownTemplates(dsl),
                                    setup.robotsFor(dsl, organisations(audience), kind).collectList())
                            .flatMap(found -> preferences.of(found.getT1().stream().map(Recipients.Recipient::subject)
                                            .filter(java.util.Objects::nonNull).toList())
                                    .flatMap(chosen -> write(row, town, notice, found.getT1(), found.getT2(), found.getT3(), found.getT4(),
                                            found.getT5(), chosen)));
                });
    }

    /** The notice's parameters, the town's name, the console link of its path and what other modules add. */
    private Mono<Map<String, String>> params(Town town, Notice notice) {
        var params = new HashMap<>(notice.params());
        params.put("town", town.nameZh());
        if (params.containsKey("path")) {
            params.put("link", consoleUrl + params.get("path"));
        }
        return Flux.fromIterable(links).concatMap(provider -> provider.links(notice)).doOnNext(params::putAll)
                .then(Mono.fromCallable(() -> Map.copyOf(params)));
    }

    private static List<UUID> organisations(List<Audience> audience) {
        return audience.stream().filter(one -> one instanceof Audience.Holders h && h.organisation() != null
                        && h.role() == TownRole.ORG_MANAGER)
                .map(one -> ((Audience.Holders) one).organisation()).distinct().toList();
    }

    private Mono<Void> write(NoticeRecord row, Town town, Notice notice, List<Recipients.Recipient> people, Map<String, String> params,
                             TownNotificationSetup.Settings settings, Map<String, Wording.Text> own,
                             List<org.townalliance.db.jooq.town.tables.records.NotificationRobotRecord> robots,
                             Map<String, Preferences.Preference> chosen) {
        var now = clock.instant();
        var kind = notice.kind();
        var writes = new ArrayList<java.util.function.Function<DSLContext, org.reactivestreams.Publisher<?>>>();
        var told = new LinkedHashSet<String>();
        for (var person : people) {
            var preference = person.resident() ? null : chosen.getOrDefault(person.subject(), Preferences.defaults());
            var locale = preference == null ? "zh-CN" : preference.locale();
            var wording = Wording.render(own.getOrDefault(kind.name() + "/" + locale, Wording.platform(kind, locale)), params);
            var wanted = person.resident() ? kind.defaultChannels() : preference.channelsFor(kind);
            var link = params.get("link");
            if (!person.resident() && wanted.contains(Channel.IN_APP)) {
                writes.add(tx -> tx.insertInto(NOTIFICATION)
                        .set(NOTIFICATION.NOTICE_ID, row.getId()).set(NOTIFICATION.TOWN, town.slug())
                        .set(NOTIFICATION.PERSON, person.subject()).set(NOTIFICATION.KIND, kind.name())
                        .set(NOTIFICATION.TITLE, cut(wording.title(), 300)).set(NOTIFICATION.BODY, cut(wording.body(), 2000))
                        .set(NOTIFICATION.LINK, link).set(NOTIFICATION.CREATED_AT, at(now))
                        .onConflictDoNothing());
                told.add(person.subject());
            }
            if (wanted.contains(Channel.EMAIL) && settings.emailEnabled() && channels.emailConfigured() && person.email() != null) {
                writes.add(delivery(row, town, kind, person.subject(), Channel.EMAIL, person.email(), locale, wording, link, at(now), false));
            }
            if (wanted.contains(Channel.SMS) && settings.smsEnabled() && person.phone() != null) {
                var quiet = preference == null ? QuietHours.night(town.timezone()) : preference.quietHours();
                var sendAt = notice.urgent() || kind.answersTheRecipient() ? now : quiet.sendAt(now);
                writes.add(delivery(row, town, kind, person.subject(), Channel.SMS, person.phone(), locale, wording, link, at(sendAt),
                        sendAt.isAfter(now)));
            }
        }
        if (settings.robotsEnabled()) {
            var wording = Wording.render(own.getOrDefault(kind.name() + "/zh-CN", Wording.platform(kind, "zh-CN")), params);
            for (var robot : robots) {
                writes.add(delivery(row, town, kind, null, Channel.ROBOT, robot.getId().toString(), "zh-CN", wording, params.get("link"),
                        at(now), false));
            }
        }
        return Reactive.one(platform.transactionPublisher(trx -> {
            var tx = trx.dsl();
            return Flux.fromIterable(writes).concatMap(write -> Reactive.run(write.apply(tx)))
                    .then(Reactive.run(tx.update(NOTICE).set(NOTICE.FANNED_OUT_AT, at(clock.instant())).setNull(NOTICE.LEASE_UNTIL)
                            .setNull(NOTICE.LAST_ERROR).where(NOTICE.ID.eq(row.getId()))))
                    .thenMany(Flux.fromIterable(told).concatMap(person -> Reactive.run(tx.select(DSL.function(DSL.name("pg_notify"),
                            Object.class, DSL.val(InboxFeed.CHANNEL), DSL.val(person))))))
                    .then(Mono.just(true));
        })).then();
    }

    private java.util.function.Function<DSLContext, org.reactivestreams.Publisher<?>> delivery(NoticeRecord row, Town town, NoticeKind kind, String person, Channel channel, String address, String locale,
                                    Wording.Text wording, String link, OffsetDateTime due, boolean deferred) {
        // The provider's template gets the parameters it was approved with (residents': number and link).
        var smsParams = kind.forResidents()
                ? Map.of("number", paramsOf(row).getOrDefault("number", ""), "link", link == null ? "" : link)
                : Map.of("title", wording.title(), "link", link == null ? "" : link);
        var created = at(clock.instant());
        return tx -> tx.insertInto(NOTIFICATION_DELIVERY)
                .set(NOTIFICATION_DELIVERY.NOTICE_ID, row.getId()).set(NOTIFICATION_DELIVERY.TOWN, town.slug())
                .set(NOTIFICATION_DELIVERY.KIND, kind.name()).set(NOTIFICATION_DELIVERY.PERSON, person)
                .set(NOTIFICATION_DELIVERY.CHANNEL, channel.name()).set(NOTIFICATION_DELIVERY.ADDRESS, address)
                .set(NOTIFICATION_DELIVERY.LOCALE, locale)
                .set(NOTIFICATION_DELIVERY.TITLE, cut(wording.title(), 300)).set(NOTIFICATION_DELIVERY.BODY, cut(wording.body(), 2000))
                .set(NOTIFICATION_DELIVERY.LINK, link)
                .set(NOTIFICATION_DELIVERY.TEMPLATE_PARAMS, channel == Channel.SMS ? json.writeValueAsString(smsParams) : null)
                .set(NOTIFICATION_DELIVERY.STATUS, Deliveries.Status.PENDING.name())
                .set(NOTIFICATION_DELIVERY.DEFERRED, deferred).set(NOTIFICATION_DELIVERY.CREATED_AT, created)
                .set(NOTIFICATION_DELIVERY.NEXT_ATTEMPT_AT, due)
                .onConflictDoNothing();
    }

    private Map<String, String> paramsOf(NoticeRecord row) {
        return json.readValue(row.getParams(), PARAMS);
    }

    private Mono<Void> failed(NoticeRecord notice, Throwable failure) {
        var now = clock.instant();
        var dead = notice.getAttempts() >= properties.maxAttempts();
        log.warn("Notice {} of town {} not fanned out (attempt {}{}): {}", notice.getId(), notice.getTown(), notice.getAttempts(),
                dead ? ", now dead" : "", failure.toString());
        var error = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return Reactive.run(platform.update(NOTICE)
                .set(NOTICE.LAST_ERROR, cut(error, 500)).setNull(NOTICE.LEASE_UNTIL)
                .set(NOTICE.NEXT_ATTEMPT_AT, at(now.plus(properties.retryAfter(notice.getAttempts()))))
                .set(NOTICE.DEAD_AT, dead ? at(now) : null)
                .where(NOTICE.ID.eq(notice.getId())));
    }

    static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    static OffsetDateTime at(Instant instant) {
        return OffsetDateTime.ofInstant(instant.truncatedTo(java.time.temporal.ChronoUnit.MICROS), ZoneOffset.UTC);
    }
}
