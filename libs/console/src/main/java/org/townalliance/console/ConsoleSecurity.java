package org.townalliance.console;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
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

import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.oauth2.client.endpoint.WebClientReactiveAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeReactiveAuthenticationManager;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcReactiveOAuth2UserService;
import org.springframework.security.oauth2.client.userinfo.DefaultReactiveOAuth2UserService;
import org.springframework.security.oauth2.client.web.server.ServerOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

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
     * The login's own calls to Keycloak (code for tokens, user info, the realm's keys for the ID token) with bounded
     * waits, and the whole login bounded too: Keycloak not answering shows "login service unavailable" in seconds
     * instead of leaving the browser waiting.
     */
    private static ReactiveAuthenticationManager consoleLogin() {
        var tokens = new WebClientReactiveAuthorizationCodeTokenResponseClient();
        tokens.setWebClient(KeycloakCalls.client());
        var userInfo = new DefaultReactiveOAuth2UserService();
        userInfo.setWebClient(KeycloakCalls.client());
        var oidcUsers = new OidcReactiveOAuth2UserService();
        oidcUsers.setOauth2UserService(userInfo);
        var login = new OidcAuthorizationCodeReactiveAuthenticationManager(tokens, oidcUsers);
        return authentication -> login.authenticate(authentication).timeout(KeycloakCalls.LOGIN_TIMEOUT).onErrorMap(LoginService::classify);
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityWebFilterChain consoleFilterChain(ServerHttpSecurity http, ReactiveClientRegistrationRepository registrations, ErrorPages pages,
                                              LoginService loginService) {
        // Keycloak's login page in Chinese first (browsers often send en-US first); PKCE stays on for the public client.
        var defaultRequests = new DefaultServerOAuth2AuthorizationRequestResolver(registrations);
        defaultRequests.setAuthorizationRequestCustomizer(request -> request
                .additionalParameters(parameters -> parameters.put("ui_locales", "zh-CN en")));
        // Only sent to Keycloak's login page when Keycloak answers; otherwise the "login service unavailable" page.
        var authorizationRequests = new ServerOAuth2AuthorizationRequestResolver() {
            @Override
            public Mono<OAuth2AuthorizationRequest> resolve(ServerWebExchange exchange) {
                return defaultRequests.resolve(exchange).flatMap(request -> loginService.requireAnswering().thenReturn(request));
            }

            @Override
            public Mono<OAuth2AuthorizationRequest> resolve(ServerWebExchange exchange, String registrationId) {
                return defaultRequests.resolve(exchange, registrationId).flatMap(request -> loginService.requireAnswering().thenReturn(request));
            }
        };
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
                .oauth2Login(login -> login.authorizationRequestResolver(authorizationRequests).authenticationManager(consoleLogin()))
                .logout(out -> out.logoutUrl("/logout").logoutSuccessHandler(logout))
                .addFilterBefore(new UploadLimits(pages), SecurityWebFiltersOrder.CSRF)
                .csrf(csrf -> csrf.csrfTokenRepository(CookieServerCsrfTokenRepository.withHttpOnlyFalse()).csrfTokenRequestHandler(csrfTokens)
                        .accessDeniedHandler((exchange, denied) -> pages.page(exchange, 403, "csrf-token-missing", null)))
                .exceptionHandling(handling -> handling.accessDeniedHandler((exchange, denied) -> pages.page(exchange, 403, "forbidden", null)))
                .build();
    }
}
