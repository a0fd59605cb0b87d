package org.townalliance.training;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.TrainingEnrolmentRecord;
import org.townalliance.db.jooq.town.tables.records.TrainingSessionRecord;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.townalliance.db.jooq.platform.Tables.TRAINING_RECORD_TOWN;
import static org.townalliance.db.jooq.town.Tables.TRAINING_ATTENDANCE;
import static org.townalliance.db.jooq.town.Tables.TRAINING_CERTIFICATE;
import static org.townalliance.db.jooq.town.Tables.TRAINING_ENROLMENT;
import static org.townalliance.db.jooq.town.Tables.TRAINING_SESSION;

/**
 * Enrolment of people in a session, the session's register (attendance per day and the assessment score) and
 * who sees which enrolments. Every enrolment also notes the town in the platform's index of where a person has
 * training records, in the same transaction, so the record follows the person (DESIGN §6).
 */
final class Enrolments {

    private Enrolments() {
    }

    record Enrolment(UUID id, UUID sessionId, String personId, String personName, UUID organisationId, String status, Integer score,
                     String enrolledBy, OffsetDateTime enrolledAt, LocalDate completedOn, List<LocalDate> presentDays, String certificateCode) {
    }

    record Learner(String personId, String personName, UUID organisationId) {
    }

    record Mark(UUID enrolmentId, LocalDate day, boolean present) {
    }

    record Score(UUID enrolmentId, int score) {
    }

    /**
     * Under the session's row lock (so places are never over-booked): refused if the person is already enrolled, or
     * if no place is left; someone who withdrew enrols again on their old row.
     */
    static Mono<UUID> enrol(DSLContext town, String slug, UUID sessionId, Learner learner, String actor, LearnerNotices notices) {
        return Reactive.one(town.transactionPublisher(trx -> {
            var tx = trx.dsl();
            var mine = TRAINING_ENROLMENT.SESSION_ID.eq(sessionId).and(TRAINING_ENROLMENT.PERSON_ID.eq(learner.personId()));
            return openSession(tx, sessionId)
                    .flatMap(session -> Reactive.one(tx.select(TRAINING_ENROLMENT.STATUS).from(TRAINING_ENROLMENT).where(mine))
                            .map(r -> r.value1()).defaultIfEmpty("NONE")
                            .flatMap(existing -> "NONE".equals(existing) || "WITHDRAWN".equals(existing) ? Mono.just(existing)
                                    : Mono.error(ProblemException.conflict("already-enrolled", "This person is already enrolled in this session.")))
                            .flatMap(existing -> Reactive.one(tx.selectCount().from(TRAINING_ENROLMENT).where(TRAINING_ENROLMENT.SESSION_ID.eq(sessionId))
                                            .and(TRAINING_ENROLMENT.STATUS.ne("WITHDRAWN")))
                                    .flatMap(count -> count.value1() < session.getCapacity() ? Mono.just(existing)
                                            : Mono.error(ProblemException.conflict("session-full", "The session has no place left (" + session.getCapacity() + ")."))))
                            .flatMap(existing -> "NONE".equals(existing)
                                    ? Reactive.one(tx.insertInto(TRAINING_ENROLMENT).set(TRAINING_ENROLMENT.SESSION_ID, sessionId)
                                            .set(TRAINING_ENROLMENT.PERSON_ID, learner.personId()).set(TRAINING_ENROLMENT.PERSON_NAME, learner.personName())
                                            .set(TRAINING_ENROLMENT.ORGANISATION_ID, learner.organisationId()).set(TRAINING_ENROLMENT.STATUS, "ENROLLED")
                                            .set(TRAINING_ENROLMENT.ENROLLED_BY, actor).returningResult(TRAINING_ENROLMENT.ID))
                                    : Reactive.one(tx.update(TRAINING_ENROLMENT).set(TRAINING_ENROLMENT.STATUS, "ENROLLED")
                                            .set(TRAINING_ENROLMENT.ORGANISATION_ID, learner.organisationId()).set(TRAINING_ENROLMENT.PERSON_NAME, learner.personName())
                                            .set(TRAINING_ENROLMENT.ENROLLED_BY, actor).set(TRAINING_ENROLMENT.ENROLLED_AT, OffsetDateTime.now())
                                            .where(mine).returningResult(TRAINING_ENROLMENT.ID))))
                    .map(r -> r.value1())
                    .flatMap(id -> Reactive.run(tx.insertInto(TRAINING_RECORD_TOWN).set(TRAINING_RECORD_TOWN.PERSON_ID, learner.personId())
                            .set(TRAINING_RECORD_TOWN.TOWN, slug).onConflictDoNothing())
                            .then(notices.enrolled(tx, slug, sessionId, id, learner.personId())).thenReturn(id));
        }));
    }

