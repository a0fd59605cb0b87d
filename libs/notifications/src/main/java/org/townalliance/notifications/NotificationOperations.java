package org.townalliance.notifications;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import org.townalliance.db.Reactive;
import org.townalliance.tenancy.AllTowns;
import org.townalliance.web.Page;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.List;

import static org.townalliance.db.jooq.platform.Tables.NOTICE;
import static org.townalliance.db.jooq.platform.Tables.NOTIFICATION_DELIVERY;
import static org.townalliance.db.jooq.platform.Tables.NOTIFICATION_SMS_USAGE;

/** What the platform admin sees and does: dead deliveries and notices (and sends them again), figures per channel, SMS use per town. */
@Service
class NotificationOperations {

    record DeadDelivery(long id, String town, NoticeKind kind, Channel channel, String address, int attempts, String lastError,
                        OffsetDateTime createdAt) {
    }

    record DeadNotice(long id, String town, NoticeKind kind, int attempts, String lastError, OffsetDateTime createdAt) {
    }

    record ChannelFigures(Channel channel, int sent, int pending, int deferred, int dead, Double p99SecondsToSend) {
    }

    record SmsUse(String town, String month, int sent, int quota) {
    }

    record Figures(OffsetDateTime since, List<ChannelFigures> channels, int noticesWaiting, int noticesDead, List<SmsUse> sms) {
    }

    private final DSLContext platform;
    private final Clock clock;
    private final AllTowns towns;
    private final TownNotificationSetup setup;

    NotificationOperations(DSLContext platform, Clock clock, AllTowns towns, TownNotificationSetup setup) {
        this.platform = platform;
        this.clock = clock;
        this.towns = towns;
        this.setup = setup;
    }

    /** Addresses are masked: the admin needs to see that a delivery died and why, not whom it was for. */
    Mono<Page<DeadDelivery>> deadDeliveries(String town, Long after, int limit) {
        return Flux.from(platform.selectFrom(NOTIFICATION_DELIVERY).where(NOTIFICATION_DELIVERY.STATUS.eq(Deliveries.Status.DEAD.name()))
                        .and(town == null ? DSL.noCondition() : NOTIFICATION_DELIVERY.TOWN.eq(town))
                        .and(after == null ? DSL.noCondition() : NOTIFICATION_DELIVERY.ID.lt(after))
                        .orderBy(NOTIFICATION_DELIVERY.ID.desc()).limit(limit + 1))
                .map(row -> new DeadDelivery(row.getId(), row.getTown(), NoticeKind.valueOf(row.getKind()), Channel.valueOf(row.getChannel()),
                        mask(Channel.valueOf(row.getChannel()), row.getAddress()), row.getAttempts(), row.getLastError(), row.getCreatedAt()))
                .collectList()
                .map(rows -> rows.size() > limit ? new Page<>(rows.subList(0, limit), Long.toString(rows.get(limit - 1).id())) : new Page<>(rows, null));
    }

    Flux<DeadNotice> deadNotices() {
        return Flux.from(platform.selectFrom(NOTICE).where(NOTICE.DEAD_AT.isNotNull()).orderBy(NOTICE.ID.desc()).limit(200))
                .map(row -> new DeadNotice(row.getId(), row.getTown(), NoticeKind.valueOf(row.getKind()), row.getAttempts(), row.getLastError(),
                        row.getCreatedAt()));
    }

