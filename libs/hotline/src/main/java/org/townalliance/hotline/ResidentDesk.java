package org.townalliance.hotline;

import org.jooq.DSLContext;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.db.Reactive;
import org.townalliance.tenancy.Town;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.TICKET;
import static org.townalliance.db.jooq.town.Tables.TICKET_CATEGORY;
import static org.townalliance.db.jooq.town.Tables.TICKET_FEEDBACK;

/**
 * What the hotline does for a resident without an account, for the residents module: file a report (the same intake as
 * the operators': categories, dispatch rules, deadlines, duplicates, the live board), their photos, and the public view
 * of their own request (never internal notes, never who at the firm did what). Whoever calls has already proved the
 * resident holds the phone; this class trusts the phone it is given and nothing else.
 */
@Service
public class ResidentDesk {

    /** The resident's own words and choices; the channel is the page's (WEB, or WECHAT in WeChat's browser). */
    public record Report(String kind, String channel, String categoryCode, UUID estateId, String place, String description,
                         BigDecimal latitude, BigDecimal longitude, List<UUID> photoIds, String phone) {
    }

    public record Filed(UUID ticketId, long number, boolean created) {
    }

    /** A step of the public timeline: what happened (an action code), the status after it and when. */
    public record Step(String action, String status, OffsetDateTime at) {
    }

    public record Photo(UUID id, String role, int width, int height, OffsetDateTime addedAt) {
    }

    /** The resident's request as they see it. {@code rateable}: resolved and not yet rated by them since; times read in {@code timezone}. */
    public record PublicTicket(long number, String kind, String category, String status, String estate, String place,
                               String description, String firm, OffsetDateTime filedAt, OffsetDateTime acceptDueAt,
                               OffsetDateTime resolveDueAt, OffsetDateTime resolvedAt, OffsetDateTime closedAt, List<Step> timeline,
                               List<Photo> photos, boolean rateable, Integer score, String timezone) {
    }

    public record Summary(long number, String kind, String category, String status, OffsetDateTime filedAt) {
    }

    /** What the report form offers: the town's active categories in plain words, and the estates to pick from. */
    public record Category(String code, String nameZh, String nameEn, String parentCode) {
    }

    /** Actions a resident is shown; the others (escalations, transfers between firms) are the operations centre's business. */
    private static final Set<String> PUBLIC_ACTIONS = Set.of("RECEIVE", "DISPATCH", "TRANSFER", "ACCEPT", "START", "RESOLVE", "CLOSE",
            "REOPEN", "CANCEL");

    private final TicketIntake intake;
    private final TicketPhotos photos;
    private final TicketTransitions transitions;
    private final Clock clock;

    ResidentDesk(TicketIntake intake, TicketPhotos photos, TicketTransitions transitions, Clock clock) {
        this.intake = intake;
        this.photos = photos;
        this.transitions = transitions;
        this.clock = clock;
    }

    public Flux<Category> categories(DSLContext dsl) {
        return Open311Documents.categories(dsl).map(c -> new Category(c.code(), c.nameZh(), c.nameEn(), c.parent()));
    }

    /** A photo sent before the report, bound to the resident ({@code residentKey}: a keyed hash of their phone). */
    public Mono<Photo> upload(Town town, DSLContext dsl, byte[] bytes, String residentKey) {
        return photos.addPending(town.slug(), dsl, bytes, residentKey)
                .map(a -> new Photo(a.id(), a.role().name(), a.width(), a.height(), a.addedAt()));
    }

    /** Files the report; the same {@code idempotencyKey} again answers the same ticket and writes nothing. */
    public Mono<Filed> file(Town town, DSLContext dsl, Report report, String residentKey, String idempotencyKey) {
        if (report.photoIds().size() > TicketPhotos.MAX_PER_REPORT) {
            return Mono.error(ProblemException.badRequest("too-many-photos", "A report has at most " + TicketPhotos.MAX_PER_REPORT + " photos."));
        }
        var estate = report.estateId() == null ? Mono.<Void>empty()
                : AllianceDirectory.estateNames(dsl, List.of(report.estateId())).flatMap(names -> names.isEmpty()
                        ? Mono.error(ProblemException.badRequest("unknown-estate", "There is no such estate in this town."))
                        : Mono.<Void>empty());
        var request = new TicketIntake.Request(report.kind(), report.channel(), report.categoryCode(), report.estateId(), report.place(),
                null, report.phone(), report.description(), null, false, null, null, null, report.latitude(), report.longitude(), null);
        var key = idempotencyKey == null ? null : "resident:" + residentKey.substring(0, 16) + ":" + idempotencyKey;
        return estate.then(intake.take(dsl, town, "resident", key, request,
                        (trx, created) -> photos.attachPending(trx, created.getId(), List.copyOf(report.photoIds()), residentKey)))
                .map(result -> new Filed(result.ticket().getId(), result.ticket().getNumber(), result.created()));
    }

