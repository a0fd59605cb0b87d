package org.townalliance.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.logging.AccessLog;

import java.util.regex.Pattern;

/**
 * The platform's access log (Reactor Netty's, on with {@code -Dreactor.netty.http.server.accessLogEnabled=true}, as in
 * the tests) never holds a resident's one-time token: a path that carries one ({@code /rate/{town}/{token}}, the
 * public API's {@code /public/towns/{town}/ratings/{token}}) is logged with {@code ***} for the token. The ingress's own log is masked the same way by its configuration
 * (docs/operations.md).
 */
@Component
class AccessLogMasking implements NettyServerCustomizer {

    /** Paths whose last segment is a bearer of access (the resident's page and the public API behind it). */
    static final Pattern TOKEN_PATHS = Pattern.compile("^(/rate/[^/?]+/|/track/[^/?]+/|/public/towns/[^/?]+/(?:ratings|reports)/)[^/?]+");

    private final boolean enabled;

    AccessLogMasking(@Value("${reactor.netty.http.server.accessLogEnabled:false}") boolean enabled) {
        this.enabled = enabled;
    }

    static String mask(CharSequence uri) {
        return uri == null ? "-" : TOKEN_PATHS.matcher(uri).replaceFirst("$1***");
    }

    @Override
    public HttpServer apply(HttpServer server) {
        if (!enabled) {
            return server;
        }
        return server.accessLog(true, arguments -> AccessLog.create("{} - {} [{}] \"{} {} {}\" {} {} {}",
                arguments.remoteAddress() instanceof java.net.InetSocketAddress address && address.getAddress() != null
                        ? address.getAddress().getHostAddress() : String.valueOf(arguments.remoteAddress()),
                arguments.user() == null ? "-" : arguments.user(), arguments.zonedDateTime(), arguments.method(),
                mask(arguments.uri()), arguments.protocol(), arguments.status(), arguments.contentLength(), arguments.duration()));
    }
}
