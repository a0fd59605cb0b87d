package org.townalliance.alliance;

import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.townalliance.db.Reactive;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.UUID;

import static org.townalliance.db.jooq.platform.Tables.ORGANISATION;
import static org.townalliance.db.jooq.town.Tables.ESTATE;
import static org.townalliance.db.jooq.town.Tables.ESTATE_MANAGEMENT;

/**
 * Estates and which firm manages each, with history: a management period is [from, to), a new firm from
 * date D closes the previous period at D. Tickets and scores credit the firm that managed on their date.
 */
final class Estates {

    private Estates() {
    }

    /** The firm managing an estate during a period ({@code to} exclusive, null while current). */
    record Management(UUID organisationId, String uscc, String nameZh, LocalDate from, LocalDate to) {
    }

    record Estate(UUID id, String name, String address, Integer households, Integer buildings, String committeeContact,
                  String committeePhone, Management managedBy) {
    }

    /** What an estate upsert did. */
    enum Change { CREATED, UPDATED, UNCHANGED }

    /** Estates by name, filtered by a text in name or address and by managing firm; {@code limit} null for all. */
    static Flux<Estate> list(DSLContext town, String query, UUID managedBy, Integer limit) {
        var condition = DSL.noCondition();
        if (query != null && !query.isBlank()) {
            var like = "%" + query.strip().replace("%", "\\%").replace("_", "\\_") + "%";
            condition = condition.and(ESTATE.NAME.like(like).or(ESTATE.ADDRESS.like(like)));
        }
        if (managedBy != null) {
            condition = condition.and(ESTATE_MANAGEMENT.ORGANISATION_ID.eq(managedBy));
        }
        var ordered = selectEstates(town).where(condition).orderBy(ESTATE.NAME, ESTATE.ADDRESS);
        return Flux.from(limit == null ? ordered : ordered.limit(limit)).map(Estates::toEstate);
    }

