package org.townalliance.governance;

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
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Tells each town's secretariat, once per term, that a single-holder term ends within 60 days with no successor and no
 * election running (the reminders of the offices page). Every replica runs the round, hourly; the notice's key (the
 * term) makes it one notice whoever queues it first.
 */
@Component
class TermReminders extends BackgroundLoop {

    private final AllTowns towns;
    private final Notices notices;
    private final Clock clock;
    private final Duration interval;

    TermReminders(AllTowns towns, Notices notices, Clock clock, @Value("${alliance.governance.reminders-interval:1h}") Duration interval) {
        super("Term reminders");
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
            return Offices.reminders(dsl, LocalDate.now(clock.withZone(town.timezone())))
                    .concatMap(term -> Offices.find(dsl, term.officeCode()).flatMap(office -> {
                        // Queued in its own statement: the reminder is the only thing this round writes.
                        var notice = Notice.of(town.slug(), NoticeKind.TERM_ENDING, "term-ending:" + term.id(), List.of(Audience.secretariat()),
                                Map.of("office", office.getNameZh(), "holder", term.personName() == null ? "" : term.personName(),
                                        "endsOn", term.endsOn().toString(), "path", "/console/towns/" + town.slug() + "/offices"));
                        return Reactive.one(dsl.transactionPublisher(trx -> notices.queue(trx.dsl(), notice).thenReturn(1L)));
                    }))
                    .count();
        }).reduce(0L, Long::sum);
    }
}
