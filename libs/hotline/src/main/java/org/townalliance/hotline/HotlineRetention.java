package org.townalliance.hotline;

import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.townalliance.db.Reactive;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import static org.townalliance.db.jooq.platform.Tables.CITY_HOTLINE_OUTBOX;
import static org.townalliance.db.jooq.platform.Tables.HOTLINE_TIMER;

/**
 * Keeps the platform-wide hotline queues small: fired deadline timers and delivered city-hotline messages older
 * than the retention are removed (in batches, so no long transaction), once an interval per replica. Unfired
 * timers, undelivered and dead messages are never removed; the tickets keep their own history (events).
 */
@Component
public class HotlineRetention extends org.townalliance.db.BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(HotlineRetention.class);
    private static final int BATCH = 5_000;

    private final DSLContext platform;
    private final HotlineProperties properties;
    private final Clock clock;

    HotlineRetention(DSLContext platform, HotlineProperties properties, Clock clock) {
        super("Hotline retention");
        this.platform = platform;
        this.properties = properties;
        this.clock = clock;
    }

    /** Removes what is older than the retention at {@code now}; answers how many rows went. */
    public Mono<Long> prune(Instant now) {
        var cutoff = TicketWrites.at(now.minus(properties.retention()));
        var timers = batches(() -> Reactive.one(platform.deleteFrom(HOTLINE_TIMER).where(HOTLINE_TIMER.ID.in(
                platform.select(HOTLINE_TIMER.ID).from(HOTLINE_TIMER).where(HOTLINE_TIMER.FIRED_AT.lt(cutoff)).limit(BATCH)))));
        var messages = batches(() -> Reactive.one(platform.deleteFrom(CITY_HOTLINE_OUTBOX).where(CITY_HOTLINE_OUTBOX.ID.in(
                platform.select(CITY_HOTLINE_OUTBOX.ID).from(CITY_HOTLINE_OUTBOX).where(CITY_HOTLINE_OUTBOX.DELIVERED_AT.lt(cutoff)).limit(BATCH)))));
        return timers.zipWith(messages, Long::sum).doOnNext(removed -> {
            if (removed > 0) {
                log.info("Hotline retention removed {} fired timers and delivered messages older than {}", removed, properties.retention());
            }
        });
    }

    /** Deletes batch after batch until one removes less than a full batch. */
    private static Mono<Long> batches(java.util.function.Supplier<Mono<Integer>> batch) {
        return batch.get().expand(removed -> removed == BATCH ? batch.get() : Mono.empty()).map(Integer::longValue).reduce(0L, Long::sum);
    }

    @Override
    protected Duration interval() {
        return properties.retentionInterval();
    }

    @Override
    protected Mono<?> round() {
        return prune(clock.instant());
    }
}
