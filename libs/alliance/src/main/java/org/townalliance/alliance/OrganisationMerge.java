package org.townalliance.alliance;

import org.jooq.DSLContext;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.townalliance.db.Reactive;
import org.townalliance.tenancy.AllTowns;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.util.Map;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.ESTATE_MANAGEMENT;
import static org.townalliance.db.jooq.town.Tables.GOVERNANCE_PARTICIPATION;
import static org.townalliance.db.jooq.town.Tables.MEMBER;
import static org.townalliance.db.jooq.town.Tables.SERVICE;

/**
 * Merges an accidental duplicate into the organisation that stays: every town's memberships, estate
 * management periods, services and governance participation move to the survivor in one transaction
 * over all town schemas; the duplicate stays in the registry, marked as merged, so old references resolve.
 */
@Service
class OrganisationMerge {

    private final OrganisationRegistry registry;
    private final AllTowns towns;

    OrganisationMerge(OrganisationRegistry registry, AllTowns towns) {
        this.registry = registry;
        this.towns = towns;
    }

    /** How many rows moved, per town. */
    record Result(Organisation survivor, Map<String, Integer> movedByTown) {
    }

    Mono<Result> merge(UUID duplicateId, UUID survivorId) {
        if (duplicateId.equals(survivorId)) {
            return Mono.error(ProblemException.badRequest("invalid-merge", "An organisation cannot be merged into itself."));
        }
        var platform = registry.platform();
        return Mono.zip(found(duplicateId), found(survivorId)).flatMap(pair -> {
            if (pair.getT1().mergedInto() != null || pair.getT2().mergedInto() != null) {
                return Mono.error(ProblemException.conflict("already-merged", "One of the two organisations was merged already."));
            }
            return towns.withSchemas().collectList().flatMap(all -> Reactive.one(platform.transactionPublisher(trx ->
                    Flux.fromIterable(all)
                            .concatMap(town -> move(AllTowns.inTransaction(trx, town), duplicateId, survivorId, town.slug())
                                    .map(moved -> Map.entry(town.slug(), moved)))
                            .filter(entry -> entry.getValue() > 0)
                            .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                            .flatMap(moved -> OrganisationRegistry.markMerged(trx.dsl(), duplicateId, survivorId)
                                    .thenReturn(new Result(pair.getT2(), moved))))));
        });
    }

    private Mono<Organisation> found(UUID id) {
        return registry.find(id).switchIfEmpty(Mono.error(() -> ProblemException.notFound("organisation-not-found", "No organisation " + id + ".")));
    }

    private static Mono<Integer> move(DSLContext town, UUID duplicate, UUID survivor, String slug) {
        var bothOpen = Reactive.one(town.selectCount().from(MEMBER)
                .where(MEMBER.ORGANISATION_ID.in(duplicate, survivor)).and(MEMBER.LEFT_ON.isNull())).map(r -> r.value1() > 1);
        var sharedActivity = Reactive.one(town.selectCount().from(GOVERNANCE_PARTICIPATION)
                .where(GOVERNANCE_PARTICIPATION.ORGANISATION_ID.eq(duplicate))
                .and(GOVERNANCE_PARTICIPATION.ACTIVITY_ID.in(town.select(GOVERNANCE_PARTICIPATION.ACTIVITY_ID).from(GOVERNANCE_PARTICIPATION)
                        .where(GOVERNANCE_PARTICIPATION.ORGANISATION_ID.eq(survivor))))).map(r -> r.value1() > 0);
        return Mono.zip(bothOpen, sharedActivity).flatMap(conflicts -> {
            if (conflicts.getT1() || conflicts.getT2()) {
                return Mono.error(new ProblemException(HttpStatus.CONFLICT, "merge-conflict", "Merge conflict",
                        "In town '" + slug + "' both organisations " + (conflicts.getT1() ? "are current members" : "took part in the same activity")
                                + "; the town's secretariat ends one membership first. Nothing was merged.", Map.of("town", slug)));
            }
            return Flux.concat(
                            Reactive.one(town.update(MEMBER).set(MEMBER.ORGANISATION_ID, survivor).where(MEMBER.ORGANISATION_ID.eq(duplicate))),
                            Reactive.one(town.update(ESTATE_MANAGEMENT).set(ESTATE_MANAGEMENT.ORGANISATION_ID, survivor)
                                    .where(ESTATE_MANAGEMENT.ORGANISATION_ID.eq(duplicate))),
                            Reactive.one(town.update(SERVICE).set(SERVICE.PROVIDER_ID, survivor).where(SERVICE.PROVIDER_ID.eq(duplicate))),
                            Reactive.one(town.update(GOVERNANCE_PARTICIPATION).set(GOVERNANCE_PARTICIPATION.ORGANISATION_ID, survivor)
                                    .where(GOVERNANCE_PARTICIPATION.ORGANISATION_ID.eq(duplicate))))
                    .reduce(0, Integer::sum);
        });
    }
}
