package org.townalliance.console;

import io.netty.channel.ChannelOption;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

import java.time.Duration;

/** The console's HTTP client for Keycloak's endpoints (login, refresh): a hung Keycloak costs seconds, not minutes. */
final class KeycloakCalls {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(5);
    /** The whole login after Keycloak's page: code exchange, keys, user info. */
    static final Duration LOGIN_TIMEOUT = Duration.ofSeconds(12);

    private KeycloakCalls() {
    }

    static WebClient client() {
        var http = HttpClient.create().responseTimeout(RESPONSE_TIMEOUT)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis());
        return WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
    }
}
