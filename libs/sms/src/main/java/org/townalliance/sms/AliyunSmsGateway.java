package org.townalliance.sms;

import com.aliyun.dysmsapi20170525.Client;
import com.aliyun.dysmsapi20170525.models.SendSmsRequest;
import com.aliyun.teaopenapi.models.Config;
import com.aliyun.teautil.models.RuntimeOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;

/**
 * Aliyun SMS (阿里云短信服务) through Aliyun's own SDK: each message is sent as its pre-approved template (its code from
 * {@code alliance.sms.templates.*}) under the configured signature, with the template's parameters. The SDK blocks, so
 * sending runs on {@code boundedElastic}, with 3 s to connect and 5 s to answer; a refusal (quota, a template not approved,
 * a number barred) is a 503 {@code sms-not-sent} with the provider's code logged, never a silent loss.
 */
final class AliyunSmsGateway implements SmsGateway {

    private static final Logger log = LoggerFactory.getLogger(AliyunSmsGateway.class);

    private final Client client;
    private final SmsProperties properties;
    private final JsonMapper json;

    AliyunSmsGateway(SmsProperties properties, JsonMapper json) {
        var aliyun = properties.aliyun();
        if (aliyun == null || blank(aliyun.accessKeyId()) || blank(aliyun.accessKeySecret())) {
            throw new IllegalStateException("alliance.sms.provider=aliyun needs alliance.sms.aliyun.access-key-id and access-key-secret");
        }
        properties.checkTemplates();
        try {
            var config = new Config().setAccessKeyId(aliyun.accessKeyId()).setAccessKeySecret(aliyun.accessKeySecret())
                    .setEndpoint(blank(aliyun.endpoint()) ? "dysmsapi.aliyuncs.com" : aliyun.endpoint())
                    .setProtocol(blank(aliyun.protocol()) ? "HTTPS" : aliyun.protocol())
                    .setConnectTimeout(3_000).setReadTimeout(5_000);
            this.client = new Client(config);
        } catch (Exception e) {
            throw new IllegalStateException("Aliyun SMS client not created: " + e.getMessage(), e);
        }
        this.properties = properties;
        this.json = json;
        log.info("SMS: Aliyun SMS at {} with signature {}", blank(aliyun.endpoint()) ? "dysmsapi.aliyuncs.com" : aliyun.endpoint(),
                properties.signName());
    }

    @Override
    public Mono<Void> send(Message message) {
        return Mono.fromCallable(() -> {
                    var request = new SendSmsRequest().setPhoneNumbers(message.phone()).setSignName(properties.signName())
                            .setTemplateCode(properties.templateCode(message.template()))
                            .setTemplateParam(json.writeValueAsString(message.params()));
                    var runtime = new RuntimeOptions();
                    runtime.connectTimeout = 3_000;
                    runtime.readTimeout = 5_000;
                    runtime.autoretry = false; // a retried SMS is a second SMS; the caller decides
                    var body = client.sendSmsWithOptions(request, runtime).getBody();
                    if (!"OK".equals(body.getCode())) {
                        log.warn("Aliyun SMS refused a {} message for {}: {} {} (request {})", message.template(), message.town(), body.getCode(),
                                body.getMessage(), body.getRequestId());
                        throw notSent();
                    }
                    return body.getBizId();
                })
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(failure -> !(failure instanceof ProblemException), failure -> {
                    log.warn("Aliyun SMS not reached for a {} message for {}: {}", message.template(), message.town(), failure.toString());
                    return notSent();
                })
                .then();
    }

    static ProblemException notSent() {
        return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, "sms-not-sent", "SMS not sent",
                "The text message could not be sent just now; try again in a minute.", Map.of(), Map.of("Retry-After", "60"));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
