package org.townalliance.alliance;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Repository;
import org.springframework.http.HttpStatus;
import org.townalliance.db.Reactive;
import org.townalliance.web.ProblemException;
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

    /** What registering did: the organisation as registered, and whether it was new. */
    record Registered(Organisation organisation, boolean created) {
    }

    /**
     * A town registers an organisation by its USCC: a new one is created; an existing one is linked as the registry
     * has it and never changed (every town it serves sees that record; corrections are the platform admin's,
     * {@link OrganisationChanges}). Named or typed differently from the registry is refused with what is registered,
     * so that the town can use it as registered or ask for a correction.
     */
    static Mono<Registered> register(DSLContext tx, Organisation o) {
        return Reactive.one(tx.selectFrom(ORGANISATION).where(ORGANISATION.USCC.eq(o.uscc())))
                .flatMap(existing -> {
                    var current = toOrganisation(existing);
                    if (current.kind() != o.kind() || !current.nameZh().strip().equals(o.nameZh().strip())) {
                        return Mono.<Registered>error(registeredDifferently(current));
                    }
                    return Mono.just(new Registered(current, false));
                })
                .switchIfEmpty(Mono.defer(() -> Reactive.one(tx.insertInto(ORGANISATION)
                                .set(ORGANISATION.USCC, o.uscc())
                                .set(ORGANISATION.KIND, o.kind().name())
                                .set(ORGANISATION.NAME_ZH, o.nameZh().strip())
                                .set(ORGANISATION.SHORT_NAME, o.shortName())
                                .set(ORGANISATION.LEGAL_REPRESENTATIVE, o.legalRepresentative())
                                .set(ORGANISATION.CONTACT_NAME, o.contactName())
                                .set(ORGANISATION.CONTACT_PHONE, o.contactPhone())
                                .set(ORGANISATION.SPECIALITIES, o.specialities())
                                .onConflict(ORGANISATION.USCC).doNothing()
                                .returning())
                        .map(row -> new Registered(toOrganisation(row), true))
                        // registered meanwhile by another town: link that one, on the same terms
                        .switchIfEmpty(Mono.defer(() -> register(tx, o)))));
    }

    static ProblemException registeredDifferently(Organisation registered) {
        return new ProblemException(HttpStatus.CONFLICT, "organisation-registered-differently", "Registered differently",
                "Code " + registered.uscc() + " is registered as '" + registered.nameZh() + "' (" + registered.kind()
                        + "); use it as registered, or ask the platform admin to correct the registry. Nothing was changed.",
                java.util.Map.of("registered", java.util.Map.of("uscc", registered.uscc(), "nameZh", registered.nameZh(),
                        "kind", registered.kind().name())));
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

}
