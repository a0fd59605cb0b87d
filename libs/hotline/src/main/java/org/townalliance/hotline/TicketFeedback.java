package org.townalliance.hotline;

import org.jooq.DSLContext;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.TicketRecord;
import org.townalliance.tenancy.Town;
import reactor.core.publisher.Mono;

import java.util.Set;

import static org.townalliance.db.jooq.town.Tables.TICKET_FEEDBACK;

/**
 * The resident's verdict after resolution, from the operator's callback or the rating link: satisfied
 * closes a resolved ticket; not satisfied reopens it while the town's reopen window lasts (after it, the
 * verdict is kept and counts in the firm's evaluation, and the operator files a new ticket if needed).
 */
final class TicketFeedback {

    static final Set<String> RATEABLE = Set.of("RESOLVED", "CLOSED");

    private TicketFeedback() {
    }

    record Verdict(String source, boolean satisfied, int score, String comment, String recordedBy) {
    }

    static Mono<TicketRecord> record(DSLContext dsl, Town town, TicketRecord ticket, Verdict verdict, TicketTransitions transitions) {
        var saved = Reactive.run(dsl.insertInto(TICKET_FEEDBACK)
                .set(TICKET_FEEDBACK.TICKET_ID, ticket.getId())
                .set(TICKET_FEEDBACK.SOURCE, verdict.source())
                .set(TICKET_FEEDBACK.SATISFIED, verdict.satisfied())
                .set(TICKET_FEEDBACK.SCORE, (short) verdict.score())
                .set(TICKET_FEEDBACK.COMMENT, verdict.comment())
                .set(TICKET_FEEDBACK.RECORDED_BY, verdict.recordedBy()));
        var note = (verdict.satisfied() ? "回访满意 / resident satisfied" : "回访不满意 / resident not satisfied") + " (" + verdict.score() + "/5)"
                + (verdict.comment() == null || verdict.comment().isBlank() ? "" : ": " + verdict.comment());
        TicketRules.Action follow = verdict.satisfied()
                ? ("RESOLVED".equals(ticket.getStatus()) ? TicketRules.Action.CLOSE : null)
                : TicketRules.Action.REOPEN;
        if (follow == null) {
            return saved.thenReturn(ticket);
        }
        var command = new TicketTransitions.Command(follow, null, note, null, null, verdict.recordedBy());
        // The transition first: if the ticket changed meanwhile (409), nothing is recorded and the caller retries.
        return transitions.apply(dsl, town, ticket, command)
                // Past the reopen window the verdict stands on its own.
                .onErrorResume(org.townalliance.web.ProblemException.class,
                        e -> "reopen-window-passed".equals(e.code()) ? Mono.just(ticket) : Mono.error(e))
                .flatMap(updated -> saved.thenReturn(updated));
    }
}
