package org.townalliance.evaluation;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.townalliance.alliance.AllianceFacts;
import org.townalliance.governance.GovernanceFacts;
import org.townalliance.hotline.TicketDirectory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.INSPECTION_SCORE;

/**
 * The facts of a period per member organisation, read from the modules that own them and known at
 * {@code asOf}. A ticket counts for the firm that managed its estate on the day it came in (the estate's
 * management history); households are weighted by the days each firm managed each estate in the period.
 */
final class Facts {

    private Facts() {
    }

    /**
     * {@code asOf} bounds what tickets say (ratings and reopenings arrive late); {@code enteredBy} bounds what the
     * secretariat entered (inspections of a closed period are entered after it): the time of the computation.
     */
    static Mono<List<Scoring.Organisation>> gather(DSLContext town, ZoneId zone, Period period, OffsetDateTime asOf, OffsetDateTime enteredBy) {
        var from = period.from().atStartOfDay(zone).toOffsetDateTime();
        var until = period.until().atStartOfDay(zone).toOffsetDateTime();
        return Mono.zip(AllianceFacts.membersBetween(town, period.from(), period.until()).collectList(),
                        AllianceFacts.managementPeriods(town).collectList(), AllianceFacts.households(town),
                        TicketDirectory.estateDays(town, from, until, asOf, zone).collectList(),
                        AllianceFacts.governanceHours(town, period.from(), period.until()),
                        GovernanceFacts.generalMeetingAttendance(town, from, until), inspections(town, period, enteredBy))
                .map(t -> organisations(period, t.getT1(), t.getT2(), t.getT3(), t.getT4(), t.getT5(), t.getT6(), t.getT7()));
    }

    /** Per organisation: the average inspection score and how many inspections it rests on. */
    record Inspections(BigDecimal average, int count) {
    }

    private static Mono<Map<UUID, Inspections>> inspections(DSLContext town, Period period, OffsetDateTime enteredBy) {
        return Flux.from(town.select(INSPECTION_SCORE.ORGANISATION_ID, DSL.avg(INSPECTION_SCORE.SCORE), DSL.count()).from(INSPECTION_SCORE)
                        .where(INSPECTION_SCORE.INSPECTED_ON.ge(period.from())).and(INSPECTION_SCORE.INSPECTED_ON.lt(period.until()))
                        .and(INSPECTION_SCORE.CREATED_AT.le(enteredBy)).groupBy(INSPECTION_SCORE.ORGANISATION_ID))
                .collectMap(r -> r.value1(), r -> new Inspections(r.value2().setScale(4, RoundingMode.HALF_UP), r.value3()));
    }

    private static final class Tally {
        int due;
        int onTime;
        int rated;
        int satisfied;
        int complaints;
        int resolved;
        int reopened;
        BigDecimal householdDays = BigDecimal.ZERO;
    }

    static List<Scoring.Organisation> organisations(Period period, List<AllianceFacts.MemberFact> members,
                                                    List<AllianceFacts.ManagementPeriod> managements, Map<UUID, Integer> households,
                                                    List<TicketDirectory.EstateDay> days, Map<UUID, BigDecimal> hours,
                                                    Map<UUID, GovernanceFacts.Attendance> attendance, Map<UUID, Inspections> inspections) {
        var tallies = new HashMap<UUID, Tally>();
        members.forEach(m -> tallies.put(m.organisationId(), new Tally()));
        var byEstate = new HashMap<UUID, List<AllianceFacts.ManagementPeriod>>();
        managements.forEach(m -> byEstate.computeIfAbsent(m.estateId(), e -> new ArrayList<>()).add(m));
        for (var day : days) {
            var manager = managerOn(byEstate.getOrDefault(day.estateId(), List.of()), day.day());
            var tally = manager == null ? null : tallies.get(manager);
            if (tally == null) {
                continue; // an estate nobody (or a non-member) managed that day: the ticket counts for no member
            }
            tally.due += day.due();
            tally.onTime += day.onTime();
            tally.rated += day.rated();
            tally.satisfied += day.satisfied();
            tally.complaints += day.complaints();
            tally.resolved += day.resolved();
            tally.reopened += day.reopened();
        }
        for (var management : managements) {
            var tally = tallies.get(management.organisationId());
            var size = households.get(management.estateId());
            if (tally == null || size == null) {
                continue;
            }
            var start = max(management.from(), period.from());
            var end = management.to() == null ? period.until() : min(management.to(), period.until());
            var overlap = end.toEpochDay() - start.toEpochDay();
            if (overlap > 0) {
                tally.householdDays = tally.householdDays.add(BigDecimal.valueOf((long) size * overlap));
            }
        }
        var result = new ArrayList<Scoring.Organisation>();
        for (var member : members) {
            var tally = tallies.get(member.organisationId());
            var measures = new EnumMap<Indicator, Scoring.Measure>(Indicator.class);
            measures.put(Indicator.ON_TIME_RATE, percent(tally.onTime, tally.due));
            measures.put(Indicator.SATISFACTION, percent(tally.satisfied, tally.rated));
            var averageHouseholds = tally.householdDays.divide(BigDecimal.valueOf(period.days()), 4, RoundingMode.HALF_UP);
            measures.put(Indicator.COMPLAINTS_PER_1000, new Scoring.Measure(averageHouseholds.signum() == 0 ? null
                    : BigDecimal.valueOf(tally.complaints * 1000L).divide(averageHouseholds, 4, RoundingMode.HALF_UP),
                    averageHouseholds.setScale(0, RoundingMode.HALF_UP).intValue()));
            measures.put(Indicator.REOPEN_RATE, percent(tally.reopened, tally.resolved));
            measures.put(Indicator.GOVERNANCE_HOURS, new Scoring.Measure(hours.getOrDefault(member.organisationId(), BigDecimal.ZERO)
                    .setScale(4, RoundingMode.HALF_UP), 1));
            var came = attendance.get(member.organisationId());
            measures.put(Indicator.MEETING_ATTENDANCE, came == null ? new Scoring.Measure(null, 0) : percent(came.attended(), came.invited()));
            var inspected = inspections.get(member.organisationId());
            measures.put(Indicator.INSPECTION, inspected == null ? new Scoring.Measure(null, 0) : new Scoring.Measure(inspected.average(), inspected.count()));
            result.add(new Scoring.Organisation(member.organisationId(), member.nameZh(), measures));
        }
        return result;
    }

    private static Scoring.Measure percent(int part, int whole) {
        return new Scoring.Measure(whole == 0 ? null : BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 4, RoundingMode.HALF_UP), whole);
    }

    private static UUID managerOn(List<AllianceFacts.ManagementPeriod> history, LocalDate day) {
        for (var management : history) {
            if (!management.from().isAfter(day) && (management.to() == null || management.to().isAfter(day))) {
                return management.organisationId();
            }
        }
        return null;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
