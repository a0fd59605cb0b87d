package org.townalliance.notifications;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.townalliance.db.BackgroundLoop;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * The replica's notifications loop, one round at a time: fan-out, then deliveries. A round runs every poll interval and
 * at once when a notice is queued anywhere (LISTEN), so that a message is in its inbox well under a second after the
 * change. {@code alliance.notifications.loops=false} turns it off (a replica that only serves requests).
 */
@Component
class NotificationLoops extends BackgroundLoop {

    private final FanOut fanOut;
    private final Deliveries deliveries;
    private final InboxFeed feed;
    private final NotificationsProperties properties;
    private final boolean enabled;

    NotificationLoops(FanOut fanOut, Deliveries deliveries, InboxFeed feed, NotificationsProperties properties,
                      @Value("${alliance.notifications.loops:true}") boolean enabled) {
        super("Notifications");
        this.fanOut = fanOut;
        this.deliveries = deliveries;
        this.feed = feed;
        this.properties = properties;
        this.enabled = enabled;
    }

    @Override
    protected Duration interval() {
        return properties.pollInterval();
    }

    @Override
    protected Flux<?> wakeUps() {
        return feed.noticesQueued();
    }

    @Override
    protected boolean enabled() {
        return enabled;
    }

    @Override
    protected Mono<Long> round() {
        return fanOut.round().flatMap(notices -> deliveries.round().map(sent -> notices + sent));
    }
}
