package org.townalliance.identity;

import org.springframework.security.core.context.ReactiveSecurityContextHolder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import reactor.core.publisher.Mono;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** The caller of the current request, read from the validated access token. */
public final class Callers {

    public static final String PLATFORM_ADMIN_ROLE = "platform-admin";

    private Callers() {
    }

    /** Empty when the request is anonymous. */
    public static Mono<Caller> current() {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(context -> context.getAuthentication())
                .filter(JwtAuthenticationToken.class::isInstance)
                .map(authentication -> of(((JwtAuthenticationToken) authentication).getToken()));
    }

    /** When the caller's access token expires; empty when anonymous or the token says nothing. */
    public static Mono<java.time.Instant> accessExpiry() {
        return ReactiveSecurityContextHolder.getContext()
                .mapNotNull(context -> context.getAuthentication())
                .filter(JwtAuthenticationToken.class::isInstance)
                .mapNotNull(authentication -> ((JwtAuthenticationToken) authentication).getToken().getExpiresAt());
    }

    public static Caller of(Jwt token) {
        var username = token.getClaimAsString("preferred_username");
        return new Caller(token.getSubject(), username == null ? token.getSubject() : username,
                realmRoles(token).contains(PLATFORM_ADMIN_ROLE), TownGroups.grants(groups(token)), name(token));
    }

    /** The person's name as Chinese writes it, family name first (Keycloak's profile claims); null when absent. */
    private static String name(Jwt token) {
        var family = token.getClaimAsString("family_name");
        var given = token.getClaimAsString("given_name");
        if (family == null && given == null) {
            return null;
        }
        var latin = (family + given).chars().allMatch(c -> c < 0x2E80);
        return family == null ? given : given == null ? family : latin ? given + " " + family : family + given;
    }

    static Collection<String> realmRoles(Jwt token) {
        Map<String, Object> realmAccess = token.getClaimAsMap("realm_access");
        if (realmAccess == null || !(realmAccess.get("roles") instanceof Collection<?> roles)) {
            return List.of();
        }
        return roles.stream().map(String::valueOf).toList();
    }

    private static Collection<String> groups(Jwt token) {
        var groups = token.getClaimAsStringList("groups");
        return groups == null ? List.of() : groups;
    }
}
