package org.townalliance.residents;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.townalliance.hotline.ResidentDesk;
import org.townalliance.tenancy.PublicTowns;
import org.townalliance.web.RateLimits;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.Duration;
import java.util.UUID;

/**
 * A resident's reports, from the verified phone to the rating: photos sent first and bound to the phone, the report filed
 * through the hotline's own intake (at most twenty tries a day from one phone), a tracking link by SMS, their requests of the last
 * twelve months on asking again, and the public view of one request behind its link.
 */
@Service
class ResidentReports {


    /** A filed report: its number and the token of its tracking link. */
    record Filed(long number, String trackingToken, boolean created) {
    }

    /** One of the resident's requests with its tracking link's token. */
    record Mine(long number, String kind, String category, String status, java.time.OffsetDateTime filedAt, String trackingToken) {
    }

    private final PublicTowns towns;
    private final PhoneVerifications verifications;
    private final ResidentDesk desk;
    private final TrackingTokens tokens;
    private final RateLimits limits;

    ResidentReports(PublicTowns towns, PhoneVerifications verifications, ResidentDesk desk, TrackingTokens tokens, RateLimits limits) {
        this.towns = towns;
        this.verifications = verifications;
        this.desk = desk;
        this.tokens = tokens;
        this.limits = limits;
    }

    Mono<ResidentDesk.Photo> upload(String slug, String proof, byte[] photo) {
        return towns.open(slug).flatMap(t -> verifications.phoneOf(t.town(), proof)
                .flatMap(phone -> desk.upload(t.town(), t.dsl(), photo, verifications.residentKey(t.town(), phone))));
    }

    Mono<Filed> file(String slug, String proof, String idempotencyKey, ResidentDesk.Report report) {
        return towns.open(slug).flatMap(t -> verifications.phoneOf(t.town(), proof).flatMap(phone -> {
            var key = verifications.residentKey(t.town(), phone);
            var withPhone = new ResidentDesk.Report(report.kind(), report.channel(), report.categoryCode(), report.estateId(), report.place(),
                    report.description(), report.latitude(), report.longitude(), report.photoIds(), phone);
            // Twenty tries a day from one phone (retries of one report count too): more is not a resident.
            return limits.take("resident-reports:" + key, 20, Duration.ofDays(1),
                            "Twenty reports were sent from this phone today; call the hotline for anything urgent.")
                    .then(desk.file(t.town(), t.dsl(), withPhone, key, idempotencyKey))
                    // The confirmation SMS with the tracking link is the hotline's notice of the new request (retried by the
                    // notifications' outbox); the page shows the same link at once.
                    .map(filed -> new Filed(filed.number(), tokens.of(t.town(), filed.number()), filed.created()));
        }));
    }

    Flux<Mine> mine(String slug, String proof) {
        return towns.open(slug).flatMapMany(t -> verifications.phoneOf(t.town(), proof)
                .flatMapMany(phone -> desk.requestsOf(t.dsl(), phone))
                .map(s -> new Mine(s.number(), s.kind(), s.category(), s.status(), s.filedAt(), tokens.of(t.town(), s.number()))));
    }

    Mono<ResidentDesk.PublicTicket> track(String slug, String token) {
        return towns.open(slug).flatMap(t -> {
            var number = tokens.number(t.town(), token);
            return number.isEmpty() ? Mono.error(ResidentProblems.unknownTracking()) : desk.track(t.town(), t.dsl(), number.getAsLong());
        });
    }

    Mono<byte[]> photo(String slug, String token, UUID photoId, boolean thumbnail) {
        return towns.open(slug).flatMap(t -> {
            var number = tokens.number(t.town(), token);
            return number.isEmpty() ? Mono.error(ResidentProblems.unknownTracking())
                    : desk.photo(t.town(), t.dsl(), number.getAsLong(), photoId, thumbnail);
        });
    }

    Mono<ResidentDesk.PublicTicket> rate(String slug, String token, boolean satisfied, int score, String comment) {
        return towns.open(slug).flatMap(t -> {
            var number = tokens.number(t.town(), token);
            return number.isEmpty() ? Mono.error(ResidentProblems.unknownTracking())
                    : desk.rate(t.town(), t.dsl(), number.getAsLong(), satisfied, score, comment).then(desk.track(t.town(), t.dsl(), number.getAsLong()));
        });
    }
}
