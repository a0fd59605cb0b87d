package org.townalliance.evaluation;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.StarNominationRecord;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.STAR_EVIDENCE;
import static org.townalliance.db.jooq.town.Tables.STAR_NOMINATION;
import static org.townalliance.db.jooq.town.Tables.STAR_PUBLICATION;

/**
 * The Star Plan's nominations, reviews and yearly publication. Reviews and publication of a year take
 * the same advisory lock, so no review lands after the year's list is published.
 */
final class Stars {

    private Stars() {
    }

    enum Category { FIRM, TEAM, MANAGER, EMPLOYEE, CASE }

    enum Decision { SHORTLISTED, REJECTED, AWARDED }

    enum EvidenceKind { EVALUATION, TICKET, RATING, TRAINING, DOCUMENT }

    record Evidence(EvidenceKind kind, String reference, String summary) {
    }

    record Nomination(UUID id, int year, Category category, UUID organisationId, String nomineeName, String personId, UUID ticketId,
                      String citation, String status, String nominatedBy, UUID nominatedByOrganisationId, String reviewNote, UUID resolutionId,
                      String resolutionSummary, String reviewedBy, OffsetDateTime reviewedAt, List<Evidence> evidence) {
    }

    record Publication(int year, String title, String publishedBy, OffsetDateTime publishedAt) {
    }

    static Mono<Publication> publication(DSLContext town, int year) {
        return Reactive.one(town.selectFrom(STAR_PUBLICATION).where(STAR_PUBLICATION.YEAR.eq(year)))
                .map(p -> new Publication(p.getYear(), p.getTitle(), p.getPublishedBy(), p.getPublishedAt()));
    }

    static Mono<Void> notPublished(DSLContext town, int year) {
        return publication(town, year).flatMap(p -> Mono.<Void>error(ProblemException.conflict("stars-published",
                "The " + year + " stars are published; that year takes no more nominations or reviews.")));
    }

    static Mono<UUID> nominate(DSLContext town, Nomination n) {
        return Reactive.one(town.transactionPublisher(trx -> Reactive.one(trx.dsl().insertInto(STAR_NOMINATION)
                        .set(STAR_NOMINATION.YEAR, n.year()).set(STAR_NOMINATION.CATEGORY, n.category().name())
                        .set(STAR_NOMINATION.ORGANISATION_ID, n.organisationId()).set(STAR_NOMINATION.NOMINEE_NAME, n.nomineeName())
                        .set(STAR_NOMINATION.PERSON_ID, n.personId()).set(STAR_NOMINATION.TICKET_ID, n.ticketId()).set(STAR_NOMINATION.CITATION, n.citation())
                        .set(STAR_NOMINATION.STATUS, "NOMINATED").set(STAR_NOMINATION.NOMINATED_BY, n.nominatedBy())
                        .set(STAR_NOMINATION.NOMINATED_BY_ORGANISATION_ID, n.nominatedByOrganisationId()).returningResult(STAR_NOMINATION.ID))
                .map(r -> r.value1())
                .flatMap(id -> Flux.range(0, n.evidence().size()).concatMap(i -> Reactive.run(trx.dsl().insertInto(STAR_EVIDENCE)
                                .set(STAR_EVIDENCE.NOMINATION_ID, id).set(STAR_EVIDENCE.POSITION, i + 1)
                                .set(STAR_EVIDENCE.KIND, n.evidence().get(i).kind().name()).set(STAR_EVIDENCE.REFERENCE, n.evidence().get(i).reference())
                                .set(STAR_EVIDENCE.SUMMARY, n.evidence().get(i).summary())))
                        .then(Mono.just(id)))));
    }

    static Flux<Nomination> list(DSLContext town, int year) {
        return Flux.from(town.selectFrom(STAR_NOMINATION).where(STAR_NOMINATION.YEAR.eq(year))
                        .orderBy(STAR_NOMINATION.CATEGORY, STAR_NOMINATION.CREATED_AT)).collectList()
                .flatMapMany(nominations -> evidence(town, nominations.stream().map(StarNominationRecord::getId).toList())
                        .flatMapMany(evidence -> Flux.fromIterable(nominations).map(n -> view(n, evidence.getOrDefault(n.getId(), List.of())))));
    }

