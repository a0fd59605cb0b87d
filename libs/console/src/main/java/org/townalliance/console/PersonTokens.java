package org.townalliance.console;

import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.ReactiveOAuth2AuthorizedClientManager;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebSession;
import reactor.core.publisher.Mono;

/**
 * The signed-in person's current tokens for a request that outlives one access token (the live board): refreshed
 * when due, and the session saved at once, since a stream's response was committed long ago and would not save it
 * (other replicas then see the new tokens, not the spent ones). Saved only when the token changed, not on every event.
 */
@Component
class PersonTokens {

    private static final String LAST_HANDED_OUT = PersonTokens.class.getName() + ".token";

    private final ReactiveOAuth2AuthorizedClientManager manager;

    PersonTokens(ReactiveOAuth2AuthorizedClientManager manager) {
        this.manager = manager;
    }

    Mono<OAuth2AuthorizedClient> current(Authentication login, ServerWebExchange exchange) {
        var request = OAuth2AuthorizeRequest.withClientRegistrationId(ConsoleSecurity.REGISTRATION).principal(login)
                .attribute(ServerWebExchange.class.getName(), exchange).build();
        return manager.authorize(request).flatMap(client -> {
            var token = client.getAccessToken().getTokenValue();
            if (token.equals(exchange.getAttributes().put(LAST_HANDED_OUT, token))) {
                return Mono.just(client); // unchanged: nothing to save
            }
            return exchange.getSession().flatMap(WebSession::save).thenReturn(client);
        });
    }
}
