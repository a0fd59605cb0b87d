package org.townalliance.identity;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.townalliance.web.ProblemException;
import org.townalliance.web.ProblemResponses;
import reactor.core.publisher.Mono;

import java.util.Collection;

/**
 * The API is a stateless OAuth2 resource server: Keycloak access tokens (signature, issuer, audience,
 * expiry checked by Spring Security from {@code spring.security.oauth2.resourceserver.jwt.*}).
 * Town-level checks happen per request in the tenancy module, object-level checks in each handler.
 */
@Configuration
@EnableWebFluxSecurity
class SecurityConfiguration {

    @Bean
    SecurityWebFilterChain apiSecurity(ServerHttpSecurity http, ServerCodecConfigurer codecs,
                                       @org.springframework.beans.factory.annotation.Value("${alliance.api-docs.public:false}") boolean docsPublic) {
        var problems = new ProblemResponses(codecs);
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable) // bearer tokens only, no cookies on /api
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .authorizeExchange(exchanges -> {
                    exchanges.pathMatchers("/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus").permitAll();
                    // The API's description is for those who integrate with it (signed in), not an inventory for anyone;
                    // locally (alliance.api-docs.public) it is open, with Swagger UI.
                    var docs = exchanges.pathMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**");
                    if (docsPublic) {
                        docs.permitAll();
                    } else {
                        docs.authenticated();
                    }
                    exchanges.pathMatchers("/webjars/**").permitAll()
                            .pathMatchers("/api/platform/**").hasRole(Callers.PLATFORM_ADMIN_ROLE)
                            .pathMatchers("/api/**").authenticated()
                            // Public surfaces (Open311, verification pages, static assets) live outside /api.
                            .anyExchange().permitAll();
                })
                .exceptionHandling(handling -> handling
                        .authenticationEntryPoint((exchange, failure) -> unauthorized(problems, exchange))
                        .accessDeniedHandler((exchange, denied) -> problems.write(exchange, forbidden())))
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(new ReactiveJwtAuthenticationConverterAdapter(tokenConverter())))
                        .authenticationEntryPoint((exchange, failure) -> unauthorized(problems, exchange))
                        .accessDeniedHandler((exchange, denied) -> problems.write(exchange, forbidden())))
                .build();
    }

    /**
     * Signature from the realm's JWKS (keys cached; refetched only for an unknown key id, so validation
     * survives a Keycloak outage), issuer, audience, expiry with a bounded clock skew. RS256 only:
     * {@code alg: none} and HMAC tokens never verify.
     */
    @Bean
    ReactiveJwtDecoder jwtDecoder(TokenProperties properties, KeycloakAdminProperties keycloak) {
        // Fetching the keys with bounded waits: a hung Keycloak fails a token with an unknown key in seconds (401),
        // while tokens signed with the cached keys keep verifying.
        var http = reactor.netty.http.client.HttpClient.create().responseTimeout(keycloak.readTimeout())
                .option(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) keycloak.connectTimeout().toMillis());
        var decoder = NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwksUri())
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .webClient(org.springframework.web.reactive.function.client.WebClient.builder()
                        .clientConnector(new org.springframework.http.client.reactive.ReactorClientHttpConnector(http)).build())
                .build();
        OAuth2TokenValidator<Jwt> audience = token -> token.getAudience() != null && token.getAudience().contains(properties.audience())
                ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", "audience is not " + properties.audience(), null));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(properties.clockSkew()),
                new JwtIssuerValidator(properties.issuerUri()),
                audience));
        return decoder;
    }

    private static Mono<Void> unauthorized(ProblemResponses problems, org.springframework.web.server.ServerWebExchange exchange) {
        var hadToken = exchange.getRequest().getHeaders().containsHeader(HttpHeaders.AUTHORIZATION);
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                hadToken ? "Bearer error=\"invalid_token\"" : "Bearer");
        return problems.write(exchange, new ProblemException(HttpStatus.UNAUTHORIZED, "unauthenticated", "Unauthenticated",
                hadToken ? "The access token is missing, expired, or not issued for this API." : "An access token is required."));
    }

    private static ProblemException forbidden() {
        return ProblemException.forbidden("forbidden", "Your account does not have the role this operation needs.");
    }

    private static JwtAuthenticationConverter tokenConverter() {
        var converter = new JwtAuthenticationConverter();
        converter.setPrincipalClaimName("preferred_username");
        converter.setJwtGrantedAuthoritiesConverter(SecurityConfiguration::realmRoleAuthorities);
        return converter;
    }

    private static Collection<GrantedAuthority> realmRoleAuthorities(Jwt token) {
        return Callers.realmRoles(token).stream()
                .<GrantedAuthority>map(role -> new SimpleGrantedAuthority("ROLE_" + role))
                .toList();
    }
}
