package org.townalliance.notifications;

import io.r2dbc.spi.ConnectionFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.townalliance.db.Listening;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * What every replica hears from the database: a person's inbox changed ({@link #CHANNEL}, payload = the person; from
 * the fan-out and from marking read on any replica) and a notice was queued ({@link Notices#QUEUED_CHANNEL}), which
 * wakes the loops at once. One LISTEN connection per replica.
 */
@Component
class InboxFeed implements SmartLifecycle {

    static final String CHANNEL = "notifications_inbox";

    private final ConnectionFactory connections;
    private final Sinks.Many<String> inboxes = Sinks.many().multicast().directBestEffort();
    private final Sinks.Many<Boolean> queued = Sinks.many().multicast().directBestEffort();
    private final Sinks.Empty<Void> closing = Sinks.empty();
    private volatile Disposable listening;

    InboxFeed(ConnectionFactory connections) {
        this.connections = connections;
    }

    /** The people whose inbox changed, as it happens. */
    Flux<String> inboxChanges() {
        return inboxes.asFlux();
    }

    /** A tick whenever a notice is queued on any replica. */
    Flux<Boolean> noticesQueued() {
        return queued.asFlux();
    }

    /** Completes when this replica stops: streams end then and browsers reconnect elsewhere. */
    Mono<Void> closing() {
        return closing.asMono();
    }

    @Override
    public void start() {
        listening = Listening.on(connections, CHANNEL, Notices.QUEUED_CHANNEL).subscribe(heard -> {
            // Runs on the LISTEN connection's thread, one at a time; nobody listening just drops it.
            if (CHANNEL.equals(heard.channel())) {
                inboxes.tryEmitNext(heard.payload());
            } else {
                queued.tryEmitNext(true);
            }
        });
    }

    @Override
    public void stop() {
        closing.tryEmitEmpty();
        if (listening != null) {
            listening.dispose();
        }
    }

    @Override
    public int getPhase() {
        // Started before and stopped after the loops (the default phase), which it wakes.
        return SmartLifecycle.DEFAULT_PHASE - 1;
    }

    @Override
    public boolean isRunning() {
        return listening != null && !listening.isDisposed();
    }
}
