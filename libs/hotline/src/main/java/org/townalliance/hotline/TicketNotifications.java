package org.townalliance.hotline;

import io.r2dbc.spi.ConnectionFactory;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.townalliance.db.Listening;
import org.townalliance.db.Reactive;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import tools.jackson.databind.json.JsonMapper;


/**
 * Fan-out of ticket changes across API replicas without a broker: a change is announced with
 * {@code pg_notify} inside the transaction that makes it (delivered on commit, never for a rollback), and
 * every replica LISTENs on one dedicated connection (outside the pool) and multicasts to its SSE subscribers.
 */
@Component
class TicketNotifications implements SmartLifecycle {

    static final String CHANNEL = "ticket_changes";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ConnectionFactory connectionFactory;
    private final Sinks.Many<TicketChange> changes = Sinks.many().multicast().directBestEffort();
    private final Sinks.Empty<Void> closing = Sinks.empty();
    private volatile Disposable listening;

    TicketNotifications(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    /** Announces a change; call inside the transaction that makes it. */
    static Mono<Void> announce(DSLContext tx, TicketChange change) {
        return Reactive.run(tx.select(DSL.function(DSL.name("pg_notify"), Object.class,
                DSL.val(CHANNEL), DSL.val(JSON.writeValueAsString(change)))));
    }

    Flux<TicketChange> changes() {
        return changes.asFlux();
    }

    /**
     * Completes when this replica shuts down: live boards end their streams then, so a graceful shutdown
     * does not wait for them and their clients reconnect (to another replica) with Last-Event-ID.
     */
    Mono<Void> closing() {
        return closing.asMono();
    }

    @Override
    public void start() {
        listening = Listening.on(connectionFactory, CHANNEL)
                .map(heard -> JSON.readValue(heard.payload(), TicketChange.class))
                .subscribe(this::publish);
    }

    /** Runs on the LISTEN connection's thread, one at a time: a board with nobody watching just drops it. */
    private void publish(TicketChange change) {
        changes.tryEmitNext(change);
    }

    @Override
    public void stop() {
        closing.tryEmitEmpty();
        if (listening != null) {
            listening.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return listening != null && !listening.isDisposed();
    }
}
