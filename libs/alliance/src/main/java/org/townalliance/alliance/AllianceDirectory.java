package org.townalliance.alliance;

import org.jooq.DSLContext;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.util.UUID;

/** What other modules may ask the alliance (estates, members, organisations) without reading its tables. */
public final class AllianceDirectory {

    private AllianceDirectory() {
    }

    /** The organisation that managed the estate on {@code date} (what tickets and scores credit), if any. */
    public static Mono<UUID> managingOrganisationOn(DSLContext town, UUID estateId, LocalDate date) {
        return Estates.managedOn(town, estateId, date).map(Estates.Management::organisationId);
    }

    /** Whether the organisation is a current member of this town's alliance. */
    public static Mono<Boolean> isCurrentMember(DSLContext town, UUID organisationId) {
        return Members.openMembership(town, organisationId).hasElement();
    }

    /** The organisations that are members of this town's alliance now (who a general meeting invites). */
    public static Mono<java.util.List<UUID>> currentMemberIds(DSLContext town) {
        var member = org.townalliance.db.jooq.town.Tables.MEMBER;
        return reactor.core.publisher.Flux.from(town.select(member.ORGANISATION_ID).from(member).where(member.LEFT_ON.isNull()))
                .map(r -> r.value1()).collectList();
    }

    /** When each of these organisations joined the alliance in its current membership (an election's seniority tie-break). */
    public static Mono<java.util.Map<UUID, LocalDate>> memberSince(DSLContext town, java.util.Collection<UUID> organisationIds) {
        if (organisationIds.isEmpty()) {
            return Mono.just(java.util.Map.of());
        }
        var member = org.townalliance.db.jooq.town.Tables.MEMBER;
        return reactor.core.publisher.Flux.from(town.select(member.ORGANISATION_ID, member.JOINED_ON).from(member)
                        .where(member.LEFT_ON.isNull()).and(member.ORGANISATION_ID.in(organisationIds)))
                .collectMap(r -> r.value1(), r -> r.value2());
    }

    /** The alliance's name from its profile, if the secretariat has filled it in (invitations are signed with it). */
    public static Mono<String> allianceName(DSLContext town) {
        var profile = org.townalliance.db.jooq.town.Tables.ALLIANCE_PROFILE;
        return org.townalliance.db.Reactive.one(town.select(profile.NAME).from(profile)).map(r -> r.value1());
    }

    /** The credit code of the organisation if it is a current member of kind FIRM (who may chair the alliance). */
    public static Mono<String> currentFirmCode(DSLContext dsl, UUID organisationId) {
        var organisation = org.townalliance.db.jooq.platform.Tables.ORGANISATION;
        return isCurrentMember(dsl, organisationId).filter(member -> member)
                .flatMap(member -> org.townalliance.db.Reactive.one(dsl.select(organisation.USCC).from(organisation)
                        .where(organisation.ID.eq(organisationId)).and(organisation.KIND.eq(OrganisationKind.FIRM.name()))))
                .map(r -> r.value1());
    }

    /** The ids of the organisations with these codes (as held in people's organisation roles). */
    public static Mono<java.util.Set<UUID>> organisationIds(DSLContext dsl, java.util.Collection<String> codes) {
        if (codes.isEmpty()) {
            return Mono.just(java.util.Set.of());
        }
        return reactor.core.publisher.Flux.from(dsl.select(org.townalliance.db.jooq.platform.Tables.ORGANISATION.ID)
                        .from(org.townalliance.db.jooq.platform.Tables.ORGANISATION)
                        .where(org.townalliance.db.jooq.platform.Tables.ORGANISATION.USCC.in(codes)))
                .map(r -> r.value1()).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The organisation's unified social credit code: the id in its people's Keycloak groups. */
    public static Mono<String> code(DSLContext dsl, UUID organisationId) {
        return org.townalliance.db.Reactive.one(dsl.select(org.townalliance.db.jooq.platform.Tables.ORGANISATION.USCC)
                .from(org.townalliance.db.jooq.platform.Tables.ORGANISATION)
                .where(org.townalliance.db.jooq.platform.Tables.ORGANISATION.ID.eq(organisationId))).map(r -> r.value1());
    }

    /** The names of these organisations (for lists and public pages that show who is responsible). */
    public static Mono<java.util.Map<UUID, String>> organisationNames(DSLContext dsl, java.util.Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Mono.just(java.util.Map.of());
        }
        var organisation = org.townalliance.db.jooq.platform.Tables.ORGANISATION;
        return reactor.core.publisher.Flux.from(dsl.select(organisation.ID, organisation.NAME_ZH).from(organisation)
                        .where(organisation.ID.in(ids)))
                .collectMap(r -> r.value1(), r -> r.value2());
    }

    /** Estates' names (public: they are on the estates' gates). */
    public static Mono<java.util.Map<UUID, String>> estateNames(DSLContext dsl, java.util.Collection<UUID> ids) {
        if (ids.isEmpty()) {
            return Mono.just(java.util.Map.of());
        }
        var estate = org.townalliance.db.jooq.town.Tables.ESTATE;
        return reactor.core.publisher.Flux.from(dsl.select(estate.ID, estate.NAME).from(estate).where(estate.ID.in(ids)))
                .collectMap(r -> r.value1(), r -> r.value2());
    }

    /** A public estate: what a resident picks from when reporting. */
    public record PublicEstate(UUID id, String name, String address) {
    }

    public static Mono<PublicEstate> estate(DSLContext dsl, UUID id) {
        return Estates.find(dsl, id).map(e -> new PublicEstate(e.id(), e.name(), e.address()))
                .onErrorResume(org.townalliance.web.ProblemException.class, notFound -> Mono.empty());
    }

    /** Estates whose name or address holds {@code text} (all when null), by name, at most {@code limit}. */
    public static reactor.core.publisher.Flux<PublicEstate> searchEstates(DSLContext dsl, String text, int limit) {
        return Estates.list(dsl, text, null, limit).map(e -> new PublicEstate(e.id(), e.name(), e.address()));
    }

    /** The alliance's 24-hour hotline number, if the secretariat has set one. */
    public static Mono<String> hotlineNumber(DSLContext dsl) {
        var profile = org.townalliance.db.jooq.town.Tables.ALLIANCE_PROFILE;
        return org.townalliance.db.Reactive.one(dsl.select(profile.HOTLINE_NUMBER).from(profile).limit(1))
                .mapNotNull(r -> r.value1());
    }
}
