package org.townalliance.console;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.client.oidc.web.server.logout.OidcClientInitiatedServerLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.InMemoryReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ReactiveClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.server.DefaultServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.XorServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

import io.netty.channel.ChannelOption;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.oauth2.client.endpoint.OAuth2AuthorizationCodeGrantRequest;
import org.springframework.security.oauth2.client.endpoint.ReactiveOAuth2AccessTokenResponseClient;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveAuthorizationCodeTokenResponseClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;

import java.time.Duration;
import java.util.Map;

/**
 * The console is a backend-for-frontend: people log in on Keycloak's own page (authorization code with
 * PKCE, public client {@code alliance-console}), the browser holds only a session cookie, and the
 * console calls the API with the person's access token, so the API's access rules apply unchanged.
 * Forms carry a CSRF token; logging out ends the Keycloak session too. This chain covers the console's
 * paths only; the API keeps its stateless bearer-token chain.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

    static final String REGISTRATION = "keycloak";

    /** Built from the issuer, without discovery at start-up: the platform starts even while Keycloak does not answer. */
    @Bean
    ReactiveClientRegistrationRepository consoleClientRegistrations(@Value("${alliance.oidc.issuer-uri}") String issuer,
                                                                    @Value("${alliance.console.client-id:alliance-console}") String clientId) {
        var oidc = issuer + "/protocol/openid-connect";
        return new InMemoryReactiveClientRegistrationRepository(ClientRegistration.withRegistrationId(REGISTRATION)
                .clientId(clientId)
                .clientAuthenticationMethod(ClientAuthenticationMethod.NONE) // public client: PKCE instead of a secret
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope("openid", "profile")
                .authorizationUri(oidc + "/auth")
                .tokenUri(oidc + "/token")
                .jwkSetUri(oidc + "/certs")
                .userInfoUri(oidc + "/userinfo")
                .userNameAttributeName("preferred_username")
                .issuerUri(issuer)
                .providerConfigurationMetadata(Map.of("end_session_endpoint", oidc + "/logout"))
                .clientName("Keycloak")
                .build());
    }

    /**
     * The code-for-token exchange at login with bounded waits: Keycloak not answering makes the login
     * fail in seconds (the person tries again) instead of leaving the browser waiting.
     */
    @Bean
    ReactiveOAuth2AccessTokenResponseClient<OAuth2AuthorizationCodeGrantRequest> consoleTokenClient() {
        var http = HttpClient.create().responseTimeout(Duration.ofSeconds(10)).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000);
        var client = new WebClientReactiveAuthorizationCodeTokenResponseClient();
        client.setWebClient(WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build());
        return client;
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain consoleFilterChain(ServerHttpSecurity http, ReactiveClientRegistrationRepository registrations, ErrorPages pages) {
        // Keycloak's login page in Chinese first (browsers often send en-US first); PKCE stays on for the public client.
        var authorizationRequests = new DefaultServerOAuth2AuthorizationRequestResolver(registrations);
        authorizationRequests.setAuthorizationRequestCustomizer(request -> request
                .additionalParameters(parameters -> parameters.put("ui_locales", "zh-CN en")));
        var logout = new OidcClientInitiatedServerLogoutSuccessHandler(registrations);
        // Uploads (member import) are multipart forms: their CSRF token travels as a form part.
        var csrfTokens = new XorServerCsrfTokenRequestAttributeHandler();
        csrfTokens.setTokenFromMultipartDataEnabled(true);
        logout.setPostLogoutRedirectUri("{baseUrl}/console");
        return http
                .securityMatcher(ServerWebExchangeMatchers.pathMatchers("/console", "/console/**", "/oauth2/**", "/login/**", "/logout"))
                .authorizeExchange(exchanges -> exchanges
                        .pathMatchers("/console/assets/**").permitAll()
                        .anyExchange().authenticated())
                .oauth2Login(login -> login.authorizationRequestResolver(authorizationRequests))
                .logout(out -> out.logoutUrl("/logout").logoutSuccessHandler(logout))
                .csrf(csrf -> csrf.csrfTokenRepository(CookieServerCsrfTokenRepository.withHttpOnlyFalse()).csrfTokenRequestHandler(csrfTokens)
                        .accessDeniedHandler((exchange, denied) -> pages.page(exchange, 403, "csrf-token-missing", null)))
                .exceptionHandling(handling -> handling.accessDeniedHandler((exchange, denied) -> pages.page(exchange, 403, "forbidden", null)))
                .build();
    }
}
