package org.townalliance.alliance;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.platform.tables.records.OrganisationRecord;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.OffsetDateTime;
import java.util.UUID;

import static org.townalliance.db.jooq.platform.Tables.ORGANISATION;

/** The platform-wide registry of firms and agencies. Methods taking a DSLContext join the caller's transaction. */
@Repository
class OrganisationRegistry {

    private final DSLContext platform;

    OrganisationRegistry(DSLContext platform) {
        this.platform = platform;
    }

    /** What an upsert did: created, updated (a field differed) or unchanged. */
    enum Change { CREATED, UPDATED, UNCHANGED }

    record Upserted(Organisation organisation, Change change) {
    }

    /** Inserts by USCC, or updates the fields that differ; an identical row is left untouched. */
    static Mono<Upserted> upsert(DSLContext tx, Organisation o) {
        return Reactive.one(tx.selectFrom(ORGANISATION).where(ORGANISATION.USCC.eq(o.uscc())).forUpdate())
                .flatMap(existing -> {
                    var current = toOrganisation(existing);
                    var merged = new Organisation(current.id(), current.uscc(), o.kind(), o.nameZh(),
                            keep(o.shortName(), current.shortName()), keep(o.legalRepresentative(), current.legalRepresentative()),
                            keep(o.contactName(), current.contactName()), keep(o.contactPhone(), current.contactPhone()),
                            keep(o.specialities(), current.specialities()), current.mergedInto());
                    if (merged.equals(current)) {
                        return Mono.just(new Upserted(current, Change.UNCHANGED));
                    }
                    return Reactive.one(tx.update(ORGANISATION)
                                    .set(ORGANISATION.KIND, merged.kind().name())
                                    .set(ORGANISATION.NAME_ZH, merged.nameZh())
                                    .set(ORGANISATION.SHORT_NAME, merged.shortName())
                                    .set(ORGANISATION.LEGAL_REPRESENTATIVE, merged.legalRepresentative())
                                    .set(ORGANISATION.CONTACT_NAME, merged.contactName())
                                    .set(ORGANISATION.CONTACT_PHONE, merged.contactPhone())
                                    .set(ORGANISATION.SPECIALITIES, merged.specialities())
                                    .set(ORGANISATION.UPDATED_AT, OffsetDateTime.now())
                                    .where(ORGANISATION.ID.eq(current.id())))
                            .thenReturn(new Upserted(merged, Change.UPDATED));
                })
                .switchIfEmpty(Mono.defer(() -> Reactive.one(tx.insertInto(ORGANISATION)
                                .set(ORGANISATION.USCC, o.uscc())
                                .set(ORGANISATION.KIND, o.kind().name())
                                .set(ORGANISATION.NAME_ZH, o.nameZh())
                                .set(ORGANISATION.SHORT_NAME, o.shortName())
                                .set(ORGANISATION.LEGAL_REPRESENTATIVE, o.legalRepresentative())
                                .set(ORGANISATION.CONTACT_NAME, o.contactName())
                                .set(ORGANISATION.CONTACT_PHONE, o.contactPhone())
                                .set(ORGANISATION.SPECIALITIES, o.specialities())
                                .returning())
                        .map(row -> new Upserted(toOrganisation(row), Change.CREATED))));
    }

    Mono<Organisation> find(UUID id) {
        return Reactive.one(platform.selectFrom(ORGANISATION).where(ORGANISATION.ID.eq(id))).map(OrganisationRegistry::toOrganisation);
    }

    static Mono<Organisation> findByUscc(DSLContext dsl, String uscc) {
        return Reactive.one(dsl.selectFrom(ORGANISATION).where(ORGANISATION.USCC.eq(uscc))).map(OrganisationRegistry::toOrganisation);
    }

    /** Search by name, short name or code; merged-away duplicates are left out. Keyset by code. */
    Flux<Organisation> search(String query, OrganisationKind kind, String after, int limit) {
        var condition = ORGANISATION.MERGED_INTO.isNull();
        if (query != null && !query.isBlank()) {
            var like = "%" + query.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            condition = condition.and(ORGANISATION.NAME_ZH.like(like).or(ORGANISATION.SHORT_NAME.like(like))
                    .or(ORGANISATION.USCC.eq(query.strip().toUpperCase())));
        }
        if (kind != null) {
            condition = condition.and(ORGANISATION.KIND.eq(kind.name()));
        }
        if (after != null) {
            condition = condition.and(ORGANISATION.USCC.gt(after));
        }
        return Flux.from(platform.selectFrom(ORGANISATION).where(condition).orderBy(ORGANISATION.USCC).limit(limit))
                .map(OrganisationRegistry::toOrganisation);
    }

    /** Marks {@code duplicate} as merged into {@code survivor}; town data is repointed by the caller. */
    static Mono<Void> markMerged(DSLContext tx, UUID duplicate, UUID survivor) {
        return Reactive.run(tx.update(ORGANISATION)
                .set(ORGANISATION.MERGED_INTO, survivor)
                .set(ORGANISATION.UPDATED_AT, OffsetDateTime.now())
                .where(ORGANISATION.ID.eq(duplicate)));
    }

    DSLContext platform() {
        return platform;
    }

    static Organisation toOrganisation(OrganisationRecord row) {
        return new Organisation(row.getId(), row.getUscc(), OrganisationKind.valueOf(row.getKind()), row.getNameZh(),
                row.getShortName(), row.getLegalRepresentative(), row.getContactName(), row.getContactPhone(),
                row.getSpecialities(), row.getMergedInto());
    }

    private static String keep(String incoming, String current) {
        return incoming == null || incoming.isBlank() ? current : incoming;
    }

}
