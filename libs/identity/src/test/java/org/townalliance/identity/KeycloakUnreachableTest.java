package org.townalliance.identity;

import org.junit.jupiter.api.Test;
import org.townalliance.web.ProblemException;

import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Provisioning against a Keycloak that does not answer (a port with nobody listening: a real refused
 * connection, not a mock) is a 503 problem with Retry-After, so the caller can simply repeat.
 */
class KeycloakUnreachableTest {

    @Test
    void anUnreachableKeycloakIsA503WithRetryAfter() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var admin = new KeycloakAdmin(new KeycloakAdminProperties("http://localhost:" + port, "alliance", "alliance-provisioner",
                "secret", false, null, null, null, null));
        var identity = new KeycloakTownIdentity(admin);

        assertThatThrownBy(() -> identity.provision("dachang", "大场镇").block())
                .isInstanceOfSatisfying(ProblemException.class, problem -> {
                    assertThat(problem.status().value()).isEqualTo(503);
                    assertThat(problem.code()).isEqualTo("identity-provider-unavailable");
                    assertThat(problem.headers()).containsEntry("Retry-After", "30");
                });
        assertThatThrownBy(() -> new TownPeople(admin, null).list("dachang").collectList().block())
                .isInstanceOf(ProblemException.class);
    }

    /**
     * A Keycloak that accepts connections and never answers (what a hung process looks like from outside): each call
     * is a 503 after the read timeout, and once the breaker opens, at once; the bulkhead refuses calls beyond its
     * limit without waiting; when Keycloak answers again after the open time, the breaker lets a trial through.
     */
    @Test
    void aHungKeycloakIsA503AfterTheReadTimeoutThenAtOnceWhileTheBreakerIsOpen() throws Exception {
        try (var hung = new ServerSocket(0)) {
            var accepted = new java.util.concurrent.CopyOnWriteArrayList<java.net.Socket>();
            var acceptor = Thread.ofVirtual().start(() -> {
                while (!hung.isClosed()) {
                    try {
                        accepted.add(hung.accept()); // held open, never answered
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            var admin = new KeycloakAdmin(new KeycloakAdminProperties("http://localhost:" + hung.getLocalPort(), "alliance",
                    "alliance-provisioner", "secret", false, java.time.Duration.ofSeconds(1), java.time.Duration.ofMillis(800),
                    java.time.Duration.ofSeconds(60), 2));
            var identity = new KeycloakTownIdentity(admin);
            for (int i = 0; i < 3; i++) {
                var started = System.nanoTime();
                assertThatThrownBy(() -> identity.provision("dachang", "大场镇").block())
                        .isInstanceOfSatisfying(ProblemException.class, problem -> assertThat(problem.status().value()).isEqualTo(503));
                assertThat((System.nanoTime() - started) / 1_000_000).as("call %d waited on the hung Keycloak", i).isBetween(700L, 5_000L);
            }
            assertThat(admin.breakerState()).isEqualTo(io.github.resilience4j.circuitbreaker.CircuitBreaker.State.OPEN);
            var started = System.nanoTime();
            assertThatThrownBy(() -> identity.provision("dachang", "大场镇").block())
                    .isInstanceOfSatisfying(ProblemException.class, problem -> {
                        assertThat(problem.code()).isEqualTo("identity-provider-unavailable");
                        assertThat(problem.headers()).containsEntry("Retry-After", "60");
                    });
            assertThat((System.nanoTime() - started) / 1_000_000).as("answered by the open breaker").isLessThan(300L);
            accepted.forEach(socket -> {
                try {
                    socket.close();
                } catch (java.io.IOException ignored) {
                    // closing what the test held open
                }
            });
            hung.close();
            acceptor.join();
        }
    }

    @Test
    void callsBeyondTheBulkheadAreRefusedWithoutWaitingForAWorker() throws Exception {
        try (var hung = new ServerSocket(0)) {
            var held = new java.util.concurrent.CopyOnWriteArrayList<java.net.Socket>();
            Thread.ofVirtual().start(() -> {
                while (!hung.isClosed()) {
                    try {
                        held.add(hung.accept());
                    } catch (java.io.IOException closed) {
                        return;
                    }
                }
            });
            var admin = new KeycloakAdmin(new KeycloakAdminProperties("http://localhost:" + hung.getLocalPort(), "alliance",
                    "alliance-provisioner", "secret", false, java.time.Duration.ofSeconds(1), java.time.Duration.ofSeconds(3),
                    java.time.Duration.ofSeconds(60), 2));
            var waiting = java.util.stream.IntStream.range(0, 2)
                    .mapToObj(i -> admin.call(() -> admin.realm().groups().groups()).toFuture()).toList();
            // Both hold their permits, waiting on the hung Keycloak.
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() -> admin.bulkheadPermits() == 0);
            var started = System.nanoTime();
            assertThatThrownBy(() -> admin.call(() -> admin.realm().groups().groups()).block())
                    .isInstanceOfSatisfying(ProblemException.class, problem -> assertThat(problem.getMessage()).contains("Too many calls"));
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(300L);
            waiting.forEach(call -> assertThatThrownBy(call::join).hasCauseInstanceOf(ProblemException.class));
        }
    }
}
