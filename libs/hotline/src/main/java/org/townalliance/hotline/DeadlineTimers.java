package org.townalliance.hotline;

import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.platform.tables.records.HotlineTimerRecord;
import org.townalliance.tenancy.AllTowns;
import org.townalliance.tenancy.Town;
import org.townalliance.tenancy.TownStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.townalliance.db.jooq.platform.Tables.HOTLINE_TIMER;
import static org.townalliance.db.jooq.town.Tables.TICKET;

/**
 * Fires the hotline's deadline timers of every town from one queue: a replica claims due timers with
 * {@code FOR UPDATE SKIP LOCKED}, and marks each fired in the same transaction that records its
 * escalation, so a timer fires once however many replicas poll, and survives restarts (it is a row).
 * A timer whose deadline has moved on (redispatched, reopened, resolved) fires without effect.
 */
@Component
public class DeadlineTimers extends org.townalliance.db.BackgroundLoop {

    static final String ACCEPT_DUE = "ACCEPT_DUE";
    static final String RESOLVE_WARNING = "RESOLVE_WARNING";
    static final String RESOLVE_DUE = "RESOLVE_DUE";
    private static final int BATCH = 100;
    private static final List<String> OPEN = List.of("RECEIVED", "DISPATCHED", "ACCEPTED", "IN_PROGRESS");

    private final DSLContext platform;
    private final AllTowns towns;
    private final HotlineProperties properties;
    private final Clock clock;

    private final TicketWrites writes;

    DeadlineTimers(DSLContext platform, AllTowns towns, HotlineProperties properties, Clock clock, TicketWrites writes) {
        super("Deadline timer");
        this.writes = writes;
        this.platform = platform;
        this.towns = towns;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Fires the timers due at {@code now} (the loop passes the clock's time; tests pass their own) and
     * answers how many escalations and warnings were recorded.
     */
    public Mono<Long> fireDue(Instant now) {
        return Reactive.one(platform.transactionPublisher(trx -> Flux.from(trx.dsl().selectFrom(HOTLINE_TIMER)
                        .where(HOTLINE_TIMER.FIRED_AT.isNull()).and(HOTLINE_TIMER.DUE_AT.le(TicketWrites.at(now)))
                        .orderBy(HOTLINE_TIMER.DUE_AT).limit(BATCH).forUpdate().skipLocked())
                // Read the claimed rows to the end first: a connection runs one statement at a time.
                .collectList().flatMapIterable(claimed -> claimed)
                .concatMap(timer -> towns.find(timer.getTown())
                        .flatMap(town -> fire(trx.dsl(), town, timer, now))
                        .defaultIfEmpty(Outcome.NO_EFFECT)
                        .flatMap(outcome -> outcome == Outcome.POSTPONED ? Mono.just(outcome)
                                : Reactive.run(trx.dsl().update(HOTLINE_TIMER)
                                        .set(HOTLINE_TIMER.FIRED_AT, TicketWrites.at(now))
                                        .where(HOTLINE_TIMER.ID.eq(timer.getId())))
                                .thenReturn(outcome)))
                .filter(outcome -> outcome == Outcome.FIRED)
                .count()));
    }

    /** Records the breach or warning in the town's schema, in the claiming transaction. */
    private enum Outcome { FIRED, NO_EFFECT, POSTPONED }

    private Mono<Outcome> fire(DSLContext trx, Town town, HotlineTimerRecord timer, Instant now) {
        if (town.status() == TownStatus.SUSPENDED || town.quarantined()) {
            // Not served now: postpone rather than drop, so the deadline still shows once the town is back.
            return Reactive.run(trx.update(HOTLINE_TIMER).set(HOTLINE_TIMER.DUE_AT, TicketWrites.at(now.plus(Duration.ofMinutes(5))))
                    .where(HOTLINE_TIMER.ID.eq(timer.getId()))).thenReturn(Outcome.POSTPONED);
        }
        if (town.status() != TownStatus.ACTIVE) {
            return Mono.just(Outcome.NO_EFFECT);
        }
        var dsl = AllTowns.inTransaction(trx.configuration(), town);
        var deadline = timer.getDeadlineAt();
        var update = switch (timer.getKind()) {
            case ACCEPT_DUE -> dsl.update(TICKET).set(TICKET.ACCEPT_BREACHED_AT, TicketWrites.at(now))
                    .where(TICKET.STATUS.eq("DISPATCHED")).and(TICKET.ACCEPT_DUE_AT.eq(deadline)).and(TICKET.ACCEPT_BREACHED_AT.isNull());
            case RESOLVE_DUE -> dsl.update(TICKET).set(TICKET.RESOLVE_BREACHED_AT, TicketWrites.at(now))
                    .where(TICKET.STATUS.in(OPEN)).and(TICKET.RESOLVE_DUE_AT.eq(deadline)).and(TICKET.RESOLVE_BREACHED_AT.isNull());
            // A warning changes nothing on the ticket; the no-op update only checks that the
            // deadline still stands.
            default -> dsl.update(TICKET).set(TICKET.RESOLVE_DUE_AT, TICKET.RESOLVE_DUE_AT)
                    .where(TICKET.STATUS.in(OPEN)).and(TICKET.RESOLVE_DUE_AT.eq(deadline)).and(TICKET.RESOLVE_BREACHED_AT.isNull());
        };
        return Reactive.one(update.and(TICKET.ID.eq(timer.getTicketId())).returning())
                .flatMap(ticket -> writes.record(dsl, town.slug(), ticket,
                        RESOLVE_WARNING.equals(timer.getKind()) ? "DEADLINE_WARNING" : "ESCALATE", note(timer.getKind(), town, deadline),
                        "deadline-timer").thenReturn(Outcome.FIRED))
                .defaultIfEmpty(Outcome.NO_EFFECT);
    }

    private static String note(String kind, Town town, java.time.OffsetDateTime deadline) {
        var local = deadline.atZoneSameInstant(town.timezone()).toLocalDateTime().withNano(0).toString().replace('T', ' ');
        return switch (kind) {
            case ACCEPT_DUE -> "超时未接单（期限 " + local + "）/ not accepted by " + local;
            case RESOLVE_DUE -> "超时未办结（期限 " + local + "）/ not resolved by " + local;
            default -> "即将超时（期限 " + local + "）/ resolve deadline " + local + " is near";
        };
    }

    @Override
    protected Duration interval() {
        return properties.timerPollInterval();
    }

    @Override
    protected Mono<?> round() {
        return fireDue(clock.instant());
    }
}