    static Mono<Nomination> find(DSLContext town, UUID id) {
        return Reactive.one(town.selectFrom(STAR_NOMINATION).where(STAR_NOMINATION.ID.eq(id)))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("nomination-not-found", "No such Star Plan nomination in this town.")))
                .flatMap(n -> evidence(town, List.of(id)).map(evidence -> view(n, evidence.getOrDefault(id, List.of()))));
    }

    static Mono<Void> review(DSLContext town, UUID id, int year, Decision decision, String note, UUID resolutionId, String resolutionSummary,
                             String actor) {
        return Reactive.one(town.transactionPublisher(trx -> yearLock(trx.dsl(), year)
                .then(notPublished(trx.dsl(), year))
                .then(Reactive.one(trx.dsl().update(STAR_NOMINATION).set(STAR_NOMINATION.STATUS, decision.name()).set(STAR_NOMINATION.REVIEW_NOTE, note)
                        .set(STAR_NOMINATION.RESOLUTION_ID, resolutionId).set(STAR_NOMINATION.RESOLUTION_SUMMARY, resolutionSummary)
                        .set(STAR_NOMINATION.REVIEWED_BY, actor).set(STAR_NOMINATION.REVIEWED_AT, OffsetDateTime.now())
                        .where(STAR_NOMINATION.ID.eq(id)).returningResult(STAR_NOMINATION.ID)))
                .thenReturn(true))).then();
    }

    static Mono<Void> publish(DSLContext town, int year, String title, String actor) {
        return Reactive.one(town.transactionPublisher(trx -> yearLock(trx.dsl(), year)
                .then(notPublished(trx.dsl(), year))
                .then(Reactive.one(trx.dsl().selectCount().from(STAR_NOMINATION).where(STAR_NOMINATION.YEAR.eq(year))
                        .and(STAR_NOMINATION.STATUS.eq("AWARDED"))))
                .flatMap(r -> r.value1() == 0 ? Mono.error(ProblemException.conflict("no-stars", "No nomination of " + year + " is awarded yet."))
                        : Reactive.run(trx.dsl().insertInto(STAR_PUBLICATION).set(STAR_PUBLICATION.YEAR, year).set(STAR_PUBLICATION.TITLE, title)
                        .set(STAR_PUBLICATION.PUBLISHED_BY, actor)))
                .thenReturn(true))).then();
    }

    private static Mono<Void> yearLock(DSLContext tx, int year) {
        return Reactive.run(tx.select(DSL.function("pg_advisory_xact_lock", Object.class,
                DSL.function("hashtextextended", Long.class, DSL.val("stars:" + year), DSL.val(0L)))));
    }

    private static Mono<java.util.Map<UUID, List<Evidence>>> evidence(DSLContext town, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Mono.just(java.util.Map.of());
        }
        return Flux.from(town.selectFrom(STAR_EVIDENCE).where(STAR_EVIDENCE.NOMINATION_ID.in(ids)).orderBy(STAR_EVIDENCE.NOMINATION_ID, STAR_EVIDENCE.POSITION))
                .collect(() -> new HashMap<UUID, List<Evidence>>(), (map, e) -> map.computeIfAbsent(e.getNominationId(), k -> new ArrayList<>())
                        .add(new Evidence(EvidenceKind.valueOf(e.getKind()), e.getReference(), e.getSummary())))
                .map(map -> (java.util.Map<UUID, List<Evidence>>) map);
    }

    private static Nomination view(StarNominationRecord n, List<Evidence> evidence) {
        return new Nomination(n.getId(), n.getYear(), Category.valueOf(n.getCategory()), n.getOrganisationId(), n.getNomineeName(), n.getPersonId(),
                n.getTicketId(), n.getCitation(), n.getStatus(), n.getNominatedBy(), n.getNominatedByOrganisationId(), n.getReviewNote(),
                n.getResolutionId(), n.getResolutionSummary(), n.getReviewedBy(), n.getReviewedAt(), evidence);
    }
}
