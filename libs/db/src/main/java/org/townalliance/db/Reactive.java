package org.townalliance.db;

import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * How a jOOQ query publisher becomes a Mono here. {@code Mono.from(query)} cancels the query right
 * after its first row; inside a jOOQ transaction that cancellation reaches the R2DBC connection
 * mid-statement (seen here: a transaction that completed empty). These drain the query instead.
 */
public final class Reactive {

    private Reactive() {
    }

    /** The query's only row, or empty; fails if it returns several. */
    public static <T> Mono<T> one(Publisher<T> query) {
        return Flux.from(query).singleOrEmpty();
    }

    /** Runs the statement to completion and discards what it returns. */
    public static Mono<Void> run(Publisher<?> statement) {
        return Flux.from(statement).then();
    }
}
