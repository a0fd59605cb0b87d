package org.townalliance.sms;

import reactor.core.publisher.Mono;

/**
 * Text messages to a phone, through the gateway the platform is configured with ({@code alliance.sms.provider}).
 * The embedded default and the tests keep messages in a table ({@link LocalSmsGateway}); nothing leaves the machine.
 */
public interface SmsGateway {

    /** A message: to whom, for which town (null for the platform), which template, and its text in full. */
    record Message(String town, String phone, String template, String text) {
    }

    Mono<Void> send(Message message);
}
