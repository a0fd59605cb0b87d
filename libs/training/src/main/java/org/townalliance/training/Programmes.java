package org.townalliance.training;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.TrainingProgrammeRecord;
import org.townalliance.db.jooq.town.tables.records.TrainingSessionRecord;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.TRAINING_ENROLMENT;
import static org.townalliance.db.jooq.town.Tables.TRAINING_PROGRAMME;
import static org.townalliance.db.jooq.town.Tables.TRAINING_SESSION;

/** A town's training programmes and their sessions (one class of a programme, over one or more days). */
final class Programmes {

    private Programmes() {
    }

    enum Category { CORE_CAMP, POLICY, SKILLS, SAFETY, SERVICE }

    record Programme(UUID id, String title, Category category, String description, BigDecimal hours, int minAttendancePercent,
                     Integer passMark, String certificateTitle, String createdBy, OffsetDateTime createdAt, List<Session> sessions) {
    }

    /** {@code enrolled}: people enrolled and not withdrawn (also completed or not). */
    record Session(UUID id, UUID programmeId, String name, LocalDate startsOn, LocalDate endsOn, String venue, String trainer, int capacity,
                   String status, OffsetDateTime completedAt, int enrolled) {

        List<LocalDate> days() {
            return startsOn.datesUntil(endsOn.plusDays(1)).toList();
        }
    }

    static Mono<Programme> create(DSLContext town, TrainingProgrammeRecord values) {
        return Reactive.one(town.insertInto(TRAINING_PROGRAMME).set(values).returning()).map(p -> programme(p, List.of()));
    }

    static Mono<Session> createSession(DSLContext town, TrainingSessionRecord values) {
        return programme(town, values.getProgrammeId())
                .then(Reactive.one(town.insertInto(TRAINING_SESSION).set(values).set(TRAINING_SESSION.STATUS, "OPEN").returning()))
                .map(s -> session(s, 0));
    }

    static Flux<Programme> list(DSLContext town) {
        return Flux.from(town.selectFrom(TRAINING_PROGRAMME).orderBy(TRAINING_PROGRAMME.CREATED_AT.desc()).limit(500)).collectList()
                .flatMapMany(programmes -> sessions(town, null).collectMultimap(Session::programmeId)
                        .flatMapMany(sessions -> Flux.fromIterable(programmes).map(p -> programme(p,
                                List.copyOf(sessions.getOrDefault(p.getId(), List.of()))))));
    }

    static Mono<TrainingProgrammeRecord> programme(DSLContext town, UUID id) {
        return Reactive.one(town.selectFrom(TRAINING_PROGRAMME).where(TRAINING_PROGRAMME.ID.eq(id)))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("programme-not-found", "No such training programme in this town.")));
    }

    static Mono<Session> session(DSLContext town, UUID id) {
        return sessions(town, id).next()
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("session-not-found", "No such training session in this town.")));
    }

    static Programme programme(TrainingProgrammeRecord p, List<Session> sessions) {
        return new Programme(p.getId(), p.getTitle(), Category.valueOf(p.getCategory()), p.getDescription(), p.getHours(),
                p.getMinAttendancePercent(), p.getPassMark(), p.getCertificateTitle(), p.getCreatedBy(), p.getCreatedAt(), sessions);
    }

    private static Flux<Session> sessions(DSLContext town, UUID only) {
        var enrolled = DSL.field(town.selectCount().from(TRAINING_ENROLMENT).where(TRAINING_ENROLMENT.SESSION_ID.eq(TRAINING_SESSION.ID))
                .and(TRAINING_ENROLMENT.STATUS.ne("WITHDRAWN")));
        return Flux.from(town.select(TRAINING_SESSION.asterisk(), enrolled.as("enrolled")).from(TRAINING_SESSION)
                        .where(only == null ? DSL.noCondition() : TRAINING_SESSION.ID.eq(only))
                        .orderBy(TRAINING_SESSION.STARTS_ON.desc()))
                .map(r -> session(r.into(TRAINING_SESSION), r.get("enrolled", Integer.class)));
    }

    private static Session session(TrainingSessionRecord s, int enrolled) {
        return new Session(s.getId(), s.getProgrammeId(), s.getName(), s.getStartsOn(), s.getEndsOn(), s.getVenue(), s.getTrainer(),
                s.getCapacity(), s.getStatus(), s.getCompletedAt(), enrolled);
    }
}
