package org.townalliance.training;

import org.jooq.DSLContext;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.TrainingCertificateRecord;
import org.townalliance.db.jooq.town.tables.records.TrainingEnrolmentRecord;
import org.townalliance.db.jooq.town.tables.records.TrainingProgrammeRecord;
import org.townalliance.db.jooq.town.tables.records.TrainingSessionRecord;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.TRAINING_ENROLMENT;
import static org.townalliance.db.jooq.town.Tables.TRAINING_PROGRAMME;
import static org.townalliance.db.jooq.town.Tables.TRAINING_SESSION;

/**
 * Completing a session, once, after its last day: each running enrolment is completed when the person attended
 * at least the programme's share of the session's days and, if the programme has a pass mark, scored at least
 * that; every completion gets its certificate in the same transaction.
 */
final class Completion {

    private Completion() {
    }

    record Result(UUID enrolmentId, String personName, int daysPresent, int days, Integer score, boolean completed, String reason,
                  String certificateCode) {
    }

    /** Pure: whether an enrolment completes, and if not, why (in the words shown to the secretariat). */
    static String shortfall(int daysPresent, int days, Integer score, int minAttendancePercent, Integer passMark) {
        if (daysPresent * 100L < (long) minAttendancePercent * days) {
            return "attendance " + daysPresent + "/" + days + " below " + minAttendancePercent + "%";
        }
        if (passMark != null && (score == null || score < passMark)) {
            return score == null ? "no assessment score" : "score " + score + " below " + passMark;
        }
        return null;
    }

    static Mono<List<Result>> complete(DSLContext town, String slug, UUID sessionId, LocalDate today, String actor, LearnerNotices notices) {
        return Reactive.one(town.transactionPublisher(trx -> {
            var tx = trx.dsl();
            return Enrolments.openSession(tx, sessionId)
                    .flatMap(session -> today.isBefore(session.getEndsOn())
                            ? Mono.error(ProblemException.conflict("session-not-over", "The session ends on " + session.getEndsOn()
                                    + "; it is completed after its last day."))
                            : Reactive.one(tx.selectFrom(TRAINING_PROGRAMME).where(TRAINING_PROGRAMME.ID.eq(session.getProgrammeId())))
                                    .flatMap(programme -> Flux.from(tx.selectFrom(TRAINING_ENROLMENT).where(TRAINING_ENROLMENT.SESSION_ID.eq(sessionId))
                                                    .and(TRAINING_ENROLMENT.STATUS.eq("ENROLLED")).orderBy(TRAINING_ENROLMENT.PERSON_NAME)).collectList()
                                            .flatMap(enrolments -> Enrolments.presentDays(tx, enrolments.stream().map(TrainingEnrolmentRecord::getId).toList())
                                                    .zipWith(AllianceDirectory.organisationNames(tx, enrolments.stream()
                                                            .map(TrainingEnrolmentRecord::getOrganisationId).distinct().toList()))
                                                    .flatMap(t -> Flux.fromIterable(enrolments).concatMap(e -> settle(tx, slug, programme, session, e,
                                                                    t.getT1().getOrDefault(e.getId(), List.of()).size(), t.getT2(), today, actor, notices))
                                                            .collectList())))
                                    .flatMap(results -> Reactive.run(tx.update(TRAINING_SESSION).set(TRAINING_SESSION.STATUS, "COMPLETED")
                                            .set(TRAINING_SESSION.COMPLETED_AT, OffsetDateTime.now()).where(TRAINING_SESSION.ID.eq(sessionId))).thenReturn(results)));
        }));
    }

    private static Mono<Result> settle(DSLContext tx, String slug, TrainingProgrammeRecord programme, TrainingSessionRecord session,
                                       TrainingEnrolmentRecord e, int present, Map<UUID, String> organisations, LocalDate today, String actor,
                                       LearnerNotices notices) {
        var days = (int) ChronoUnit.DAYS.between(session.getStartsOn(), session.getEndsOn()) + 1;
        var reason = shortfall(present, days, e.getScore(), programme.getMinAttendancePercent(), programme.getPassMark());
        var completed = reason == null;
        var update = Reactive.run(tx.update(TRAINING_ENROLMENT).set(TRAINING_ENROLMENT.STATUS, completed ? "COMPLETED" : "NOT_COMPLETED")
                .set(TRAINING_ENROLMENT.COMPLETED_ON, completed ? today : null).where(TRAINING_ENROLMENT.ID.eq(e.getId())));
        if (!completed) {
            return update.thenReturn(new Result(e.getId(), e.getPersonName(), present, days, e.getScore(), false, reason, null));
        }
        var certificate = new TrainingCertificateRecord();
        certificate.setEnrolmentId(e.getId());
        certificate.setPersonId(e.getPersonId());
        certificate.setHolderName(e.getPersonName());
        certificate.setOrganisationName(organisations.getOrDefault(e.getOrganisationId(), "—"));
        certificate.setCertificateTitle(programme.getCertificateTitle());
        certificate.setProgrammeTitle(programme.getTitle());
        certificate.setSessionName(session.getName());
        certificate.setStartsOn(session.getStartsOn());
        certificate.setEndsOn(session.getEndsOn());
        certificate.setHours(programme.getHours());
        certificate.setIssuedOn(today);
        certificate.setIssuedBy(actor);
        return update.then(Certificates.issue(tx, slug, certificate))
                .flatMap(code -> notices.certified(tx, slug, programme.getTitle(), e.getPersonId(), code).thenReturn(code))
                .map(code -> new Result(e.getId(), e.getPersonName(), present, days, e.getScore(), true, null, code));
    }
}
