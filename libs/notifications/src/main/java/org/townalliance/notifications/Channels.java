package org.townalliance.notifications;

import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.platform.tables.records.NotificationDeliveryRecord;
import org.townalliance.sms.SmsGateway;
import org.jooq.DSLContext;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.townalliance.db.jooq.platform.Tables.NOTICE;

/**
 * Sends one delivery on its channel: e-mail through Spring's mail support (JavaMail blocks: on boundedElastic), SMS
 * through the platform's gateway with the kind's template, group robots through {@link RobotPosts}. A failure that a
 * retry cannot mend (no template, no robot any more, the quota used up) is {@link Permanent}.
 */
@Component
class Channels {

    /** A failure that retrying does not mend: the delivery is dead at once. */
    static final class Permanent extends RuntimeException {
        Permanent(String reason) {
            super(reason, null, false, false);
        }
    }

    private final ObjectProvider<JavaMailSender> mail;
    private final SmsGateway sms;
    private final RobotPosts robots;
    private final DSLContext platform;
    private final NotificationsProperties properties;
    private final tools.jackson.databind.json.JsonMapper json;
    private static final tools.jackson.core.type.TypeReference<Map<String, String>> PARAMS = new tools.jackson.core.type.TypeReference<>() { };

    Channels(ObjectProvider<JavaMailSender> mail, SmsGateway sms, RobotPosts robots, DSLContext platform, NotificationsProperties properties,
             tools.jackson.databind.json.JsonMapper json) {
        this.json = json;
        this.mail = mail;
        this.sms = sms;
        this.robots = robots;
        this.platform = platform;
        this.properties = properties;
    }

    /** E-mail is sent only where the platform has an SMTP server ({@code spring.mail.host}). */
    boolean emailConfigured() {
        return mail.getIfAvailable() != null;
    }

    Mono<Void> send(NotificationDeliveryRecord delivery) {
        return switch (Channel.valueOf(delivery.getChannel())) {
            case EMAIL -> email(delivery);
            case SMS -> sms(delivery);
            case ROBOT -> robots.post(delivery);
            case IN_APP -> Mono.error(new Permanent("in-app messages are not delivered"));
        };
    }

    private Mono<Void> email(NotificationDeliveryRecord delivery) {
        var sender = mail.getIfAvailable();
        if (sender == null) {
            return Mono.error(new Permanent("e-mail not configured"));
        }
        return Reactive.one(platform.select(NOTICE.ATTACHMENT_NAME, NOTICE.ATTACHMENT_TYPE, NOTICE.ATTACHMENT).from(NOTICE)
                        .where(NOTICE.ID.eq(delivery.getNoticeId())))
                .flatMap(attachment -> Mono.fromRunnable(() -> {
                    try {
                        MimeMessage message = sender.createMimeMessage();
                        var helper = new MimeMessageHelper(message, attachment.value3() != null, StandardCharsets.UTF_8.name());
                        helper.setFrom(properties.mailFrom());
                        helper.setTo(delivery.getAddress());
                        helper.setSubject(delivery.getTitle());
                        helper.setText(delivery.getBody() + (delivery.getLink() == null ? "" : "\n\n" + delivery.getLink()));
                        // Receivers drop repeats of an at-least-once delivery by this id.
                        message.setHeader("X-Alliance-Delivery", Long.toString(delivery.getId()));
                        if (attachment.value3() != null) {
                            helper.addAttachment(attachment.value1(), new org.springframework.core.io.ByteArrayResource(
                                    attachment.value3().getBytes(StandardCharsets.UTF_8)), attachment.value2());
                        }
                        sender.send(message);
                    } catch (jakarta.mail.MessagingException e) {
                        throw new IllegalStateException("message not built: " + e.getMessage(), e);
                    }
                }).subscribeOn(Schedulers.boundedElastic())).then();
    }

    private Mono<Void> sms(NotificationDeliveryRecord delivery) {
        var kind = NoticeKind.valueOf(delivery.getKind());
        Map<String, String> params = delivery.getTemplateParams() == null ? Map.of() : json.readValue(delivery.getTemplateParams(), PARAMS);
        return sms.send(new SmsGateway.Message(delivery.getTown(), delivery.getAddress(), kind.smsTemplate(), delivery.getBody(), params))
                .onErrorMap(SmsGateway.NoTemplate.class, missing -> new Permanent("no SMS template"));
    }
}