    /** Sends a dead delivery again from the first attempt (once its cause is mended). */
    Mono<Void> retryDelivery(long id) {
        return Reactive.one(platform.update(NOTIFICATION_DELIVERY)
                        .set(NOTIFICATION_DELIVERY.STATUS, Deliveries.Status.PENDING.name()).set(NOTIFICATION_DELIVERY.ATTEMPTS, 0)
                        .set(NOTIFICATION_DELIVERY.NEXT_ATTEMPT_AT, OffsetDateTime.now(clock))
                        .where(NOTIFICATION_DELIVERY.ID.eq(id)).and(NOTIFICATION_DELIVERY.STATUS.eq(Deliveries.Status.DEAD.name()))
                        .returning(NOTIFICATION_DELIVERY.ID))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("unknown-dead-delivery", "No dead delivery has this id.")))
                .then();
    }

    Mono<Void> retryNotice(long id) {
        return Reactive.one(platform.update(NOTICE).setNull(NOTICE.DEAD_AT).set(NOTICE.ATTEMPTS, 0)
                        .set(NOTICE.NEXT_ATTEMPT_AT, OffsetDateTime.now(clock))
                        .where(NOTICE.ID.eq(id)).and(NOTICE.DEAD_AT.isNotNull()).returning(NOTICE.ID))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("unknown-dead-notice", "No dead notice has this id.")))
                .then();
    }

    /** The last {@code period}'s deliveries by channel, with the p99 from queueing to sending, and this month's SMS per town. */
    Mono<Figures> figures(Duration period) {
        var since = OffsetDateTime.now(clock).minus(period);
        var d = NOTIFICATION_DELIVERY;
        var seconds = DSL.field("extract(epoch from {0} - {1})", Double.class, d.SENT_AT, d.CREATED_AT);
        var channels = Flux.from(platform.select(d.CHANNEL,
                                DSL.count().filterWhere(d.STATUS.eq(Deliveries.Status.SENT.name())),
                                DSL.count().filterWhere(d.STATUS.eq(Deliveries.Status.PENDING.name())),
                                DSL.count().filterWhere(d.STATUS.eq(Deliveries.Status.PENDING.name()).and(d.DEFERRED.isTrue())),
                                DSL.count().filterWhere(d.STATUS.eq(Deliveries.Status.DEAD.name())),
                                DSL.percentileCont(0.99).withinGroupOrderBy(seconds).filterWhere(d.SENT_AT.isNotNull()))
                        .from(d).where(d.CREATED_AT.ge(since)).groupBy(d.CHANNEL).orderBy(d.CHANNEL))
                .map(row -> new ChannelFigures(Channel.valueOf(row.value1()), row.value2(), row.value3(), row.value4(), row.value5(),
                        row.value6() == null ? null : row.value6().doubleValue()))
                .collectList();
        var notices = Reactive.one(platform.select(DSL.count().filterWhere(NOTICE.FANNED_OUT_AT.isNull().and(NOTICE.DEAD_AT.isNull())),
                DSL.count().filterWhere(NOTICE.DEAD_AT.isNotNull())).from(NOTICE));
        var month = YearMonth.from(clock.instant().atZone(java.time.ZoneOffset.ofHours(8))).toString();
        var sms = Flux.from(platform.selectFrom(NOTIFICATION_SMS_USAGE).where(NOTIFICATION_SMS_USAGE.MONTH.eq(month))
                        .orderBy(NOTIFICATION_SMS_USAGE.SENT.desc()).limit(200))
                .map(row -> new SmsUse(row.getTown(), row.getMonth(), row.getSent(), row.getQuota())).collectList();
        return Mono.zip(channels, notices, sms).map(found -> new Figures(since, found.getT1(), found.getT2().value1(), found.getT2().value2(),
                found.getT3()));
    }

    /** A town's SMS this month against its quota. */
    Mono<SmsQuota> quota(String slug) {
        var month = YearMonth.from(clock.instant().atZone(java.time.ZoneOffset.ofHours(8))).toString();
        return towns.find(slug).switchIfEmpty(Mono.error(() -> ProblemException.notFound("town-not-found", "No such town.")))
                .flatMap(town -> setup.settings(towns.dsl(town)))
                .zipWith(Reactive.one(platform.select(NOTIFICATION_SMS_USAGE.SENT).from(NOTIFICATION_SMS_USAGE)
                        .where(NOTIFICATION_SMS_USAGE.TOWN.eq(slug)).and(NOTIFICATION_SMS_USAGE.MONTH.eq(month))).map(r -> r.value1()).defaultIfEmpty(0))
                .map(found -> new SmsQuota(slug, month, found.getT2(), found.getT1().smsMonthlyQuota()));
    }

    record SmsQuota(String town, String month, int sent, int quota) {
    }

    static String mask(Channel channel, String address) {
        return switch (channel) {
            case EMAIL -> address.replaceAll("^(.).*(@.*)$", "$1***$2");
            case SMS -> address.length() > 7 ? address.substring(0, 3) + "****" + address.substring(address.length() - 4) : "****";
            default -> address;
        };
    }
}
