package org.townalliance.console;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.ClientAuthorizationRequiredException;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveRefreshTokenTokenResponseClient;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultReactiveOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.server.WebSessionServerOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;

import java.time.Duration;

/**
 * A person's tokens (the authorized client) live in their session, not in this process: with the session store shared
 * (Redis, {@link ConsoleSessions}) any replica finds them. An access token about to expire (production: 300 s) is
 * refreshed with the refresh token when the console next needs it, on a page or on the live board.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleAuthorizedClients {

    /** Refreshed this long before expiry, so a token never expires between being handed out and reaching the API. */
    static final Duration REFRESH_AHEAD = Duration.ofSeconds(10);

    @Bean
    ServerOAuth2AuthorizedClientRepository consoleAuthorizedClientRepository() {
        return new WebSessionServerOAuth2AuthorizedClientRepository();
    }

    @Bean
    ReactiveOAuth2AuthorizedClientManager consoleAuthorizedClientManager(ReactiveClientRegistrationRepository registrations,
                                                                         ServerOAuth2AuthorizedClientRepository authorizedClients) {
        var refreshClient = new WebClientReactiveRefreshTokenTokenResponseClient();
        refreshClient.setWebClient(KeycloakCalls.client());
        var provider = ReactiveOAuth2AuthorizedClientProviderBuilder.builder()
                .authorizationCode()
                .refreshToken(refresh -> refresh.clockSkew(REFRESH_AHEAD).accessTokenResponseClient(refreshClient))
                .build();
        var manager = new DefaultReactiveOAuth2AuthorizedClientManager(registrations, authorizedClients);
        manager.setAuthorizedClientProvider(provider);
        return request -> manager.authorize(request).onErrorMap(ConsoleAuthorizedClients::failure);
    }

    /**
     * Keycloak not answering a refresh: "login service unavailable" (503), not an internal error. Keycloak refusing the
     * refresh token (the single-sign-on session ended or was revoked; the failure handler has already removed the spent
     * tokens): the person is sent to log in again.
     */
    private static Throwable failure(Throwable failure) {
        if (failure instanceof OAuth2AuthorizationException refused
                && OAuth2ErrorCodes.INVALID_GRANT.equals(refused.getError().getErrorCode())) {
            return new ClientAuthorizationRequiredException(ConsoleSecurity.REGISTRATION);
        }
        return LoginService.classify(failure);
    }
}
