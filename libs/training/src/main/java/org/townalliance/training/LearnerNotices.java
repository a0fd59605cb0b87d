package org.townalliance.training;

import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.townalliance.db.Reactive;
import org.townalliance.notifications.Audience;
import org.townalliance.notifications.Notice;
import org.townalliance.notifications.NoticeKind;
import org.townalliance.notifications.Notices;
import reactor.core.publisher.Mono;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.TRAINING_PROGRAMME;
import static org.townalliance.db.jooq.town.Tables.TRAINING_SESSION;

/** Tells the learner of their enrolment and of their certificate, each in the transaction that records it. */
@Component
class LearnerNotices {

    private final Notices notices;
    private final java.time.Clock clock;

    LearnerNotices(Notices notices, java.time.Clock clock) {
        this.notices = notices;
        this.clock = clock;
    }

    Mono<Void> enrolled(DSLContext tx, String slug, UUID sessionId, UUID enrolmentId, String personId) {
        return Reactive.one(tx.select(TRAINING_PROGRAMME.TITLE, TRAINING_SESSION.STARTS_ON, TRAINING_SESSION.VENUE)
                        .from(TRAINING_SESSION).join(TRAINING_PROGRAMME).on(TRAINING_PROGRAMME.ID.eq(TRAINING_SESSION.PROGRAMME_ID))
                        .where(TRAINING_SESSION.ID.eq(sessionId)))
                .flatMap(found -> notices.queue(tx, Notice.of(slug, NoticeKind.TRAINING_ENROLLED,
                        // Once per enrolment and time it is made (someone who withdrew and enrols again is told again).
                        "enrolment:" + enrolmentId + ":" + clock.millis(),
                        List.of(new Audience.Person(personId)),
                        Map.of("programme", found.value1(), "startsOn", found.value2().toString(),
                                "place", found.value3() == null ? "" : found.value3(),
                                "path", "/console/towns/" + slug + "/training/sessions/" + sessionId))));
    }

    Mono<Void> certified(DSLContext tx, String slug, String programme, String personId, String code) {
        return notices.queue(tx, Notice.of(slug, NoticeKind.CERTIFICATE_ISSUED, "certificate:" + code, List.of(new Audience.Person(personId)),
                Map.of("programme", programme, "code", code, "path", "/console/me")));
    }
}
