package org.townalliance.hotline;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.db.jooq.town.tables.records.TicketRecord;
import org.townalliance.tenancy.Town;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.TICKET;

/**
 * A lifecycle action on a ticket with its consequences: a legal transition (else 409), a dispatch to a
 * current member only, a new accept deadline on (re)dispatch, a new resolve deadline on reopening (only
 * within the town's reopen window), a cancelled duplicate linked to its original. Who may act is checked
 * by the caller ({@link TicketRules#mayTake}).
 */
@Component
class TicketTransitions {

    /** What the caller asks for; {@code organisationId} for dispatch and transfer, {@code reason} for cancel. */
    record Command(TicketRules.Action action, UUID organisationId, String note, TicketRules.CancelReason reason, UUID duplicateOf,
                   String actor) {
    }

    private final Clock clock;
    private final PolicyCache policies;

    private final TicketWrites writes;

    TicketTransitions(Clock clock, PolicyCache policies, TicketWrites writes) {
        this.writes = writes;
        this.clock = clock;
        this.policies = policies;
    }

    Mono<TicketRecord> apply(DSLContext dsl, Town town, TicketRecord ticket, Command command) {
        var act = command.action();
        var current = TicketRules.Status.valueOf(ticket.getStatus());
        var next = TicketRules.next(current, act);
        if (next.isEmpty()) {
            return Mono.error(new ProblemException(HttpStatus.CONFLICT, "illegal-ticket-transition", "Illegal transition",
                    "A " + current + " ticket cannot be " + act.name().toLowerCase(java.util.Locale.ROOT) + "ed.",
                    Map.of("status", current.name(), "action", act.name())));
        }
        if (act == TicketRules.Action.CANCEL && command.reason() == null) {
            return Mono.error(ProblemException.badRequest("cancel-reason-required", "CANCEL needs a reason: DUPLICATE, INVALID or WITHDRAWN."));
        }
        if (act == TicketRules.Action.CANCEL && (command.reason() == TicketRules.CancelReason.DUPLICATE) != (command.duplicateOf() != null)) {
            return Mono.error(ProblemException.badRequest("duplicate-of-required",
                    "A ticket cancelled as DUPLICATE names the ticket it repeats (duplicateOf), and only then."));
        }
        var assignTo = switch (act) {
            case DISPATCH, TRANSFER -> command.organisationId();
            case REJECT, CANCEL -> null;
            default -> ticket.getAssignedOrganisationId();
        };
        var checks = TicketRules.needsOrganisation(act)
                ? AllianceDirectory.isCurrentMember(dsl, assignTo).flatMap(member -> member ? Mono.<Void>empty()
                        : Mono.error(ProblemException.badRequest("not-a-member", "Tickets go to current members of this alliance.")))
                : Mono.<Void>empty();
        if (command.duplicateOf() != null) {
            checks = checks.then(original(dsl, ticket, command.duplicateOf()));
        }
        if (act == TicketRules.Action.RESOLVE) {
            checks = checks.then(afterPhoto(dsl, town, ticket));
        }
        return checks.then(policies.policy(dsl, town))
                .flatMap(policy -> effects(dsl, town, ticket, command, policy))
                .flatMap(effects -> writes.transition(dsl, town.slug(), ticket, act, next.get(), assignTo, command.note(),
                        command.actor(), effects));
    }

