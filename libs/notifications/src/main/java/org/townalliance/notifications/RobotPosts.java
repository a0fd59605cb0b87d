package org.townalliance.notifications;

import io.netty.handler.codec.http.HttpHeaderNames;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.townalliance.db.jooq.platform.tables.records.NotificationDeliveryRecord;
import org.townalliance.tenancy.AllTowns;
import org.townalliance.web.OutboundAddresses;
import org.townalliance.web.SecretsAtRest;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Posts a message to an organisation's group robot through the provider's webhook API: WeChat Work (企业微信) as
 * {@code {"msgtype":"text","text":{"content":...}}}, DingTalk the same shape with {@code timestamp} and {@code sign} in the
 * query, Feishu as {@code {"msg_type":"text","content":{"text":...}}} with them in the body ({@link RobotSigning}).
 * The providers answer 200 with an error code in the body ({@code errcode}, {@code code}): anything but 0 is a failure.
 * The webhook's host is checked again at each post and redirects are never followed.
 */
@Component
class RobotPosts {

    private final AllTowns towns;
    private final TownNotificationSetup setup;
    private final OutboundAddresses egress;
    private final SecretsAtRest secrets;
    private final JsonMapper json;
    private final Clock clock;
    private final HttpClient http = HttpClient.create().followRedirect(false)
            .option(io.netty.channel.ChannelOption.CONNECT_TIMEOUT_MILLIS, 5_000);

    RobotPosts(AllTowns towns, TownNotificationSetup setup, OutboundAddresses egress, SecretsAtRest secrets, JsonMapper json, Clock clock) {
        this.towns = towns;
        this.setup = setup;
        this.egress = egress;
        this.secrets = secrets;
        this.json = json;
        this.clock = clock;
    }

    Mono<Void> post(NotificationDeliveryRecord delivery) {
        return towns.find(delivery.getTown())
                .flatMap(town -> setup.robot(towns.dsl(town), UUID.fromString(delivery.getAddress())))
                .switchIfEmpty(Mono.error(() -> new Channels.Permanent("robot removed")))
                .flatMap(robot -> {
                    var provider = TownNotificationSetup.RobotProvider.valueOf(robot.getProvider());
                    var secret = robot.getSecret() == null ? null
                            : secrets.open(robot.getSecret(), TownNotificationSetup.robotSecretPurpose(delivery.getTown()));
                    var text = delivery.getTitle() + "\n" + delivery.getBody() + (delivery.getLink() == null ? "" : "\n" + delivery.getLink());
                    var now = clock.instant();
                    var url = robot.getWebhookUrl();
                    Map<String, Object> body = new LinkedHashMap<>();
                    switch (provider) {
                        case WECOM -> {
                            body.put("msgtype", "text");
                            body.put("text", Map.of("content", text));
                        }
                        case DINGTALK -> {
                            body.put("msgtype", "text");
                            body.put("text", Map.of("content", text));
                            url += (url.contains("?") ? "&" : "?") + "timestamp=" + now.toEpochMilli() + "&sign="
                                    + RobotSigning.dingTalk(secret, now.toEpochMilli());
                        }
                        case FEISHU -> {
                            body.put("timestamp", Long.toString(now.getEpochSecond()));
                            body.put("sign", RobotSigning.feishu(secret, now.getEpochSecond()));
                            body.put("msg_type", "text");
                            body.put("content", Map.of("text", text));
                        }
                    }
                    var target = url;
                    return egress.destination(target).onErrorMap(OutboundAddresses.Refused.class, refused -> new Channels.Permanent(refused.category()))
                            .flatMap(address -> send(target, address, json.writeValueAsString(body)));
                });
    }

    private Mono<Void> send(String url, java.net.InetSocketAddress address, String body) {
        var uri = URI.create(url);
        var client = http.remoteAddress(() -> address);
        if ("https".equalsIgnoreCase(uri.getScheme())) {
            client = client.secure();
        }
        var path = (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return client.headers(headers -> headers.set(HttpHeaderNames.CONTENT_TYPE, MediaType.APPLICATION_JSON_VALUE)
                        .set(HttpHeaderNames.HOST, uri.getPort() > 0 ? uri.getHost() + ":" + uri.getPort() : uri.getHost()))
                .post().uri(path)
                .send(ByteBufFlux.fromString(Mono.just(body)))
                .responseSingle((response, content) -> content.asString().defaultIfEmpty("").map(text -> {
                    if (response.status().code() / 100 != 2) {
                        throw new IllegalStateException("HTTP " + response.status().code());
                    }
                    var answer = json.readTree(text.isEmpty() ? "{}" : text);
                    var code = answer.has("errcode") ? answer.get("errcode").asInt() : answer.has("code") ? answer.get("code").asInt() : 0;
                    if (code != 0) {
                        throw new IllegalStateException("robot answered code " + code);
                    }
                    return code;
                }))
                .then();
    }
}
