package org.townalliance.db;

import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.postgresql.api.PostgresqlConnection;
import io.r2dbc.spi.ConnectionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * PostgreSQL's LISTEN on one dedicated connection (outside the pool, which would hand it to others), reconnecting with
 * backoff when it drops: how replicas hear of each other's changes without a broker. What is announced with
 * {@code pg_notify} inside a transaction arrives on commit, never for a rollback.
 */
public final class Listening {

    /** One notification: its channel and payload. */
    public record Heard(String channel, String payload) {
    }

    private static final Logger log = LoggerFactory.getLogger(Listening.class);
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private Listening() {
    }

    /** Listens on the channels until cancelled; a drop (database restart) is logged and the connection opened again. */
    public static Flux<Heard> on(ConnectionFactory connections, String... channels) {
        for (var channel : channels) {
            if (!NAME.matcher(channel).matches()) {
                throw new IllegalArgumentException("not a channel name: " + channel);
            }
        }
        var factory = connections instanceof ConnectionPool pool ? pool.unwrap() : connections;
        // LISTEN has no jOOQ form; the names are checked constants.
        return Mono.from(factory.create())
                .cast(PostgresqlConnection.class)
                .flatMapMany(connection -> Flux.fromArray(channels)
                        .concatMap(channel -> connection.createStatement("LISTEN " + channel).execute().flatMap(result -> result.getRowsUpdated()))
                        .thenMany(connection.getNotifications())
                        .doFinally(signal -> Mono.from(connection.close()).subscribe()))
                .filter(notification -> notification.getParameter() != null)
                .map(notification -> new Heard(notification.getName(), notification.getParameter()))
                .doOnError(failure -> log.warn("LISTEN {} interrupted, reconnecting: {}", String.join(",", channels), failure.toString()))
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(10)));
    }
}
