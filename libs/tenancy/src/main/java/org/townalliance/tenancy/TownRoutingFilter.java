package org.townalliance.tenancy;

import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.townalliance.identity.Caller;
import org.townalliance.identity.Callers;
import org.townalliance.web.ProblemException;
import org.springframework.http.HttpStatus;
import reactor.core.publisher.Mono;

import java.util.Set;

/**
 * Every {@code /api/towns/{town}/**} request passes here after authentication: the slug is validated
 * before any SQL, the town is resolved from the directory, the caller must hold a grant in that town
 * (or be platform admin), and the town's state must allow the method. The handler then receives a
 * {@link TownContext} whose {@code dsl} can only reach this town's schema.
 */
@Component
@Order(10) // after the audit filter, so that refusals here are audited too
class TownRoutingFilter implements WebFilter {

    private static final PathPattern TOWN_SCOPED = PathPatternParser.defaultInstance.parse("/api/towns/{town}/**");
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);

    private final TownDirectory directory;
    private final TownDatabases databases;

    TownRoutingFilter(TownDirectory directory, TownDatabases databases) {
        this.directory = directory;
        this.databases = databases;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        var match = TOWN_SCOPED.matchAndExtract(exchange.getRequest().getPath().pathWithinApplication());
        if (match == null) {
            return chain.filter(exchange);
        }
        var slug = match.getUriVariables().get("town");
        if (!TownSlug.isValid(slug)) {
            return Mono.error(TownProblems::invalidSlug);
        }
        return Callers.current()
                .switchIfEmpty(Mono.error(() -> new ProblemException(HttpStatus.UNAUTHORIZED, "unauthenticated",
                        "Unauthenticated", "An access token is required.")))
                .flatMap(caller -> directory.find(slug)
                        .switchIfEmpty(Mono.error(() -> TownProblems.notFound(slug)))
                        .map(town -> admit(town, caller, exchange.getRequest().getMethod())))
                .flatMap(context -> {
                    exchange.getAttributes().put(TownContext.ATTRIBUTE, context);
                    return chain.filter(exchange);
                });
    }

    private TownContext admit(Town town, Caller caller, HttpMethod method) {
        if (!caller.platformAdmin() && !caller.hasAnyGrantIn(town.slug())) {
            throw TownProblems.noGrant(town.slug());
        }
        switch (town.status()) {
            case ONBOARDING -> throw TownProblems.onboarding(town.slug());
            case SUSPENDED -> throw TownProblems.suspended(town);
            case ARCHIVED -> {
                if (!READS.contains(method)) {
                    throw TownProblems.archived(town);
                }
            }
            case ACTIVE -> { }
        }
        if (town.quarantined()) {
            throw TownProblems.quarantined(town);
        }
        return new TownContext(town, caller, databases.forSchema(town.schemaName()));
    }
}
