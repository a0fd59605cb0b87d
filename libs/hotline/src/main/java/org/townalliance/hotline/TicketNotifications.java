package org.townalliance.hotline;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.ConnectionFactory;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.townalliance.db.Reactive;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.retry.Retry;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;

/**
 * Fan-out of ticket changes across API replicas without a broker: a change is announced with
 * {@code pg_notify} inside the transaction that makes it (delivered on commit, never for a rollback), and
 * every replica LISTENs on one dedicated connection (outside the pool) and multicasts to its SSE subscribers.
 */
@Component
class TicketNotifications implements SmartLifecycle {

    static final String CHANNEL = "ticket_changes";
    private static final Logger log = LoggerFactory.getLogger(TicketNotifications.class);
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
        var factory = connectionFactory instanceof ConnectionPool pool ? pool.unwrap() : connectionFactory;
        // LISTEN has no jOOQ form; the statement is a constant.
        listening = Mono.from(factory.create())
                .cast(PostgresqlConnection.class)
                .flatMapMany(connection -> connection.createStatement("LISTEN " + CHANNEL).execute()
                        .flatMap(result -> result.getRowsUpdated()).thenMany(connection.getNotifications())
                        .doFinally(signal -> Mono.from(connection.close()).subscribe()))
                .mapNotNull(notification -> notification.getParameter())
                .map(payload -> JSON.readValue(payload, TicketChange.class))
                .doOnError(failure -> log.warn("Ticket notifications interrupted, reconnecting: {}", failure.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(10)))
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
