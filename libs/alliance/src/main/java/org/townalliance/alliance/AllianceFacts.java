package org.townalliance.alliance;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static org.townalliance.db.jooq.platform.Tables.ORGANISATION;
import static org.townalliance.db.jooq.town.Tables.ESTATE;
import static org.townalliance.db.jooq.town.Tables.ESTATE_MANAGEMENT;
import static org.townalliance.db.jooq.town.Tables.GOVERNANCE_ACTIVITY;
import static org.townalliance.db.jooq.town.Tables.GOVERNANCE_PARTICIPATION;
import static org.townalliance.db.jooq.town.Tables.MEMBER;

/** What the quality evaluation reads from the alliance: members, who managed which estate when, households, governance hours. */
public final class AllianceFacts {

    private AllianceFacts() {
    }

    /** A member in a period: {@code left} is null while it is a member. */
    public record MemberFact(UUID organisationId, String nameZh, String uscc, String kind, LocalDate joinedOn, LocalDate leftOn) {
    }

    /** [from, to): to is null while the firm still manages the estate. */
    public record ManagementPeriod(UUID estateId, UUID organisationId, LocalDate from, LocalDate to) {
    }

    /** Members at any time in [from, until). */
    public static Flux<MemberFact> membersBetween(DSLContext town, LocalDate from, LocalDate until) {
        return Flux.from(town.select(MEMBER.ORGANISATION_ID, ORGANISATION.NAME_ZH, ORGANISATION.USCC, MEMBER.KIND, MEMBER.JOINED_ON, MEMBER.LEFT_ON)
                        .from(MEMBER).join(ORGANISATION).on(ORGANISATION.ID.eq(MEMBER.ORGANISATION_ID))
                        .where(MEMBER.JOINED_ON.lt(until)).and(MEMBER.LEFT_ON.isNull().or(MEMBER.LEFT_ON.ge(from)))
                        .orderBy(ORGANISATION.NAME_ZH))
                .map(r -> new MemberFact(r.value1(), r.value2(), r.value3(), r.value4(), r.value5(), r.value6()))
                .distinct(MemberFact::organisationId);
    }

    public static Flux<ManagementPeriod> managementPeriods(DSLContext town) {
        return Flux.from(town.select(ESTATE_MANAGEMENT.ESTATE_ID, ESTATE_MANAGEMENT.ORGANISATION_ID, ESTATE_MANAGEMENT.FROM_DATE, ESTATE_MANAGEMENT.TO_DATE)
                        .from(ESTATE_MANAGEMENT).orderBy(ESTATE_MANAGEMENT.ESTATE_ID, ESTATE_MANAGEMENT.FROM_DATE))
                .map(r -> new ManagementPeriod(r.value1(), r.value2(), r.value3(), r.value4()));
    }

    /** Households per estate (estates without a count are left out). */
    public static Mono<Map<UUID, Integer>> households(DSLContext town) {
        return Flux.from(town.select(ESTATE.ID, ESTATE.HOUSEHOLDS).from(ESTATE).where(ESTATE.HOUSEHOLDS.isNotNull()))
                .collectMap(r -> r.value1(), r -> r.value2());
    }

    /** Hours each organisation's people gave to community governance activities held in [from, until). */
    public static Mono<Map<UUID, BigDecimal>> governanceHours(DSLContext town, LocalDate from, LocalDate until) {
        return Flux.from(town.select(GOVERNANCE_PARTICIPATION.ORGANISATION_ID, DSL.sum(GOVERNANCE_PARTICIPATION.HOURS))
                        .from(GOVERNANCE_PARTICIPATION).join(GOVERNANCE_ACTIVITY).on(GOVERNANCE_ACTIVITY.ID.eq(GOVERNANCE_PARTICIPATION.ACTIVITY_ID))
                        .where(GOVERNANCE_ACTIVITY.HELD_ON.ge(from)).and(GOVERNANCE_ACTIVITY.HELD_ON.lt(until))
                        .groupBy(GOVERNANCE_PARTICIPATION.ORGANISATION_ID))
                .collectMap(r -> r.value1(), r -> r.value2());
    }
}