    /** The request numbered {@code number} as its resident sees it; 404 when there is none. */
    public Mono<PublicTicket> track(Town town, DSLContext dsl, long number) {
        return Reactive.one(dsl.selectFrom(TICKET).where(TICKET.NUMBER.eq(number)))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("report-not-found", "No such report in this town.")))
                .flatMap(ticket -> Mono.zip(
                        Tickets.timeline(dsl, ticket.getId()).filter(e -> PUBLIC_ACTIONS.contains(e.action()))
                                .map(e -> new Step(e.action(), e.toStatus(), e.occurredAt())).collectList(),
                        TicketPhotos.of(dsl, ticket.getId()).filter(TicketPhotos.Attachment::forResident)
                                .map(a -> new Photo(a.id(), a.role().name(), a.width(), a.height(), a.addedAt())).collectList(),
                        category(dsl, ticket.getCategoryCode()),
                        ticket.getAssignedOrganisationId() == null ? Mono.just("")
                                : AllianceDirectory.organisationNames(dsl, List.of(ticket.getAssignedOrganisationId()))
                                .map(names -> names.getOrDefault(ticket.getAssignedOrganisationId(), "")),
                        ticket.getEstateId() == null ? Mono.just("")
                                : AllianceDirectory.estateNames(dsl, List.of(ticket.getEstateId())).map(n -> n.getOrDefault(ticket.getEstateId(), "")),
                        residentRating(dsl, ticket.getId(), ticket.getResolvedAt()))
                        .map(t -> new PublicTicket(ticket.getNumber(), ticket.getKind(), t.getT3(), ticket.getStatus(), blank(t.getT5()),
                                ticket.getAddress(), ticket.getDescription(), blank(t.getT4()), ticket.getCreatedAt(), ticket.getAcceptDueAt(),
                                ticket.getResolveDueAt(), ticket.getResolvedAt(), ticket.getClosedAt(), t.getT1(), t.getT2(),
                                TicketFeedback.RATEABLE.contains(ticket.getStatus()) && t.getT6().isEmpty(), t.getT6().orElse(null),
                                town.timezone().getId())));
    }

    /** The resident's requests of the last twelve months in this town, newest first. */
    public Flux<Summary> requestsOf(DSLContext dsl, String phone) {
        var since = OffsetDateTime.now(clock).minusMonths(12);
        return Flux.from(dsl.select(TICKET.NUMBER, TICKET.KIND, TICKET_CATEGORY.NAME_ZH, TICKET.STATUS, TICKET.CREATED_AT).from(TICKET)
                        .join(TICKET_CATEGORY).on(TICKET_CATEGORY.CODE.eq(TICKET.CATEGORY_CODE))
                        .where(TICKET.REPORTER_PHONE.eq(phone)).and(TICKET.CREATED_AT.gt(since))
                        .orderBy(TICKET.CREATED_AT.desc()).limit(100))
                .map(r -> new Summary(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    /** A photo of the request the resident may see (theirs, the firm's before and after photos); 404 for any other. */
    public Mono<byte[]> photo(Town town, DSLContext dsl, long number, UUID photoId, boolean thumbnail) {
        return Reactive.one(dsl.select(TICKET.ID).from(TICKET).where(TICKET.NUMBER.eq(number)))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("photo-not-found", "No such photo of this report.")))
                .flatMap(id -> photos.content(town.slug(), dsl, id.value1(), photoId, thumbnail, true));
    }

    /**
     * The resident's rating of their resolved request, once per resolution: satisfied closes it, not satisfied reopens
     * it within the town's reopen window (as the rating link does).
     */
    public Mono<Void> rate(Town town, DSLContext dsl, long number, boolean satisfied, int score, String comment) {
        return Reactive.one(dsl.selectFrom(TICKET).where(TICKET.NUMBER.eq(number)))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("report-not-found", "No such report in this town.")))
                .flatMap(ticket -> {
                    if (!TicketFeedback.RATEABLE.contains(ticket.getStatus())) {
                        return Mono.error(new ProblemException(HttpStatus.CONFLICT, "not-yet-resolved", "Not resolved yet",
                                "A request is rated once it is resolved."));
                    }
                    return residentRating(dsl, ticket.getId(), ticket.getResolvedAt()).flatMap(rated -> rated.isPresent()
                            ? Mono.error(ProblemException.conflict("already-rated", "You have rated this request: thank you."))
                            : TicketFeedback.record(dsl, town, ticket, new TicketFeedback.Verdict("TRACKING", satisfied, score, comment, "resident"),
                            transitions).then());
                });
    }

    /** The resident's own score since the latest resolution, if they gave one. */
    private static Mono<java.util.Optional<Integer>> residentRating(DSLContext dsl, UUID ticketId, OffsetDateTime resolvedAt) {
        if (resolvedAt == null) {
            return Mono.just(java.util.Optional.empty());
        }
        return Reactive.one(dsl.select(TICKET_FEEDBACK.SCORE).from(TICKET_FEEDBACK).where(TICKET_FEEDBACK.TICKET_ID.eq(ticketId))
                        .and(TICKET_FEEDBACK.SOURCE.in("TRACKING", "RATING_LINK")).and(TICKET_FEEDBACK.RECORDED_AT.ge(resolvedAt))
                        .orderBy(TICKET_FEEDBACK.ID.desc()).limit(1))
                .map(r -> java.util.Optional.of((int) r.value1()))
                .defaultIfEmpty(java.util.Optional.empty());
    }

    private static Mono<String> category(DSLContext dsl, String code) {
        return Reactive.one(dsl.select(TICKET_CATEGORY.NAME_ZH).from(TICKET_CATEGORY).where(TICKET_CATEGORY.CODE.eq(code)))
                .map(r -> r.value1()).defaultIfEmpty(code);
    }

    private static String blank(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
