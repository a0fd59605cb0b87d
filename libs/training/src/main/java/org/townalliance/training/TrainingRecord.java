package org.townalliance.training;

import org.jooq.DSLContext;
import org.townalliance.tenancy.AllTowns;
import org.townalliance.tenancy.Town;
import org.townalliance.tenancy.TownStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import static org.townalliance.db.jooq.platform.Tables.TRAINING_RECORD_TOWN;
import static org.townalliance.db.jooq.town.Tables.TRAINING_CERTIFICATE;
import static org.townalliance.db.jooq.town.Tables.TRAINING_ENROLMENT;
import static org.townalliance.db.jooq.town.Tables.TRAINING_PROGRAMME;
import static org.townalliance.db.jooq.town.Tables.TRAINING_SESSION;

/**
 * A person's training record across every town that holds part of it, found through the platform's index, not
 * through the person's current roles: it stays theirs after they leave a town's firm (DESIGN §6).
 */
final class TrainingRecord {

    private TrainingRecord() {
    }

    record Entry(String town, String townName, UUID enrolmentId, String programmeTitle, Programmes.Category category, String sessionName,
                 LocalDate startsOn, LocalDate endsOn, BigDecimal hours, String status, int daysPresent, int days, Integer score,
                 String certificateCode, String certificateStatus) {
    }

    record Record(List<Entry> entries, BigDecimal completedHours, int validCertificates) {
    }

    static Mono<Record> of(DSLContext platform, AllTowns towns, String personId) {
        return Flux.from(platform.select(TRAINING_RECORD_TOWN.TOWN).from(TRAINING_RECORD_TOWN).where(TRAINING_RECORD_TOWN.PERSON_ID.eq(personId)))
                .concatMap(r -> towns.find(r.value1()).filter(TrainingRecord::readable))
                .concatMap(town -> entries(towns.dsl(town), town, personId))
                .collectList()
                .map(entries -> {
                    var sorted = entries.stream().sorted(Comparator.comparing(Entry::startsOn).reversed()).toList();
                    var hours = sorted.stream().filter(e -> "COMPLETED".equals(e.status())).map(Entry::hours).reduce(BigDecimal.ZERO, BigDecimal::add);
                    var certificates = (int) sorted.stream().filter(e -> "VALID".equals(e.certificateStatus())).count();
                    return new Record(sorted, hours, certificates);
                });
    }

    /**
     * A person's record and the verification of a certificate outlive the town's service: suspended and archived
     * towns stay readable here (only onboarding and quarantined schemas are not).
     */
    static boolean readable(Town town) {
        return town.status() != TownStatus.ONBOARDING && !town.quarantined();
    }

    private static Flux<Entry> entries(DSLContext dsl, Town town, String personId) {
        return Flux.from(dsl.select(TRAINING_ENROLMENT.ID, TRAINING_ENROLMENT.STATUS, TRAINING_ENROLMENT.SCORE, TRAINING_SESSION.NAME,
                                TRAINING_SESSION.STARTS_ON, TRAINING_SESSION.ENDS_ON, TRAINING_PROGRAMME.TITLE, TRAINING_PROGRAMME.CATEGORY,
                                TRAINING_PROGRAMME.HOURS, TRAINING_CERTIFICATE.CODE, TRAINING_CERTIFICATE.REVOKED_AT)
                        .from(TRAINING_ENROLMENT).join(TRAINING_SESSION).on(TRAINING_SESSION.ID.eq(TRAINING_ENROLMENT.SESSION_ID))
                        .join(TRAINING_PROGRAMME).on(TRAINING_PROGRAMME.ID.eq(TRAINING_SESSION.PROGRAMME_ID))
                        .leftJoin(TRAINING_CERTIFICATE).on(TRAINING_CERTIFICATE.ENROLMENT_ID.eq(TRAINING_ENROLMENT.ID))
                        .where(TRAINING_ENROLMENT.PERSON_ID.eq(personId)).and(TRAINING_ENROLMENT.STATUS.ne("WITHDRAWN")))
                .collectList()
                .flatMapMany(rows -> Enrolments.presentDays(dsl, rows.stream().map(r -> r.get(TRAINING_ENROLMENT.ID)).toList())
                        .flatMapMany(present -> Flux.fromIterable(rows).map(r -> new Entry(town.slug(), town.nameZh(), r.get(TRAINING_ENROLMENT.ID),
                                r.get(TRAINING_PROGRAMME.TITLE), Programmes.Category.valueOf(r.get(TRAINING_PROGRAMME.CATEGORY)), r.get(TRAINING_SESSION.NAME),
                                r.get(TRAINING_SESSION.STARTS_ON), r.get(TRAINING_SESSION.ENDS_ON), r.get(TRAINING_PROGRAMME.HOURS),
                                r.get(TRAINING_ENROLMENT.STATUS), present.getOrDefault(r.get(TRAINING_ENROLMENT.ID), List.of()).size(),
                                (int) ChronoUnit.DAYS.between(r.get(TRAINING_SESSION.STARTS_ON), r.get(TRAINING_SESSION.ENDS_ON)) + 1,
                                r.get(TRAINING_ENROLMENT.SCORE), r.get(TRAINING_CERTIFICATE.CODE),
                                r.get(TRAINING_CERTIFICATE.CODE) == null ? null : r.get(TRAINING_CERTIFICATE.REVOKED_AT) == null ? "VALID" : "REVOKED"))));
    }
}