    static Mono<Void> cancel(DSLContext town, UUID sessionId) {
        return Reactive.one(town.transactionPublisher(trx -> openSession(trx.dsl(), sessionId)
                .then(Reactive.run(trx.dsl().update(TRAINING_SESSION).set(TRAINING_SESSION.STATUS, "CANCELLED").where(TRAINING_SESSION.ID.eq(sessionId))))
                .thenReturn(true))).then();
    }

    static Mono<TrainingEnrolmentRecord> find(DSLContext town, UUID enrolmentId) {
        return Reactive.one(town.selectFrom(TRAINING_ENROLMENT).where(TRAINING_ENROLMENT.ID.eq(enrolmentId)))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("enrolment-not-found", "No such enrolment in this town.")));
    }

    static Mono<Void> withdraw(DSLContext town, UUID enrolmentId) {
        return Reactive.one(town.transactionPublisher(trx -> find(trx.dsl(), enrolmentId)
                .flatMap(e -> openSession(trx.dsl(), e.getSessionId()).thenReturn(e))
                .flatMap(e -> Reactive.one(trx.dsl().update(TRAINING_ENROLMENT).set(TRAINING_ENROLMENT.STATUS, "WITHDRAWN")
                        .where(TRAINING_ENROLMENT.ID.eq(enrolmentId)).and(TRAINING_ENROLMENT.STATUS.eq("ENROLLED")).returningResult(TRAINING_ENROLMENT.ID)))
                .switchIfEmpty(Mono.error(() -> ProblemException.conflict("not-enrolled", "This enrolment is not running.")))
                .thenReturn(true))).then();
    }

    /** Attendance marks (a mark again for the same day replaces it) and assessment scores of a session still open. */
    static Mono<Void> register(DSLContext town, UUID sessionId, List<Mark> marks, List<Score> scores, String actor) {
        return Reactive.one(town.transactionPublisher(trx -> {
            var tx = trx.dsl();
            return openSession(tx, sessionId).flatMap(session -> {
                var days = Set.copyOf(session.getStartsOn().datesUntil(session.getEndsOn().plusDays(1)).toList());
                var outside = marks.stream().filter(m -> !days.contains(m.day())).findFirst();
                if (outside.isPresent()) {
                    return Mono.error(ProblemException.badRequest("day-outside-session", outside.get().day() + " is not a day of this session ("
                            + session.getStartsOn() + " – " + session.getEndsOn() + ")."));
                }
                var ids = new java.util.HashSet<UUID>();
                marks.forEach(m -> ids.add(m.enrolmentId()));
                scores.forEach(s -> ids.add(s.enrolmentId()));
                return Reactive.one(tx.selectCount().from(TRAINING_ENROLMENT).where(TRAINING_ENROLMENT.ID.in(ids))
                                .and(TRAINING_ENROLMENT.SESSION_ID.eq(sessionId)).and(TRAINING_ENROLMENT.STATUS.eq("ENROLLED")))
                        .flatMap(count -> count.value1() != ids.size() ? Mono.error(ProblemException.badRequest("enrolment-not-in-session",
                                        "Every mark and score is for a running enrolment of this session."))
                                : Flux.fromIterable(marks).concatMap(m -> Reactive.run(tx.insertInto(TRAINING_ATTENDANCE)
                                                .set(TRAINING_ATTENDANCE.ENROLMENT_ID, m.enrolmentId()).set(TRAINING_ATTENDANCE.DAY, m.day())
                                                .set(TRAINING_ATTENDANCE.PRESENT, m.present()).set(TRAINING_ATTENDANCE.RECORDED_BY, actor)
                                                .onConflict(TRAINING_ATTENDANCE.ENROLMENT_ID, TRAINING_ATTENDANCE.DAY).doUpdate()
                                                .set(TRAINING_ATTENDANCE.PRESENT, m.present()).set(TRAINING_ATTENDANCE.RECORDED_BY, actor)
                                                .set(TRAINING_ATTENDANCE.RECORDED_AT, OffsetDateTime.now())))
                                        .thenMany(Flux.fromIterable(scores).concatMap(s -> Reactive.run(tx.update(TRAINING_ENROLMENT)
                                                .set(TRAINING_ENROLMENT.SCORE, s.score()).where(TRAINING_ENROLMENT.ID.eq(s.enrolmentId())))))
                                        .then(Mono.just(true)));
            });
        })).then();
    }

    /** The session's enrolments the reader may see: all for the secretariat, else those of their organisations or their own. */
    static Flux<Enrolment> of(DSLContext town, UUID sessionId, boolean all, Collection<UUID> organisations, String personId) {
        var visible = all ? DSL.noCondition() : TRAINING_ENROLMENT.ORGANISATION_ID.in(organisations).or(TRAINING_ENROLMENT.PERSON_ID.eq(personId));
        return list(town, TRAINING_ENROLMENT.SESSION_ID.eq(sessionId).and(visible));
    }

    static Flux<Enrolment> ofPerson(DSLContext town, String personId) {
        return list(town, TRAINING_ENROLMENT.PERSON_ID.eq(personId));
    }

    private static Flux<Enrolment> list(DSLContext town, org.jooq.Condition where) {
        return Flux.from(town.select(TRAINING_ENROLMENT.asterisk(), TRAINING_CERTIFICATE.CODE).from(TRAINING_ENROLMENT)
                        .leftJoin(TRAINING_CERTIFICATE).on(TRAINING_CERTIFICATE.ENROLMENT_ID.eq(TRAINING_ENROLMENT.ID))
                        .where(where).orderBy(TRAINING_ENROLMENT.PERSON_NAME, TRAINING_ENROLMENT.ENROLLED_AT))
                .collectList()
                .flatMapMany(rows -> presentDays(town, rows.stream().map(r -> r.get(TRAINING_ENROLMENT.ID)).toList())
                        .flatMapMany(present -> Flux.fromIterable(rows).map(r -> {
                            var e = r.into(TRAINING_ENROLMENT);
                            return new Enrolment(e.getId(), e.getSessionId(), e.getPersonId(), e.getPersonName(), e.getOrganisationId(), e.getStatus(),
                                    e.getScore(), e.getEnrolledBy(), e.getEnrolledAt(), e.getCompletedOn(), present.getOrDefault(e.getId(), List.of()),
                                    r.get(TRAINING_CERTIFICATE.CODE));
                        })));
    }

    static Mono<Map<UUID, List<LocalDate>>> presentDays(DSLContext town, Collection<UUID> enrolments) {
        return enrolments.isEmpty() ? Mono.just(Map.of())
                : Flux.from(town.select(TRAINING_ATTENDANCE.ENROLMENT_ID, TRAINING_ATTENDANCE.DAY).from(TRAINING_ATTENDANCE)
                                .where(TRAINING_ATTENDANCE.ENROLMENT_ID.in(enrolments)).and(TRAINING_ATTENDANCE.PRESENT).orderBy(TRAINING_ATTENDANCE.DAY))
                        .collectMultimap(r -> r.value1(), r -> r.value2())
                        .map(m -> {
                            var out = new java.util.HashMap<UUID, List<LocalDate>>();
                            m.forEach((k, v) -> out.put(k, List.copyOf(v)));
                            return out;
                        });
    }

    /** The session, locked for the rest of the transaction, if it still takes enrolments and marks. */
    static Mono<TrainingSessionRecord> openSession(DSLContext tx, UUID sessionId) {
        return Reactive.one(tx.selectFrom(TRAINING_SESSION).where(TRAINING_SESSION.ID.eq(sessionId)).forUpdate())
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("session-not-found", "No such training session in this town.")))
                .flatMap(s -> "OPEN".equals(s.getStatus()) ? Mono.just(s)
                        : Mono.error(ProblemException.conflict("session-closed", "This session is " + s.getStatus().toLowerCase() + ".")));
    }
}
