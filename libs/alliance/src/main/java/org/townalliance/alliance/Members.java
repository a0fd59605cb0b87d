package org.townalliance.alliance;

import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.http.HttpStatus;
import org.townalliance.db.Reactive;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import static org.townalliance.db.jooq.platform.Tables.ORGANISATION;
import static org.townalliance.db.jooq.town.Tables.ESTATE;
import static org.townalliance.db.jooq.town.Tables.ESTATE_MANAGEMENT;
import static org.townalliance.db.jooq.town.Tables.MEMBER;

/**
 * Membership periods of a town's alliance. A join opens a period, a leave closes it; periods never
 * overlap and are never rewritten, so "members on date D" is answered from the history.
 */
final class Members {

    private Members() {
    }

    /** One membership period with the organisation's registry data. */
    record Member(UUID id, UUID organisationId, String uscc, String nameZh, String shortName, OrganisationKind kind,
                  String legalRepresentative, String contactName, String contactPhone, String specialities,
                  LocalDate joinedOn, String joinReason, LocalDate leftOn, String leaveReason) {
    }

    enum Status { CURRENT, LEFT, ALL }

    static Flux<Member> list(DSLContext town, LocalDate on, OrganisationKind kind, Status status, String query) {
        Condition condition = DSL.noCondition();
        if (on != null) {
            condition = condition.and(MEMBER.JOINED_ON.le(on)).and(MEMBER.LEFT_ON.isNull().or(MEMBER.LEFT_ON.gt(on)));
        } else if (status == Status.CURRENT || status == null) {
            condition = condition.and(MEMBER.LEFT_ON.isNull());
        } else if (status == Status.LEFT) {
            condition = condition.and(MEMBER.LEFT_ON.isNotNull());
        }
        if (kind != null) {
            condition = condition.and(MEMBER.KIND.eq(kind.name()));
        }
        if (query != null && !query.isBlank()) {
            var like = "%" + query.strip().replace("%", "\\%").replace("_", "\\_") + "%";
            condition = condition.and(ORGANISATION.NAME_ZH.like(like).or(ORGANISATION.SHORT_NAME.like(like))
                    .or(ORGANISATION.USCC.eq(query.strip().toUpperCase(java.util.Locale.ROOT))));
        }
        return Flux.from(town.select(MEMBER.fields()).select(ORGANISATION.USCC, ORGANISATION.NAME_ZH, ORGANISATION.SHORT_NAME,
                                ORGANISATION.LEGAL_REPRESENTATIVE, ORGANISATION.CONTACT_NAME, ORGANISATION.CONTACT_PHONE,
                                ORGANISATION.SPECIALITIES)
                        .from(MEMBER).join(ORGANISATION).on(ORGANISATION.ID.eq(MEMBER.ORGANISATION_ID))
                        .where(condition)
                        .orderBy(ORGANISATION.NAME_ZH, MEMBER.JOINED_ON))
                .map(Members::toMember);
    }

