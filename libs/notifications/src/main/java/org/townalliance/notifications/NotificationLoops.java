package org.townalliance.notifications;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;


/**
 * The replica's two loops, one round at a time each: fan-out, then deliveries. A round runs every poll interval and at
 * once when a notice is queued anywhere (LISTEN), so that a message is in its inbox well under a second after the
 * change; wake-ups that come during a round are folded into the next one. {@code alliance.notifications.loops=false}
 * turns them off (a replica that only serves requests).
 */
@Component
class NotificationLoops implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NotificationLoops.class);

    private final FanOut fanOut;
    private final Deliveries deliveries;
    private final InboxFeed feed;
    private final NotificationsProperties properties;
    private final boolean enabled;
    private volatile Disposable loop;

    NotificationLoops(FanOut fanOut, Deliveries deliveries, InboxFeed feed, NotificationsProperties properties,
                      @Value("${alliance.notifications.loops:true}") boolean enabled) {
        this.fanOut = fanOut;
        this.deliveries = deliveries;
        this.feed = feed;
        this.properties = properties;
        this.enabled = enabled;
    }

    /** One round of both loops now, for tests and operations. */
    Mono<Long> runOnce() {
        return fanOut.round().flatMap(notices -> deliveries.round().map(sent -> notices + sent));
    }

    @Override
    public void start() {
        if (!enabled) {
            return;
        }
        var ticks = Flux.merge(Flux.interval(properties.pollInterval()).map(tick -> true), feed.noticesQueued());
        loop = ticks.onBackpressureLatest()
                .concatMap(tick -> runOnce().onErrorResume(failure -> {
                    log.warn("Notifications round failed: {}", failure.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        if (loop != null) {
            loop.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return loop != null && !loop.isDisposed();
    }

}
