package org.townalliance.sms;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;
import reactor.core.publisher.Mono;

import java.util.stream.Collectors;

/**
 * The local stack's inbox of the local gateway, so a person trying the resident's pages can read the code "sent" to
 * their phone. Only with {@code alliance.sms.local-inbox=true} (the local profile), never in production.
 */
@RestController
@ConditionalOnProperty(name = "alliance.sms.local-inbox", havingValue = "true")
class LocalSmsPage {

    private final SmsGateway gateway;

    LocalSmsPage(SmsGateway gateway) {
        this.gateway = gateway;
    }

    @GetMapping(path = "/local/sms", produces = MediaType.TEXT_HTML_VALUE)
    Mono<String> inbox() {
        if (!(gateway instanceof LocalSmsGateway local)) {
            return Mono.just("<!DOCTYPE html><html lang=\"zh-CN\"><body><p>SMS are sent by a provider here; nothing is kept.</p></body></html>");
        }
        return local.latest(50).map(m -> "<tr><td>" + m.createdAt() + "</td><td>" + HtmlUtils.htmlEscape(m.phone()) + "</td><td>"
                        + HtmlUtils.htmlEscape(m.text()) + "</td></tr>")
                .collect(Collectors.joining("\n"))
                .map(rows -> """
                        <!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>本机短信 Local SMS</title></head><body>
                        <h1>本机短信（未发出）Local SMS, not sent</h1>
                        <table><thead><tr><th>时间 Time</th><th>手机 Phone</th><th>内容 Text</th></tr></thead><tbody>
                        %s
                        </tbody></table></body></html>""".formatted(rows));
    }
}
