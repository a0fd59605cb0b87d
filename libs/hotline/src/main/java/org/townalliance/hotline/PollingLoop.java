package org.townalliance.hotline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * One background loop of a replica (deadline timers, the city-hotline outbox): a round every
 * {@code interval}, never two at once, a failed round logged and the next one tried as usual.
 */
final class PollingLoop {

    private static final Logger log = LoggerFactory.getLogger(PollingLoop.class);

    private final String name;
    private volatile Disposable loop;

    PollingLoop(String name) {
        this.name = name;
    }

    void start(Duration interval, Supplier<Mono<?>> round) {
        loop = Flux.interval(interval)
                .onBackpressureDrop()
                .concatMap(tick -> round.get().onErrorResume(failure -> {
                    log.warn("{} round failed: {}", name, failure.toString());
                    return Mono.empty();
                }), 1)
                .subscribe();
    }

    void stop() {
        if (loop != null) {
            loop.dispose();
        }
    }

    boolean isRunning() {
        return loop != null && !loop.isDisposed();
    }
}
