package org.townalliance.db;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;

/**
 * One background loop of a replica (deadline timers, the city-hotline outbox, retention, notifications): a round every
 * {@link #interval()} and whenever {@link #wakeUps()} says there is work, never two at once (wake-ups during a round are
 * folded into the next one), a failed round logged and the next one tried as usual; started and stopped with the
 * application.
 */
public abstract class BackgroundLoop implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BackgroundLoop.class);

    private final String name;
    private volatile Disposable loop;

    protected BackgroundLoop(String name) {
        this.name = name;
    }

    protected abstract Duration interval();

    /** One round of work at the clock's time. */
    protected abstract Mono<?> round();

    /** Signals that work is waiting now (e.g. a LISTEN channel), besides the interval; none by default. */
    protected Flux<?> wakeUps() {
        return Flux.empty();
    }

    /** {@code false}: this replica runs no rounds (the others do the work). */
    protected boolean enabled() {
        return true;
    }

    @Override
    public void start() {
        if (!enabled()) {
            return;
        }
        loop = Flux.merge(Flux.interval(interval()), wakeUps())
                .onBackpressureLatest()
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
