package org.townalliance.sms;

import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.townalliance.db.Reactive;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static org.townalliance.db.jooq.platform.Tables.SMS_MESSAGE;

/**
 * The gateway of the embedded default and the tests: no SMS leaves the machine; each message is kept in
 * {@code sms_message}, where the local stack's page (and a test) reads it. A stand-in for a provider that cannot run
 * here, said so in the log at start-up.
 */
final class LocalSmsGateway implements SmsGateway {

    private static final Logger log = LoggerFactory.getLogger(LocalSmsGateway.class);

    /** A message as the local page shows it. */
    record Kept(long id, String town, String phone, String template, String text, OffsetDateTime createdAt) {
    }

    private final DSLContext platform;
    private final Clock clock;

    LocalSmsGateway(DSLContext platform, Clock clock) {
        this.platform = platform;
        this.clock = clock;
        log.warn("SMS: the local gateway keeps messages in the database; no SMS is sent (alliance.sms.provider=local)");
    }

    @Override
    public Mono<Void> send(Message message) {
        return Reactive.run(platform.insertInto(SMS_MESSAGE)
                .set(SMS_MESSAGE.TOWN, message.town())
                .set(SMS_MESSAGE.PHONE, message.phone())
                .set(SMS_MESSAGE.TEMPLATE, message.template())
                .set(SMS_MESSAGE.TEXT, message.text())
                .set(SMS_MESSAGE.CREATED_AT, OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC)));
    }

    Flux<Kept> latest(int limit) {
        return Flux.from(platform.selectFrom(SMS_MESSAGE).orderBy(SMS_MESSAGE.ID.desc()).limit(limit))
                .map(r -> new Kept(r.getId(), r.getTown(), r.getPhone(), r.getTemplate(), r.getText(), r.getCreatedAt()));
    }
}
