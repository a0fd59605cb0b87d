package org.townalliance.platform;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import reactor.core.publisher.Hooks;

/** The platform API: one process serving the platform admin and every town. */
@SpringBootApplication(scanBasePackages = "org.townalliance")
public class PlatformApplication {

    private static final Logger log = LoggerFactory.getLogger(PlatformApplication.class);

    public static void main(String[] args) {
        installReactorHooks();
        SpringApplication.run(PlatformApplication.class, args);
    }

    /**
     * Queries cancelled mid-flight (client gone, timeout) may still fail afterwards; Reactor then
     * reports the late error as "dropped". It is expected and carries no data, so it is logged quietly
     * instead of as an error with a stack trace.
     */
    public static void installReactorHooks() {
        Hooks.onErrorDropped(failure -> log.debug("Error after cancellation (dropped): {}", failure.toString()));
    }
}
