package org.townalliance.notifications;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.platform.tables.records.NotificationDeliveryRecord;
import org.townalliance.tenancy.AllTowns;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.YearMonth;

import static org.townalliance.db.jooq.platform.Tables.NOTIFICATION_DELIVERY;
import static org.townalliance.db.jooq.platform.Tables.NOTIFICATION_SMS_USAGE;

/**
 * Sends what is due: deliveries are leased with SKIP LOCKED (a replica that dies mid-send leaves them to another after
 * the lease: at least once; e-mail carries {@code X-Alliance-Delivery} for receivers to drop repeats), sent, and marked
 * SENT, or retried with exponential backoff and DEAD after the last attempt (or at once when retrying cannot help).
 * An SMS first takes one from the town's monthly quota, in one statement, so that replicas never overspend it.
 */
@Component
class Deliveries extends org.townalliance.db.BackgroundLoop {

    enum Status { PENDING, SENT, DEAD }

    private static final Logger log = LoggerFactory.getLogger(Deliveries.class);
    private static final int BATCH = 100;

    private final DSLContext platform;
    private final Channels channels;
    private final AllTowns towns;
    private final TownNotificationSetup setup;
    private final NotificationsProperties properties;
    private final Clock clock;

    private final FanOut fanOut;
    private final boolean enabled;

    Deliveries(DSLContext platform, Channels channels, AllTowns towns, TownNotificationSetup setup, NotificationsProperties properties,
               Clock clock, FanOut fanOut, @org.springframework.beans.factory.annotation.Value("${alliance.notifications.loops:true}") boolean enabled) {
        super("Notifications deliveries");
        this.fanOut = fanOut;
        this.enabled = enabled;
        this.platform = platform;
        this.channels = channels;
        this.towns = towns;
        this.setup = setup;
        this.properties = properties;
        this.clock = clock;
    }

    @Override
    protected java.time.Duration interval() {
        return properties.pollInterval();
    }

    /** A round at once when this replica has fanned out; what other replicas fanned out is found by polling. */
    @Override
    protected Flux<?> wakeUps() {
        return fanOut.fannedOut();
    }

    @Override
    protected boolean enabled() {
        return enabled;
    }

    /** Sends what is due now, batch after batch while batches come full; answers how many were claimed. */
    @Override
    protected Mono<Long> round() {
        return batch().expand(claimed -> claimed == BATCH ? batch() : Mono.empty()).reduce(0L, Long::sum);
    }

    private Mono<Long> batch() {
        var now = clock.instant();
        var due = DSL.select(NOTIFICATION_DELIVERY.ID).from(NOTIFICATION_DELIVERY)
                .where(NOTIFICATION_DELIVERY.STATUS.eq(Status.PENDING.name())).and(NOTIFICATION_DELIVERY.NEXT_ATTEMPT_AT.le(FanOut.at(now)))
                .and(NOTIFICATION_DELIVERY.LEASE_UNTIL.isNull().or(NOTIFICATION_DELIVERY.LEASE_UNTIL.lt(FanOut.at(now))))
                .orderBy(NOTIFICATION_DELIVERY.NEXT_ATTEMPT_AT).limit(BATCH).forUpdate().skipLocked();
        return Flux.from(platform.update(NOTIFICATION_DELIVERY)
                        .set(NOTIFICATION_DELIVERY.LEASE_UNTIL, FanOut.at(now.plus(properties.lease())))
                        .set(NOTIFICATION_DELIVERY.ATTEMPTS, NOTIFICATION_DELIVERY.ATTEMPTS.plus(1))
                        .where(NOTIFICATION_DELIVERY.ID.in(due)).returning())
                .flatMap(delivery -> deliver(delivery).thenReturn(1L), 8)
                .reduce(0L, Long::sum);
    }

    private Mono<Long> deliver(NotificationDeliveryRecord delivery) {
        var quota = Channel.SMS.name().equals(delivery.getChannel()) ? takeFromQuota(delivery) : Mono.<Void>empty();
        return quota.then(channels.send(delivery).timeout(properties.sendTimeout()))
                .then(Reactive.run(platform.update(NOTIFICATION_DELIVERY)
                        .set(NOTIFICATION_DELIVERY.STATUS, Status.SENT.name())
                        .set(NOTIFICATION_DELIVERY.SENT_AT, FanOut.at(clock.instant()))
                        .setNull(NOTIFICATION_DELIVERY.LEASE_UNTIL).setNull(NOTIFICATION_DELIVERY.LAST_ERROR)
                        .where(NOTIFICATION_DELIVERY.ID.eq(delivery.getId()))).thenReturn(1L))
                .onErrorResume(failure -> failed(delivery, failure).thenReturn(0L));
    }

