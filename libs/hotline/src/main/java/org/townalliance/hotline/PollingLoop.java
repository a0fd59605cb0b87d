package org.townalliance.hotline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * One background loop of a replica (deadline timers, the city-hotline outbox, retention): a round every
 * {@link #interval()}, never two at once, a failed round logged and the next one tried as usual; started and
 * stopped with the application.
 */
abstract class PollingLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PollingLoop.class);

    private final String name;
    private volatile Disposable loop;

    PollingLoop(String name) {
        this.name = name;
    }

    abstract Duration interval();

    /** One round of work at the clock's time. */
    abstract Mono<?> round();

    @Override
    public void start() {
        loop = Flux.interval(interval())
                .onBackpressureDrop()
                .concatMap(tick -> round().onErrorResume(failure -> {
                    log.warn("{} round failed: {}", name, failure.toString());
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