    static Mono<Member> find(DSLContext town, UUID id) {
        return Reactive.one(town.select(MEMBER.fields()).select(ORGANISATION.USCC, ORGANISATION.NAME_ZH, ORGANISATION.SHORT_NAME,
                                ORGANISATION.LEGAL_REPRESENTATIVE, ORGANISATION.CONTACT_NAME, ORGANISATION.CONTACT_PHONE,
                                ORGANISATION.SPECIALITIES)
                        .from(MEMBER).join(ORGANISATION).on(ORGANISATION.ID.eq(MEMBER.ORGANISATION_ID))
                        .where(MEMBER.ID.eq(id)))
                .map(Members::toMember)
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("member-not-found", "No such membership in this town.")));
    }

    /** The open membership of an organisation, if any. */
    static Mono<UUID> openMembership(DSLContext town, UUID organisationId) {
        return Reactive.one(town.select(MEMBER.ID).from(MEMBER)
                .where(MEMBER.ORGANISATION_ID.eq(organisationId)).and(MEMBER.LEFT_ON.isNull())).map(r -> r.value1());
    }

    /** Opens a membership period; the organisation must not be a member and must have left before {@code on}. */
    static Mono<UUID> join(DSLContext tx, Organisation organisation, LocalDate on, String reason, String actor) {
        return Reactive.one(tx.select(DSL.max(MEMBER.LEFT_ON), DSL.count()).from(MEMBER)
                        .where(MEMBER.ORGANISATION_ID.eq(organisation.id())).and(MEMBER.LEFT_ON.isNull().not()))
                .flatMap(last -> openMembership(tx, organisation.id())
                        .flatMap(open -> Mono.<UUID>error(new ProblemException(HttpStatus.CONFLICT, "already-member",
                                "Already a member", organisation.nameZh() + " is already a member of this alliance.",
                                Map.of("memberId", open.toString()))))
                        .switchIfEmpty(Mono.defer(() -> {
                            var lastLeft = last.value1();
                            if (lastLeft != null && on.isBefore(lastLeft)) {
                                return Mono.error(ProblemException.conflict("membership-overlap", organisation.nameZh()
                                        + " left on " + lastLeft + "; a new membership cannot start before that."));
                            }
                            return Reactive.one(tx.insertInto(MEMBER)
                                    .set(MEMBER.ORGANISATION_ID, organisation.id())
                                    .set(MEMBER.KIND, organisation.kind().name())
                                    .set(MEMBER.JOINED_ON, on)
                                    .set(MEMBER.JOIN_REASON, reason)
                                    .set(MEMBER.CREATED_BY, actor)
                                    .returning(MEMBER.ID)).map(r -> r.getId());
                        })));
    }

    /**
     * Closes a membership. Refused while the organisation manages estates in this town: the secretariat
     * first assigns those estates to another firm (the explicit transfer), so no estate is left unmanaged.
     */
    static Mono<Member> leave(DSLContext tx, UUID memberId, LocalDate on, String reason) {
        return find(tx, memberId).flatMap(member -> {
            if (member.leftOn() != null) {
                return Mono.error(ProblemException.conflict("already-left", member.nameZh() + " left on " + member.leftOn() + "."));
            }
            if (on.isBefore(member.joinedOn())) {
                return Mono.error(ProblemException.badRequest("invalid-date", "The leaving date is before the joining date " + member.joinedOn() + "."));
            }
            return Flux.from(tx.select(ESTATE.NAME).from(ESTATE_MANAGEMENT).join(ESTATE).on(ESTATE.ID.eq(ESTATE_MANAGEMENT.ESTATE_ID))
                            .where(ESTATE_MANAGEMENT.ORGANISATION_ID.eq(member.organisationId())).and(ESTATE_MANAGEMENT.TO_DATE.isNull()))
                    .map(r -> r.value1()).collectList()
                    .flatMap(estates -> estates.isEmpty()
                            ? Reactive.run(tx.update(MEMBER).set(MEMBER.LEFT_ON, on).set(MEMBER.LEAVE_REASON, reason)
                                    .where(MEMBER.ID.eq(memberId))).then(find(tx, memberId))
                            : Mono.error(new ProblemException(HttpStatus.CONFLICT, "member-manages-estates", "Member manages estates",
                                    member.nameZh() + " still manages " + estates.size() + " estate(s); assign them to another firm first.",
                                    Map.of("estates", estates))));
        });
    }

    private static Member toMember(Record r) {
        return new Member(r.get(MEMBER.ID), r.get(MEMBER.ORGANISATION_ID), r.get(ORGANISATION.USCC), r.get(ORGANISATION.NAME_ZH),
                r.get(ORGANISATION.SHORT_NAME), OrganisationKind.valueOf(r.get(MEMBER.KIND)), r.get(ORGANISATION.LEGAL_REPRESENTATIVE),
                r.get(ORGANISATION.CONTACT_NAME), r.get(ORGANISATION.CONTACT_PHONE), r.get(ORGANISATION.SPECIALITIES), r.get(MEMBER.JOINED_ON),
                r.get(MEMBER.JOIN_REASON), r.get(MEMBER.LEFT_ON), r.get(MEMBER.LEAVE_REASON));
    }
}
