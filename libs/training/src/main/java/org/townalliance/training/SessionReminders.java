package org.townalliance.training;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.townalliance.db.BackgroundLoop;
import org.townalliance.db.Reactive;
import org.townalliance.notifications.Audience;
import org.townalliance.notifications.Notice;
import org.townalliance.notifications.NoticeKind;
import org.townalliance.notifications.Notices;
import org.townalliance.tenancy.AllTowns;
import org.townalliance.tenancy.TownStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.townalliance.db.jooq.town.Tables.TRAINING_ENROLMENT;
import static org.townalliance.db.jooq.town.Tables.TRAINING_PROGRAMME;
import static org.townalliance.db.jooq.town.Tables.TRAINING_SESSION;

/**
 * The day before a session starts, tells each learner enrolled in it (once per enrolment and start day: the key). Every
 * replica runs the round, hourly, over every active town.
 */
@Component
class SessionReminders extends BackgroundLoop {

    private final AllTowns towns;
    private final Notices notices;
    private final Clock clock;
    private final Duration interval;

    SessionReminders(AllTowns towns, Notices notices, Clock clock, @Value("${alliance.training.reminders-interval:1h}") Duration interval) {
        super("Training reminders");
        this.towns = towns;
        this.notices = notices;
        this.clock = clock;
        this.interval = interval;
    }

    @Override
    protected Duration interval() {
        return interval;
    }

    @Override
    protected Mono<Long> round() {
        return towns.withSchemas().filter(town -> town.status() == TownStatus.ACTIVE).concatMap(town -> {
            var dsl = towns.dsl(town);
            var tomorrow = LocalDate.now(clock.withZone(town.timezone())).plusDays(1);
            return Flux.from(dsl.select(TRAINING_ENROLMENT.ID, TRAINING_ENROLMENT.PERSON_ID, TRAINING_SESSION.ID, TRAINING_SESSION.VENUE,
                                    TRAINING_PROGRAMME.TITLE)
                            .from(TRAINING_ENROLMENT).join(TRAINING_SESSION).on(TRAINING_SESSION.ID.eq(TRAINING_ENROLMENT.SESSION_ID))
                            .join(TRAINING_PROGRAMME).on(TRAINING_PROGRAMME.ID.eq(TRAINING_SESSION.PROGRAMME_ID))
                            .where(TRAINING_SESSION.STARTS_ON.eq(tomorrow)).and(TRAINING_ENROLMENT.STATUS.eq("ENROLLED")))
                    .concatMap(row -> {
                        var notice = Notice.of(town.slug(), NoticeKind.TRAINING_SESSION_TOMORROW, "session-tomorrow:" + row.value1() + ":" + tomorrow,
                                List.of(new Audience.Person(row.value2())), Map.of("programme", row.value5(), "startsOn", tomorrow.toString(),
                                        "place", row.value4() == null ? "" : row.value4(),
                                        "path", "/console/towns/" + town.slug() + "/training/sessions/" + row.value3()));
                        return Reactive.one(dsl.transactionPublisher(trx -> notices.queue(trx.dsl(), notice).thenReturn(1L)));
                    })
                    .count();
        }).reduce(0L, Long::sum);
    }
}