    static Mono<Estate> find(DSLContext town, UUID id) {
        return Reactive.one(selectEstates(town).where(ESTATE.ID.eq(id))).map(Estates::toEstate)
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("estate-not-found", "No such estate in this town.")));
    }

    private static org.jooq.SelectOnConditionStep<Record> selectEstates(DSLContext town) {
        return town.select(ESTATE.fields()).select(ESTATE_MANAGEMENT.ORGANISATION_ID, ESTATE_MANAGEMENT.FROM_DATE,
                        ESTATE_MANAGEMENT.TO_DATE, ORGANISATION.USCC, ORGANISATION.NAME_ZH)
                .from(ESTATE)
                .leftJoin(ESTATE_MANAGEMENT).on(ESTATE_MANAGEMENT.ESTATE_ID.eq(ESTATE.ID).and(ESTATE_MANAGEMENT.TO_DATE.isNull()))
                .leftJoin(ORGANISATION).on(ORGANISATION.ID.eq(ESTATE_MANAGEMENT.ORGANISATION_ID));
    }

    /** Inserts by (name, address) or updates the fields that differ; identical rows are left alone. */
    static Mono<UpsertedEstate> upsert(DSLContext tx, Estate estate) {
        return Reactive.one(tx.selectFrom(ESTATE).where(ESTATE.NAME.eq(estate.name())).and(ESTATE.ADDRESS.eq(estate.address())).forUpdate())
                .flatMap(row -> {
                    var same = java.util.Objects.equals(row.getHouseholds(), estate.households())
                            && java.util.Objects.equals(row.getBuildings(), estate.buildings())
                            && java.util.Objects.equals(row.getCommitteeContact(), estate.committeeContact())
                            && java.util.Objects.equals(row.getCommitteePhone(), estate.committeePhone());
                    if (same) {
                        return Mono.just(new UpsertedEstate(row.getId(), Change.UNCHANGED));
                    }
                    return Reactive.run(tx.update(ESTATE)
                                    .set(ESTATE.HOUSEHOLDS, estate.households())
                                    .set(ESTATE.BUILDINGS, estate.buildings())
                                    .set(ESTATE.COMMITTEE_CONTACT, estate.committeeContact())
                                    .set(ESTATE.COMMITTEE_PHONE, estate.committeePhone())
                                    .set(ESTATE.UPDATED_AT, OffsetDateTime.now())
                                    .where(ESTATE.ID.eq(row.getId())))
                            .thenReturn(new UpsertedEstate(row.getId(), Change.UPDATED));
                })
                .switchIfEmpty(Mono.defer(() -> Reactive.one(tx.insertInto(ESTATE)
                                .set(ESTATE.NAME, estate.name())
                                .set(ESTATE.ADDRESS, estate.address())
                                .set(ESTATE.HOUSEHOLDS, estate.households())
                                .set(ESTATE.BUILDINGS, estate.buildings())
                                .set(ESTATE.COMMITTEE_CONTACT, estate.committeeContact())
                                .set(ESTATE.COMMITTEE_PHONE, estate.committeePhone())
                                .returning(ESTATE.ID))
                        .map(r -> new UpsertedEstate(r.getId(), Change.CREATED))));
    }

    record UpsertedEstate(UUID id, Change change) {
    }

    /**
     * Makes {@code organisation} the estate's managing firm from {@code from}. It must be a FIRM and a
     * current member. Assigning the current firm again is a no-op (false); otherwise the open period
     * closes at {@code from} (true).
     */
    static Mono<Boolean> assign(DSLContext tx, UUID estateId, Organisation organisation, LocalDate from, String actor) {
        if (organisation.kind() != OrganisationKind.FIRM) {
            return Mono.error(ProblemException.badRequest("not-a-firm", organisation.nameZh() + " is a service agency; estates are managed by property firms."));
        }
        // A firm may have managed an estate long before the alliance existed; it must be a member now.
        var member = Members.openMembership(tx, organisation.id()).hasElement();
        return member.flatMap(isMember -> {
            if (!isMember) {
                return Mono.error(ProblemException.conflict("not-a-member",
                        organisation.nameZh() + " is not a current member of this alliance."));
            }
            return Reactive.one(tx.selectFrom(ESTATE_MANAGEMENT).where(ESTATE_MANAGEMENT.ESTATE_ID.eq(estateId))
                            .and(ESTATE_MANAGEMENT.TO_DATE.isNull()).forUpdate())
                    .flatMap(open -> {
                        if (open.getOrganisationId().equals(organisation.id())) {
                            return Mono.just(false);
                        }
                        if (!from.isAfter(open.getFromDate())) {
                            return Mono.error(ProblemException.conflict("management-overlap", "The current firm manages since "
                                    + open.getFromDate() + "; a new firm can take over only after that date."));
                        }
                        return Reactive.run(tx.update(ESTATE_MANAGEMENT).set(ESTATE_MANAGEMENT.TO_DATE, from)
                                .where(ESTATE_MANAGEMENT.ID.eq(open.getId()))).then(open(tx, estateId, organisation, from, actor));
                    })
                    .switchIfEmpty(Mono.defer(() -> open(tx, estateId, organisation, from, actor)));
        });
    }

    private static Mono<Boolean> open(DSLContext tx, UUID estateId, Organisation organisation, LocalDate from, String actor) {
        return Reactive.run(tx.insertInto(ESTATE_MANAGEMENT)
                .set(ESTATE_MANAGEMENT.ESTATE_ID, estateId)
                .set(ESTATE_MANAGEMENT.ORGANISATION_ID, organisation.id())
                .set(ESTATE_MANAGEMENT.FROM_DATE, from)
                .set(ESTATE_MANAGEMENT.CREATED_BY, actor)).thenReturn(true);
    }

    static Flux<Management> history(DSLContext town, UUID estateId) {
        return Flux.from(town.select(ESTATE_MANAGEMENT.ORGANISATION_ID, ORGANISATION.USCC, ORGANISATION.NAME_ZH,
                                ESTATE_MANAGEMENT.FROM_DATE, ESTATE_MANAGEMENT.TO_DATE)
                        .from(ESTATE_MANAGEMENT).join(ORGANISATION).on(ORGANISATION.ID.eq(ESTATE_MANAGEMENT.ORGANISATION_ID))
                        .where(ESTATE_MANAGEMENT.ESTATE_ID.eq(estateId)).orderBy(ESTATE_MANAGEMENT.FROM_DATE))
                .map(r -> new Management(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    /** The firm that managed the estate on {@code date}: what tickets and scores credit. */
    static Mono<Management> managedOn(DSLContext town, UUID estateId, LocalDate date) {
        return history(town, estateId)
                .filter(m -> !m.from().isAfter(date) && (m.to() == null || m.to().isAfter(date)))
                .next();
    }

    private static Estate toEstate(Record r) {
        var orgId = r.get(ESTATE_MANAGEMENT.ORGANISATION_ID);
        var managedBy = orgId == null ? null : new Management(orgId, r.get(ORGANISATION.USCC), r.get(ORGANISATION.NAME_ZH),
                r.get(ESTATE_MANAGEMENT.FROM_DATE), r.get(ESTATE_MANAGEMENT.TO_DATE));
        return new Estate(r.get(ESTATE.ID), r.get(ESTATE.NAME), r.get(ESTATE.ADDRESS), r.get(ESTATE.HOUSEHOLDS),
                r.get(ESTATE.BUILDINGS), r.get(ESTATE.COMMITTEE_CONTACT), r.get(ESTATE.COMMITTEE_PHONE), managedBy);
    }
}
