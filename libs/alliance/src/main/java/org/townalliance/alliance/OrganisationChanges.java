package org.townalliance.alliance;

import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Service;
import org.townalliance.db.Reactive;
import org.townalliance.tenancy.AllTowns;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.townalliance.db.jooq.platform.Tables.ORGANISATION;
import static org.townalliance.db.jooq.platform.Tables.ORGANISATION_CHANGE;
import static org.townalliance.db.jooq.town.Tables.MEMBER;

/**
 * Changes of a registered organisation, which every town it serves sees: a correction of its name, kind or legal
 * representative by the platform admin, or its contact details kept up to date by its own managers. Each change is
 * one transaction with its history row (values before and after, who, when, why); towns only create organisations
 * or link existing ones ({@link OrganisationRegistry#register}).
 */
@Service
class OrganisationChanges {

    /** One entry of an organisation's history. */
    record Change(long id, OffsetDateTime changedAt, String actor, String reason, Organisation before, Organisation after) {
    }

    private final DSLContext platform;
    private final AllTowns towns;
    private final Clock clock;
    private final JsonMapper json;

    OrganisationChanges(DSLContext platform, AllTowns towns, Clock clock, JsonMapper json) {
        this.platform = platform;
        this.towns = towns;
        this.clock = clock;
        this.json = json;
    }

    /** Applies {@code edit} to the organisation as stored now; an edit that changes nothing writes nothing. */
    Mono<Organisation> change(UUID id, UnaryOperator<Organisation> edit, String actor, String reason) {
        return Reactive.one(platform.transactionPublisher(trx -> Reactive.one(trx.dsl().selectFrom(ORGANISATION)
                        .where(ORGANISATION.ID.eq(id)).forUpdate())
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("organisation-not-found", "No such organisation.")))
                .flatMap(row -> {
                    var before = OrganisationRegistry.toOrganisation(row);
                    if (before.mergedInto() != null) {
                        return Mono.error(ProblemException.conflict("organisation-merged",
                                "This organisation was merged into another; change the one that stays."));
                    }
                    var after = edit.apply(before);
                    if (after.equals(before)) {
                        return Mono.just(before);
                    }
                    var at = OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
                    return Reactive.run(trx.dsl().update(ORGANISATION)
                                    .set(ORGANISATION.KIND, after.kind().name())
                                    .set(ORGANISATION.NAME_ZH, after.nameZh())
                                    .set(ORGANISATION.SHORT_NAME, after.shortName())
                                    .set(ORGANISATION.LEGAL_REPRESENTATIVE, after.legalRepresentative())
                                    .set(ORGANISATION.CONTACT_NAME, after.contactName())
                                    .set(ORGANISATION.CONTACT_PHONE, after.contactPhone())
                                    .set(ORGANISATION.SPECIALITIES, after.specialities())
                                    .set(ORGANISATION.UPDATED_AT, at)
                                    .where(ORGANISATION.ID.eq(id)))
                            .then(Reactive.run(trx.dsl().insertInto(ORGANISATION_CHANGE)
                                    .set(ORGANISATION_CHANGE.ORGANISATION_ID, id)
                                    .set(ORGANISATION_CHANGE.CHANGED_AT, at)
                                    .set(ORGANISATION_CHANGE.ACTOR, actor)
                                    .set(ORGANISATION_CHANGE.REASON, reason)
                                    .set(ORGANISATION_CHANGE.BEFORE_VALUES, JSONB.valueOf(json.writeValueAsString(before)))
                                    .set(ORGANISATION_CHANGE.AFTER_VALUES, JSONB.valueOf(json.writeValueAsString(after)))))
                            .then(after.kind() == before.kind() ? Mono.empty() : memberKindEverywhere(trx, id, after.kind()))
                            .thenReturn(after);
                })));
    }

    /** Each town keeps a member's kind with the membership (it decides who may chair): corrected in every town at once. */
    private Mono<Void> memberKindEverywhere(org.jooq.Configuration trx, UUID id, OrganisationKind kind) {
        return towns.withSchemas().concatMap(town -> Reactive.run(AllTowns.inTransaction(trx, town).update(MEMBER)
                        .set(MEMBER.KIND, kind.name()).where(MEMBER.ORGANISATION_ID.eq(id))))
                .then();
    }

    /** The organisation's changes, newest first. */
    Flux<Change> history(UUID id) {
        return Flux.from(platform.selectFrom(ORGANISATION_CHANGE).where(ORGANISATION_CHANGE.ORGANISATION_ID.eq(id))
                        .orderBy(ORGANISATION_CHANGE.ID.desc()).limit(500))
                .map(row -> new Change(row.getId(), row.getChangedAt(), row.getActor(), row.getReason(),
                        json.readValue(row.getBeforeValues().data(), Organisation.class),
                        json.readValue(row.getAfterValues().data(), Organisation.class)));
    }
}
