package org.townalliance.console;

import org.springframework.context.i18n.LocaleContext;
import org.springframework.context.i18n.SimpleLocaleContext;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.i18n.LocaleContextResolver;

import java.time.Duration;
import java.util.Locale;

/**
 * Chinese first: every page is zh-CN unless the person chose English ({@code ?lang=en}), a choice kept
 * in a cookie. The bean name replaces WebFlux's Accept-Language resolver.
 */
@Component("localeContextResolver")
class ConsoleLocale implements LocaleContextResolver {

    static final Locale CHINESE = Locale.SIMPLIFIED_CHINESE;
    private static final String COOKIE = "console_lang";

    @Override
    public LocaleContext resolveLocaleContext(ServerWebExchange exchange) {
        var asked = exchange.getRequest().getQueryParams().getFirst("lang");
        if (asked != null && (asked.equals("en") || asked.equals("zh-CN"))) {
            exchange.getResponse().addCookie(ResponseCookie.from(COOKIE, asked).path("/").maxAge(Duration.ofDays(365)).sameSite("Lax").build());
            return new SimpleLocaleContext(asked.equals("en") ? Locale.ENGLISH : CHINESE);
        }
        var cookie = exchange.getRequest().getCookies().getFirst(COOKIE);
        return new SimpleLocaleContext(cookie != null && "en".equals(cookie.getValue()) ? Locale.ENGLISH : CHINESE);
    }

    @Override
    public void setLocaleContext(ServerWebExchange exchange, LocaleContext localeContext) {
        throw new UnsupportedOperationException("the language is chosen with ?lang=");
    }
}
