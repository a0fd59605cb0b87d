package org.townalliance.hotline;

import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.tenancy.Town;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Optional;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.TICKET;

/**
 * Taking in a ticket, whichever way it comes (operators, the city hotline's client, Open311): the
 * category must be active; the estate's managing firm of the day is suggested; a possible duplicate is
 * flagged; a town rule may dispatch it at once; its deadlines come from the town's rules (the city's own
 * deadline when earlier) and are scheduled as timers in the same transaction.
 */
@Component
class TicketIntake {

    /** A ticket to take in, already validated for shape. */
    record Request(String kind, String channel, String categoryCode, UUID estateId, String address, String reporterName,
                   String reporterPhone, String description, String priority, boolean emergency, String cityCaseId,
                   OffsetDateTime cityDeadline, UUID open311Token, BigDecimal latitude, BigDecimal longitude,
                   String mediaUrl) {
    }

    private final Clock clock;
    private final PolicyCache policies;

    private final TicketWrites writes;

    TicketIntake(Clock clock, PolicyCache policies, TicketWrites writes) {
        this.writes = writes;
        this.clock = clock;
        this.policies = policies;
    }

    Mono<TicketWrites.Intake> take(DSLContext dsl, Town town, String actor, String idempotencyKey, Request request) {
        return take(dsl, town, actor, idempotencyKey, request, null);
    }

    /** As above; {@code alsoOnInsert} writes what belongs to a new ticket in its transaction (a resident's photos). */
    Mono<TicketWrites.Intake> take(DSLContext dsl, Town town, String actor, String idempotencyKey, Request request,
                                   TicketWrites.AlsoOnInsert alsoOnInsert) {
        var now = clock.instant();
        var today = LocalDate.ofInstant(now, town.timezone());
        return policies.of(dsl, town).flatMap(settings -> {
                    var category = settings.activeCategories().get(request.categoryCode());
                    if (category == null) {
                        return Mono.error(ProblemException.badRequest("unknown-category",
                                "There is no active category '" + request.categoryCode() + "' in this town."));
                    }
                    var policy = settings.policy();
                    var suggested = request.estateId() == null ? Mono.<UUID>empty()
                            : AllianceDirectory.managingOrganisationOn(dsl, request.estateId(), today);
                    var duplicate = Tickets.possibleDuplicate(dsl, request.reporterPhone(), request.estateId(), request.categoryCode(),
                            policy.settings().getDuplicateWindowHours());
                    var autoDispatch = DispatchRules.organisationFor(dsl, request.estateId(), category.getCode(), category.getParentCode(), today);
                    return Mono.zip(optional(suggested), optional(duplicate), optional(autoDispatch))
                            .flatMap(t -> insert(dsl, town, actor, idempotencyKey, request, category.getParentCode(), policy, now,
                                    t.getT1().orElse(null), t.getT2().orElse(null), t.getT3().orElse(null), alsoOnInsert));
                });
    }

    private Mono<TicketWrites.Intake> insert(DSLContext dsl, Town town, String actor, String key, Request request, String parentCategory,
                                             HotlinePolicies.Policy policy, Instant now, UUID suggested, UUID duplicate, UUID dispatchTo,
                                             TicketWrites.AlsoOnInsert alsoOnInsert) {
        var priority = request.priority() == null ? "NORMAL" : request.priority();
        var rule = policy.deadlines().ruleFor(request.kind(), request.categoryCode(), parentCategory, priority, request.emergency());
        var resolveBy = policy.deadlines().resolveBy(rule, now, request.cityDeadline() == null ? null : request.cityDeadline().toInstant());
        var timers = new ArrayList<TicketWrites.Timer>();
        resolveBy.ifPresent(due -> {
            timers.add(new TicketWrites.Timer(DeadlineTimers.RESOLVE_DUE, due, due));
            var percent = policy.settings().getResolveWarningPercent();
            if (percent > 0 && percent < 100 && due.isAfter(now)) {
                timers.add(new TicketWrites.Timer(DeadlineTimers.RESOLVE_WARNING, DeadlinePolicy.warningAt(now, due, percent), due));
            }
        });
        TicketWrites.AutoDispatch dispatch = null;
        if (dispatchTo != null) {
            var acceptBy = policy.deadlines().acceptBy(rule, now).orElse(null);
            dispatch = new TicketWrites.AutoDispatch(dispatchTo, acceptBy);
            if (acceptBy != null) {
                timers.add(new TicketWrites.Timer(DeadlineTimers.ACCEPT_DUE, acceptBy, acceptBy));
            }
        }
        var record = dsl.newRecord(TICKET);
        record.setKind(request.kind());
        record.setChannel(request.channel());
        record.setCategoryCode(request.categoryCode());
        record.setEstateId(request.estateId());
        record.setAddress(request.address());
        record.setReporterName(request.reporterName());
        record.setReporterPhone(request.reporterPhone());
        record.setDescription(request.description());
        record.setPriority(priority);
        record.setEmergency(request.emergency());
        record.setStatus(TicketRules.Status.RECEIVED.name());
        record.setSuggestedOrganisationId(suggested);
        record.setPossibleDuplicateOf(duplicate);
        record.setIdempotencyKey(key);
        record.setCityCaseId(request.cityCaseId());
        record.setCityDeadline(request.cityDeadline());
        record.setOpen311Token(request.open311Token());
        record.setLatitude(request.latitude());
        record.setLongitude(request.longitude());
        record.setMediaUrl(request.mediaUrl());
        record.setResolveDueAt(TicketWrites.at(resolveBy.orElse(null)));
        record.setCreatedAt(TicketWrites.at(now));
        record.setUpdatedAt(TicketWrites.at(now));
        record.setCreatedBy(actor);
        return writes.insert(dsl, town.slug(), record, actor, timers, dispatch, alsoOnInsert);
    }

    private static <T> Mono<Optional<T>> optional(Mono<T> value) {
        return value.map(Optional::of).defaultIfEmpty(Optional.empty());
    }
}
