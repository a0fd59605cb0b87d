package org.townalliance.platform;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.testkit.TestStack;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The isolation matrix, generated from the live route table (not hand-listed): every /api route ×
 * every kind of caller × own town / foreign town, plus every kind of bad token. New routes fall under
 * it automatically; a town route without an access rule fails {@link #everyApiRouteDeclaresWhoMayCallIt}
 * (and the platform refuses to start with one).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IsolationMatrixTest extends PlatformTest {

    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mapping;

    private String own;
    private String foreign;
    private String foreignId;
    private final Map<String, TownRole> roleUsers = new LinkedHashMap<>();

    record Route(HttpMethod method, String pattern, TownAccess access, MediaType consumes, boolean stream) {
        boolean townScoped() {
            return pattern.startsWith("/api/towns/{town}");
        }

        boolean platform() {
            return pattern.startsWith("/api/platform/");
        }
    }

    @BeforeAll
    void towns() {
        own = onboard("mx-own");
        foreign = onboard("mx-foreign");
        foreignId = admin().get().uri("/api/platform/towns/{slug}", foreign).exchange()
                .expectBody(Map.class).returnResult().getResponseBody().get("id").toString();
        roleUsers.put("mx-sec-" + own, TownRole.SECRETARIAT);
        roleUsers.put("mx-hot-" + own, TownRole.HOTLINE);
        roleUsers.put("mx-mgr-" + own, TownRole.ORG_MANAGER);
        roleUsers.put("mx-staff-" + own, TownRole.ORG_STAFF);
        roleUsers.put("mx-city-" + own, TownRole.CITY_HOTLINE);
        roleUsers.forEach((user, role) -> TestStack.users().user(user,
                org.townalliance.identity.TownGroups.path(own, role, role.name().startsWith("ORG") ? "org-1" : null)));
    }

    private List<Route> routes() {
        var routes = new ArrayList<Route>();
        mapping.getHandlerMethods().forEach((info, handler) -> {
            for (var pattern : info.getPatternsCondition().getPatterns()) {
                if (!pattern.getPatternString().startsWith("/api/")) {
                    continue;
                }
                for (var method : info.getMethodsCondition().getMethods()) {
                    // Send what the route accepts, so that the access rule, not content negotiation, answers.
                    var consumes = info.getConsumesCondition().getConsumableMediaTypes().stream().findFirst()
                            .orElse(MediaType.APPLICATION_JSON);
                    var stream = info.getProducesCondition().getProducibleMediaTypes().contains(MediaType.TEXT_EVENT_STREAM);
                    routes.add(new Route(HttpMethod.valueOf(method.name()), pattern.getPatternString(),
                            handler.getMethodAnnotation(TownAccess.class), consumes, stream));
                }
            }
        });
        return routes;
    }

    @Test
    void everyApiRouteDeclaresWhoMayCallIt() {
        var routes = routes();
        assertThat(routes).isNotEmpty();
        for (var route : routes) {
            if (route.townScoped()) {
                assertThat(route.access()).as("@TownAccess on " + route).isNotNull();
            } else {
                // Outside towns: the platform admin's API (path rule) or the caller's own account.
                assertThat(route.platform() || route.pattern().startsWith("/api/me")).as(route + " has a rule").isTrue();
            }
        }
    }

    @Test
    void everyRouteRefusesEveryCallerItShouldAndLeaksNothingOfAnotherTown() {
        var callers = new ArrayList<>(roleUsers.keySet());
        callers.add("resident-nobody");
        callers.add("platform-admin");
        var cases = 0;
        var failures = new ArrayList<String>();
        for (var route : routes()) {
            for (var caller : callers) {
                for (var town : List.of(own, foreign)) {
                    var expectAllowed = allowed(route, caller, town);
                    var result = call(route, town, "Bearer " + TestStack.tokens().of(caller));
                    cases++;
                    var status = result.status();
                    if (status >= 500) {
                        failures.add(route + " as " + caller + " in " + label(town) + ": " + status);
                    } else if (expectAllowed && (status == 401 || status == 403)) {
                        failures.add(route + " as " + caller + " in " + label(town) + ": refused " + status + " " + result.body());
                    } else if (!expectAllowed && status != 403) {
                        failures.add(route + " as " + caller + " in " + label(town) + ": expected 403, got " + status);
                    }
                    // The platform admin's own API lists every town by design; everything else must not.
                    if (!route.platform() && town.equals(own) && (result.body().contains(foreign) || result.body().contains(foreignId))) {
                        failures.add(route + " as " + caller + ": response names the foreign town");
                    }
                }
            }
        }
        cases += badTokens(failures);
        System.out.printf("Isolation matrix: %d routes x %d callers x 2 towns + bad-token cases = %d cases%n",
                routes().size(), callers.size(), cases);
        assertThat(failures).isEmpty();
    }

    /** No token, expired, another issuer, alg none, tampered payload: 401 on every route. */
    private int badTokens(List<String> failures) throws RuntimeException {
        var user = "mx-sec-" + own;
        var real = TestStack.tokens().of(user);
        var expiring = TestStack.tokens().expiring(user);
        var tokens = new LinkedHashMap<String, String>();
        tokens.put("no token", null);
        tokens.put("garbage", "Bearer not-a-jwt");
        tokens.put("alg none", "Bearer " + algNone(real));
        tokens.put("tampered payload", "Bearer " + tampered(real));
        tokens.put("other issuer", "Bearer " + otherIssuer(real));
        sleep(4_000); // the expiring token lives 2 s; tests allow 1 s clock skew
        tokens.put("expired", "Bearer " + expiring);
        var cases = 0;
        for (var route : routes()) {
            for (var token : tokens.entrySet()) {
                var result = call(route, own, token.getValue());
                cases++;
                if (result.status() != 401) {
                    failures.add(route + " with " + token.getKey() + ": expected 401, got " + result.status());
                }
            }
        }
        return cases;
    }

    private boolean allowed(Route route, String caller, String town) {
        var admin = caller.equals("platform-admin");
        if (route.platform()) {
            return admin;
        }
        if (!route.townScoped()) {
            return true; // /api/me: any signed-in caller, about themselves
        }
        if (admin) {
            return route.access().platformAdmin();
        }
        var role = roleUsers.get(caller);
        if (role == null || !town.equals(own)) {
            return false;
        }
        return route.access().anyRole() || Arrays.asList(route.access().value()).contains(role);
    }

    private record Result(int status, String body) {
    }

    private Result call(Route route, String town, String authorization) {
        var path = VARIABLE.matcher(route.pattern()).replaceAll(match ->
                match.group(1).equals("town") || match.group(1).equals("slug") ? town : UUID.randomUUID().toString());
        var request = anonymous().mutate().responseTimeout(java.time.Duration.ofSeconds(10)).build()
                .method(route.method()).uri(path);
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        var spec = route.method() == HttpMethod.POST || route.method() == HttpMethod.PUT || route.method() == HttpMethod.PATCH
                ? request.contentType(route.consumes()).bodyValue("{}")
                : request;
        try {
            if (route.stream()) {
                // A live stream never ends: its status (and, when refused, its problem body) is what counts.
                var streamed = spec.exchange().returnResult(String.class);
                var status = streamed.getStatus().value();
                var body = status == 200 ? "" : String.join("", streamed.getResponseBody().collectList().block(java.time.Duration.ofSeconds(5)));
                return new Result(status, body);
            }
            var result = spec.exchange().expectBody(String.class).returnResult();
            var body = result.getResponseBody();
            return new Result(result.getStatus().value(), body == null ? "" : body);
        } catch (IllegalStateException timeout) {
            return new Result(-1, "no answer within 10 s");
        }
    }

    private String label(String town) {
        return town.equals(own) ? "own town" : "foreign town";
    }

    private static String algNone(String jwt) {
        var parts = jwt.split("\\.");
        var header = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        return header + "." + parts[1] + ".";
    }

    /** Adds the foreign town's secretariat to the payload, keeping Keycloak's signature. */
    private String tampered(String jwt) {
        var parts = jwt.split("\\.");
        var payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"groups\":[", "\"groups\":[\"/towns/" + foreign + "/secretariat\",");
        return parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
    }

    /** Same claims, but issued and signed by someone else. */
    private static String otherIssuer(String jwt) {
        try {
            var claims = SignedJWT.parse(jwt).getJWTClaimsSet();
            var forged = new JWTClaimsSet.Builder(claims)
                    .issuer("http://attacker.invalid/realms/alliance")
                    .expirationTime(new Date(System.currentTimeMillis() + 600_000))
                    .build();
            var key = new RSAKeyGenerator(2048).keyID("attacker").generate();
            var token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("attacker").type(JOSEObjectType.JWT).build(), forged);
            token.sign(new RSASSASigner(key));
            return token.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
