package org.townalliance.hotline;

import org.townalliance.identity.TownRole;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ticket lifecycle as pure rules (no I/O): which action leads from which status to which, and who
 * may take it. The operations centre (hotline, secretariat) dispatches, transfers, escalates, closes,
 * cancels and reopens; only people of the organisation the ticket is dispatched to accept, reject, start and resolve.
 */
final class TicketRules {

    enum Status { RECEIVED, DISPATCHED, ACCEPTED, IN_PROGRESS, RESOLVED, CLOSED, CANCELLED }

    enum Action { DISPATCH, TRANSFER, ACCEPT, REJECT, START, RESOLVE, CLOSE, REOPEN, CANCEL, ESCALATE }

    /** Why a ticket is cancelled; a DUPLICATE names the ticket it repeats. */
    enum CancelReason { DUPLICATE, INVALID, WITHDRAWN }

    /** {@code to} null: the status stays (an escalation changes who watches, not where the ticket is). */
    private record Rule(Set<Status> from, Status to, boolean byOperationsCentre) {
    }

    private static final Set<Status> OPEN = EnumSet.of(Status.RECEIVED, Status.DISPATCHED, Status.ACCEPTED, Status.IN_PROGRESS);

    private static final Set<TownRole> OPERATIONS_CENTRE = EnumSet.of(TownRole.HOTLINE, TownRole.SECRETARIAT);
    private static final Set<TownRole> ORGANISATION = EnumSet.of(TownRole.ORG_MANAGER, TownRole.ORG_STAFF);

    private static final Map<Action, Rule> RULES = Map.ofEntries(
            Map.entry(Action.DISPATCH, new Rule(EnumSet.of(Status.RECEIVED), Status.DISPATCHED, true)),
            Map.entry(Action.TRANSFER, new Rule(EnumSet.of(Status.DISPATCHED, Status.ACCEPTED, Status.IN_PROGRESS), Status.DISPATCHED, true)),
            Map.entry(Action.ACCEPT, new Rule(EnumSet.of(Status.DISPATCHED), Status.ACCEPTED, false)),
            Map.entry(Action.REJECT, new Rule(EnumSet.of(Status.DISPATCHED), Status.RECEIVED, false)),
            Map.entry(Action.START, new Rule(EnumSet.of(Status.ACCEPTED), Status.IN_PROGRESS, false)),
            Map.entry(Action.RESOLVE, new Rule(EnumSet.of(Status.ACCEPTED, Status.IN_PROGRESS), Status.RESOLVED, false)),
            Map.entry(Action.CLOSE, new Rule(EnumSet.of(Status.RESOLVED), Status.CLOSED, true)),
            Map.entry(Action.REOPEN, new Rule(EnumSet.of(Status.RESOLVED, Status.CLOSED), Status.DISPATCHED, true)),
            Map.entry(Action.CANCEL, new Rule(EnumSet.of(Status.RECEIVED, Status.DISPATCHED), Status.CANCELLED, true)),
            Map.entry(Action.ESCALATE, new Rule(OPEN, null, true)));

    private TicketRules() {
    }

    /** The status after {@code action}, or empty when the action is illegal from {@code current}. */
    static Optional<Status> next(Status current, Action action) {
        var rule = RULES.get(action);
        return rule.from().contains(current) ? Optional.of(rule.to() == null ? current : rule.to()) : Optional.empty();
    }

    /**
     * Whether someone with {@code roles} in the town may take {@code action}; {@code ofAssignedOrganisation}
     * says whether their organisation role is in the organisation the ticket is dispatched to.
     */
    static boolean mayTake(Action action, Set<TownRole> roles, boolean ofAssignedOrganisation) {
        if (RULES.get(action).byOperationsCentre()) {
            return roles.stream().anyMatch(OPERATIONS_CENTRE::contains);
        }
        return ofAssignedOrganisation && roles.stream().anyMatch(ORGANISATION::contains);
    }

    /** Whether the action needs the organisation to dispatch to. */
    static boolean needsOrganisation(Action action) {
        return action == Action.DISPATCH || action == Action.TRANSFER;
    }

    /** Whether the action must say why. */
    static boolean needsNote(Action action) {
        return action == Action.REJECT || action == Action.CANCEL || action == Action.REOPEN || action == Action.TRANSFER
                || action == Action.ESCALATE;
    }
}
