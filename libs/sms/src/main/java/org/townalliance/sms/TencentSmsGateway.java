package org.townalliance.sms;

import com.tencentcloudapi.common.Credential;
import com.tencentcloudapi.common.profile.ClientProfile;
import com.tencentcloudapi.common.profile.HttpProfile;
import com.tencentcloudapi.sms.v20210111.SmsClient;
import com.tencentcloudapi.sms.v20210111.models.SendSmsRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Tencent Cloud SMS (腾讯云短信) through Tencent's own SDK: the template by its id, its parameters in the template's order
 * ({@link SmsGateway.Templates#parameterOrder}), the signature and the SMS application's id. The SDK blocks, so sending runs
 * on {@code boundedElastic}, with 3 s to connect and 5 s to answer; a refusal is a 503 {@code sms-not-sent}, logged with
 * Tencent's code.
 */
final class TencentSmsGateway implements SmsGateway {

    private static final Logger log = LoggerFactory.getLogger(TencentSmsGateway.class);

    private final SmsClient client;
    private final SmsProperties properties;

    TencentSmsGateway(SmsProperties properties) {
        var tencent = properties.tencent();
        if (tencent == null || blank(tencent.secretId()) || blank(tencent.secretKey()) || blank(tencent.sdkAppId())) {
            throw new IllegalStateException("alliance.sms.provider=tencent needs alliance.sms.tencent.secret-id, secret-key and sdk-app-id");
        }
        properties.checkTemplates();
        var http = new HttpProfile();
        http.setEndpoint(blank(tencent.endpoint()) ? "sms.tencentcloudapi.com" : tencent.endpoint());
        if (!blank(tencent.protocol())) {
            http.setProtocol(tencent.protocol());
        }
        http.setConnTimeout(3);
        http.setReadTimeout(5);
        var profile = new ClientProfile();
        profile.setHttpProfile(http);
        this.client = new SmsClient(new Credential(tencent.secretId(), tencent.secretKey()),
                blank(tencent.region()) ? "ap-guangzhou" : tencent.region(), profile);
        this.properties = properties;
        log.info("SMS: Tencent Cloud SMS at {} (application {}) with signature {}", http.getEndpoint(), tencent.sdkAppId(), properties.signName());
    }

    @Override
    public Mono<Void> send(Message message) {
        return Mono.fromCallable(() -> {
                    var request = new SendSmsRequest();
                    request.setSmsSdkAppId(properties.tencent().sdkAppId());
                    request.setSignName(properties.signName());
                    request.setTemplateId(properties.templateCode(message.template()));
                    request.setPhoneNumberSet(new String[]{"+86" + message.phone()});
                    request.setTemplateParamSet(Templates.parameterOrder(message.template()).stream()
                            .map(name -> message.params().getOrDefault(name, "")).toArray(String[]::new));
                    var status = client.SendSms(request).getSendStatusSet();
                    if (status == null || status.length == 0 || !"Ok".equalsIgnoreCase(status[0].getCode())) {
                        log.warn("Tencent Cloud SMS refused a {} message for {}: {} {}", message.template(), message.town(),
                                status == null || status.length == 0 ? "no status" : status[0].getCode(),
                                status == null || status.length == 0 ? "" : status[0].getMessage());
                        throw AliyunSmsGateway.notSent();
                    }
                    return status[0].getSerialNo();
                })
                .subscribeOn(Schedulers.boundedElastic())
                .onErrorMap(failure -> !(failure instanceof ProblemException), failure -> {
                    log.warn("Tencent Cloud SMS not reached for a {} message for {}: {}", message.template(), message.town(), failure.toString());
                    return AliyunSmsGateway.notSent();
                })
                .then();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
