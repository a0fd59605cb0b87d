package org.townalliance.audit;

import org.townalliance.db.Reactive;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.townalliance.identity.Caller;
import org.townalliance.identity.Callers;
import reactor.core.publisher.Mono;

import java.util.Optional;
import java.util.Set;

import static org.townalliance.db.jooq.platform.Tables.AUDIT_EVENT;

/**
 * Records every authenticated write under {@code /api} (successful or refused) and every privileged
 * read, just before the response is committed: a client that saw the answer can rely on the record.
 */
@Component
@Order(0)
class AuditFilter implements WebFilter {

    private static final Logger log = LoggerFactory.getLogger(AuditFilter.class);
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final PathPattern TOWN = PathPatternParser.defaultInstance.parse("/api/towns/{town}/**");

    private final DSLContext dsl;

    AuditFilter(DSLContext dsl) {
        this.dsl = dsl;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!exchange.getRequest().getPath().value().startsWith("/api/")) {
            return chain.filter(exchange);
        }
        return Callers.current().map(Optional::of).defaultIfEmpty(Optional.empty()).flatMap(caller -> {
            exchange.getResponse().beforeCommit(() -> audited(exchange) ? detached(record(exchange, caller)) : Mono.empty());
            return chain.filter(exchange);
        });
    }

    /**
     * The response waits for the record, but a client hanging up must not cancel it: the insert is also
     * subscribed on its own, so it completes whatever happens to the request.
     */
    private static Mono<Void> detached(Mono<Void> record) {
        var shared = record.cache();
        shared.subscribe();
        return shared;
    }

    private static boolean audited(ServerWebExchange exchange) {
        return !READS.contains(exchange.getRequest().getMethod())
                || exchange.getAttributes().containsKey(AuditTrail.PRIVILEGED_ACCESS);
    }

    private Mono<Void> record(ServerWebExchange exchange, Optional<Caller> caller) {
        var request = exchange.getRequest();
        var match = TOWN.matchAndExtract(request.getPath().pathWithinApplication());
        var town = match == null ? null : truncate(match.getUriVariables().get("town"), 31);
        var status = exchange.getResponse().getStatusCode();
        var entry = AUDIT_EVENT.newRecord()
                .setActorSubject(caller.map(Caller::subject).orElse(null))
                .setActorUsername(caller.map(Caller::username).orElse(null))
                .setTown(town)
                .setMethod(request.getMethod().name())
                .setPath(truncate(request.getPath().value(), 500))
                .setStatus(status == null ? 200 : status.value())
                .setPrivileged((String) exchange.getAttributes().get(AuditTrail.PRIVILEGED_ACCESS))
                .setClientIp(truncate(clientAddress(request.getRemoteAddress()), 64))
                .setUserAgent(truncate(request.getHeaders().getFirst(HttpHeaders.USER_AGENT), 300));
        return Reactive.one(dsl.insertInto(AUDIT_EVENT).set(entry))
                .then()
                // An audit failure is an operations alarm, not the caller's problem; the record itself is kept in the
                // log line (e.g. the database went away between the change and its record), to be restored from there.
                .onErrorResume(failure -> {
                    log.error("AUDIT WRITE FAILED ({}); the record: actor={} town={} {} {} status={} privileged={} ip={} agent=\"{}\"",
                            failure.toString(), entry.getActorUsername(), entry.getTown(), entry.getMethod(), entry.getPath(),
                            entry.getStatus(), entry.getPrivileged(), entry.getClientIp(), entry.getUserAgent());
                    return Mono.empty();
                });
    }

    /** The client's IP (behind a trusted proxy: from its forwarded header, see TrustedProxies); an unresolved address: as written. */
    private static String clientAddress(java.net.InetSocketAddress address) {
        if (address == null) {
            return null;
        }
        return address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