    private Mono<TicketWrites.Effects> effects(DSLContext dsl, Town town, TicketRecord ticket, Command command, HotlinePolicies.Policy policy) {
        var now = clock.instant();
        Map<Field<?>, Object> sets = new HashMap<>();
        List<TicketWrites.Timer> timers = new ArrayList<>();
        switch (command.action()) {
            case RESOLVE -> sets.put(TICKET.RESOLVED_AT, TicketWrites.at(now));
            case CLOSE -> sets.put(TICKET.CLOSED_AT, TicketWrites.at(now));
            case REJECT -> {
                sets.put(TICKET.ACCEPT_DUE_AT, null);
                unassign(sets);
            }
            case TRANSFER -> unassign(sets);
            case CANCEL -> {
                sets.put(TICKET.CANCEL_REASON, command.reason().name());
                sets.put(TICKET.DUPLICATE_OF, command.duplicateOf());
            }
            case REOPEN -> {
                var resolved = ticket.getResolvedAt() != null ? ticket.getResolvedAt().toInstant() : ticket.getUpdatedAt().toInstant();
                var window = Duration.ofDays(policy.settings().getReopenWindowDays());
                if (now.isAfter(resolved.plus(window))) {
                    return Mono.error(ProblemException.conflict("reopen-window-passed", "Tickets reopen within "
                            + policy.settings().getReopenWindowDays() + " days of resolution; file a new ticket instead."));
                }
            }
            default -> { }
        }
        var redispatch = command.action() == TicketRules.Action.DISPATCH || command.action() == TicketRules.Action.TRANSFER
                || command.action() == TicketRules.Action.REOPEN;
        if (!redispatch) {
            return Mono.just(new TicketWrites.Effects(sets, timers));
        }
        return policies.activeCategory(dsl, town, ticket.getCategoryCode()).map(c -> java.util.Optional.ofNullable(c.getParentCode()))
                .defaultIfEmpty(java.util.Optional.empty())
                .map(parent -> {
                    var rule = policy.deadlines().ruleFor(ticket.getKind(), ticket.getCategoryCode(), parent.orElse(null),
                            ticket.getPriority(), Boolean.TRUE.equals(ticket.getEmergency()));
                    sets.put(TICKET.DISPATCHED_AT, TicketWrites.at(now));
                    sets.put(TICKET.ACCEPT_BREACHED_AT, null);
                    var acceptBy = policy.deadlines().acceptBy(rule, now).orElse(null);
                    sets.put(TICKET.ACCEPT_DUE_AT, TicketWrites.at(acceptBy));
                    if (acceptBy != null) {
                        timers.add(new TicketWrites.Timer(DeadlineTimers.ACCEPT_DUE, acceptBy, acceptBy));
                    }
                    if (command.action() == TicketRules.Action.REOPEN) {
                        reopen(sets, timers, policy, rule, now);
                    }
                    return new TicketWrites.Effects(sets, timers);
                });
    }

    /** A reopened ticket is open again with a fresh resolve deadline counted from now. */
    private static void reopen(Map<Field<?>, Object> sets, List<TicketWrites.Timer> timers, HotlinePolicies.Policy policy,
                               java.util.Optional<DeadlinePolicy.Rule> rule, Instant now) {
        sets.put(TICKET.RESOLVED_AT, null);
        sets.put(TICKET.CLOSED_AT, null);
        sets.put(TICKET.RESOLVE_BREACHED_AT, null);
        var resolveBy = policy.deadlines().resolveBy(rule, now, null).orElse(null);
        sets.put(TICKET.RESOLVE_DUE_AT, TicketWrites.at(resolveBy));
        if (resolveBy != null) {
            timers.add(new TicketWrites.Timer(DeadlineTimers.RESOLVE_DUE, resolveBy, resolveBy));
        }
    }

    /** The organisation the ticket leaves takes its field worker with it. */
    private static void unassign(Map<Field<?>, Object> sets) {
        sets.put(TICKET.ASSIGNEE_SUBJECT, null);
        sets.put(TICKET.ASSIGNEE_NAME, null);
        sets.put(TICKET.ASSIGNED_AT, null);
    }

    /** The town's policy: tickets of some categories are resolved only once an "after" photo shows the work done. */
    private Mono<Void> afterPhoto(DSLContext dsl, Town town, TicketRecord ticket) {
        return policies.activeCategory(dsl, town, ticket.getCategoryCode())
                .filter(category -> Boolean.TRUE.equals(category.getAfterPhotoRequired()))
                .flatMap(category -> TicketPhotos.of(dsl, ticket.getId()).filter(p -> p.role() == TicketPhotos.Role.AFTER).hasElements())
                .flatMap(hasAfter -> hasAfter ? Mono.<Void>empty() : Mono.error(new ProblemException(HttpStatus.CONFLICT, "after-photo-required",
                        "After photo required", "This town resolves " + ticket.getCategoryCode() + " tickets only with an \"after\" photo; add one first.")));
    }

    private static Mono<Void> original(DSLContext dsl, TicketRecord ticket, UUID duplicateOf) {
        if (duplicateOf.equals(ticket.getId())) {
            return Mono.error(ProblemException.badRequest("duplicate-of-itself", "A ticket cannot duplicate itself."));
        }
        return Tickets.find(dsl, duplicateOf)
                .onErrorMap(ProblemException.class, e -> ProblemException.badRequest("unknown-original", "duplicateOf names no ticket of this town."))
                .flatMap(original -> "CANCELLED".equals(original.getStatus())
                        ? Mono.error(ProblemException.badRequest("original-cancelled", "The original ticket is itself cancelled."))
                        : Mono.<Void>empty());
    }
}
