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
                "secret", false));
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
}