    /** One SMS of the town's month, if any is left (a concurrent replica sees the count this one wrote). */
    private Mono<Void> takeFromQuota(NotificationDeliveryRecord delivery) {
        var month = YearMonth.from(clock.instant().atZone(java.time.ZoneOffset.ofHours(8))).toString();
        return towns.find(delivery.getTown()).flatMap(town -> setup.settings(towns.dsl(town)))
                .defaultIfEmpty(TownNotificationSetup.Settings.DEFAULTS)
                // The month's row first (nothing counted), then one taken only while the count is under the quota: a
                // single conditional update, so that replicas sending at once never overspend it.
                .flatMap(settings -> Reactive.run(platform.insertInto(NOTIFICATION_SMS_USAGE)
                                .set(NOTIFICATION_SMS_USAGE.TOWN, delivery.getTown()).set(NOTIFICATION_SMS_USAGE.MONTH, month)
                                .set(NOTIFICATION_SMS_USAGE.SENT, 0).set(NOTIFICATION_SMS_USAGE.QUOTA, settings.smsMonthlyQuota())
                                .onConflictDoNothing())
                        .then(Reactive.one(platform.update(NOTIFICATION_SMS_USAGE)
                                .set(NOTIFICATION_SMS_USAGE.SENT, NOTIFICATION_SMS_USAGE.SENT.plus(1))
                                // The quota as the town has it now, beside the count: the platform admin reads both in one table.
                                .set(NOTIFICATION_SMS_USAGE.QUOTA, settings.smsMonthlyQuota())
                                .where(NOTIFICATION_SMS_USAGE.TOWN.eq(delivery.getTown())).and(NOTIFICATION_SMS_USAGE.MONTH.eq(month))
                                .and(NOTIFICATION_SMS_USAGE.SENT.lt(settings.smsMonthlyQuota()))
                                .returningResult(NOTIFICATION_SMS_USAGE.SENT))))
                .switchIfEmpty(Mono.error(() -> new Channels.Permanent("SMS quota used up")))
                .then();
    }

    private Mono<Void> failed(NotificationDeliveryRecord delivery, Throwable failure) {
        var now = clock.instant();
        var permanent = failure instanceof Channels.Permanent;
        var dead = permanent || delivery.getAttempts() >= properties.maxAttempts();
        var error = permanent ? failure.getMessage() : category(failure);
        log.info("Notification delivery {} ({} to town {}'s {}) failed (attempt {}{}): {}", delivery.getId(), delivery.getChannel(),
                delivery.getTown(), delivery.getKind(), delivery.getAttempts(), dead ? ", now dead" : "", failure.toString());
        return Reactive.run(platform.update(NOTIFICATION_DELIVERY)
                .set(NOTIFICATION_DELIVERY.LAST_ERROR, FanOut.cut(error, 500))
                .setNull(NOTIFICATION_DELIVERY.LEASE_UNTIL)
                .set(NOTIFICATION_DELIVERY.STATUS, dead ? Status.DEAD.name() : Status.PENDING.name())
                .set(NOTIFICATION_DELIVERY.NEXT_ATTEMPT_AT, FanOut.at(now.plus(properties.retryAfter(delivery.getAttempts()))))
                .where(NOTIFICATION_DELIVERY.ID.eq(delivery.getId())));
    }

    /** A failure in coarse words for the platform admin: never an address or a provider's secret detail. */
    static String category(Throwable failure) {
        return switch (failure) {
            case java.util.concurrent.TimeoutException timeout -> "timeout";
            case io.netty.channel.ConnectTimeoutException timeout -> "timeout";
            case java.net.ConnectException refused -> "connection refused";
            case org.springframework.mail.MailAuthenticationException auth -> "SMTP authentication failed";
            case org.springframework.mail.MailSendException send -> "SMTP refused the message";
            case org.springframework.mail.MailException mail -> "SMTP failure";
            case IllegalStateException state when state.getMessage() != null && state.getMessage().startsWith("HTTP ") -> state.getMessage();
            case IllegalStateException state when state.getMessage() != null && state.getMessage().startsWith("robot answered") -> state.getMessage();
            default -> failure.getCause() != null && failure.getCause() != failure ? category(failure.getCause()) : "send failed";
        };
    }
}
