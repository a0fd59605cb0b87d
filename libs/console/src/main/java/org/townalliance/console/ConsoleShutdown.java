package org.townalliance.console;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * Ends the console's open streams (live boards) when this replica shuts down, before the web server's graceful
 * shutdown waits for them: the browsers reconnect at once, to another replica, with the last event they saw.
 */
@Component
class ConsoleShutdown implements SmartLifecycle {

    private final Sinks.Empty<Void> closing = Sinks.empty();
    private volatile boolean running;

    Mono<Void> closing() {
        return closing.asMono();
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        closing.tryEmitEmpty();
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
