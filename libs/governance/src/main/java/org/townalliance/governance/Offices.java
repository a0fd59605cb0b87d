package org.townalliance.governance;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.townalliance.db.Reactive;
import org.townalliance.db.jooq.town.tables.records.OfficeRecord;
import org.townalliance.db.jooq.town.tables.records.OfficeTermRecord;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.townalliance.db.jooq.platform.Tables.CHAIR_TERM;
import static org.townalliance.db.jooq.town.Tables.OFFICE;
import static org.townalliance.db.jooq.town.Tables.OFFICE_TERM;

/**
 * Offices and their terms in a town's schema. A term is [startsOn, endsOn). A single-holder office never
 * has two overlapping terms, and one person never chairs two towns in overlapping periods: both checked
 * in the transaction that records the term, under a lock on the office row and on the person.
 */
final class Offices {

    static final String CHAIR = "rotating-chair";

    private Offices() {
    }

    /** Who may hold an office. */
    enum HolderRule { CHAIR_FIRM_HEAD, SECRETARIAT_PERSON, ANY_PERSON }

    record Office(String code, String nameZh, String nameEn, HolderRule holderRule, boolean singleHolder, int termMonths, List<Term> holders) {
    }

    record Term(UUID id, String officeCode, String personId, String personName, UUID organisationId, LocalDate startsOn,
                LocalDate endsOn, String note, String createdBy) {
    }

    /** What the secretariat defines of an office (the town's own list: the four seeded ones and any it adds). */
    record Definition(String code, String nameZh, String nameEn, HolderRule holderRule, boolean singleHolder, int termMonths, int sortOrder) {
    }

    static Mono<Void> create(DSLContext town, Definition d) {
        return Reactive.one(town.insertInto(OFFICE).set(OFFICE.CODE, d.code()).set(OFFICE.NAME_ZH, d.nameZh()).set(OFFICE.NAME_EN, d.nameEn())
                        .set(OFFICE.HOLDER_RULE, d.holderRule().name()).set(OFFICE.SINGLE_HOLDER, d.singleHolder())
                        .set(OFFICE.TERM_MONTHS, d.termMonths()).set(OFFICE.SORT_ORDER, d.sortOrder())
                        .onConflictDoNothing().returningResult(OFFICE.CODE))
                .switchIfEmpty(Mono.error(() -> ProblemException.conflict("office-exists", "An office with this code exists.")))
                .then();
    }

    /** Renames an office or changes its default term; who may hold it (and whether alone) changes only while it has no terms. */
    static Mono<Void> update(DSLContext town, Definition d) {
        return Reactive.one(town.transactionPublisher(trx -> Reactive.one(trx.dsl().selectFrom(OFFICE).where(OFFICE.CODE.eq(d.code())).forUpdate())
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("office-not-found", "No office '" + d.code() + "' in this town.")))
                .flatMap(office -> {
                    var ruleChanged = !office.getHolderRule().equals(d.holderRule().name()) || !office.getSingleHolder().equals(d.singleHolder());
                    var termsExist = Reactive.one(trx.dsl().selectCount().from(OFFICE_TERM).where(OFFICE_TERM.OFFICE_CODE.eq(d.code())))
                            .map(r -> r.value1() > 0);
                    return (ruleChanged ? termsExist : Mono.just(false)).flatMap(inUse -> inUse
                            ? Mono.error(ProblemException.conflict("office-in-use", "Who may hold this office cannot change once it has terms."))
                            : Reactive.run(trx.dsl().update(OFFICE).set(OFFICE.NAME_ZH, d.nameZh()).set(OFFICE.NAME_EN, d.nameEn())
                                    .set(OFFICE.HOLDER_RULE, d.holderRule().name()).set(OFFICE.SINGLE_HOLDER, d.singleHolder())
                                    .set(OFFICE.TERM_MONTHS, d.termMonths()).set(OFFICE.SORT_ORDER, d.sortOrder()).where(OFFICE.CODE.eq(d.code()))));
                })
                .thenReturn(true))).then();
    }

    static Flux<OfficeRecord> all(DSLContext town) {
        return Flux.from(town.selectFrom(OFFICE).orderBy(OFFICE.SORT_ORDER, OFFICE.CODE));
    }

    static Mono<OfficeRecord> find(DSLContext town, String code) {
        return Reactive.one(town.selectFrom(OFFICE).where(OFFICE.CODE.eq(code)))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("office-not-found", "No office '" + code + "' in this town.")));
    }

    /** Terms running on {@code day}, every office. */
    static Flux<Term> heldOn(DSLContext town, LocalDate day) {
        return Flux.from(town.selectFrom(OFFICE_TERM).where(OFFICE_TERM.STARTS_ON.le(day)).and(OFFICE_TERM.ENDS_ON.gt(day))
                .orderBy(OFFICE_TERM.STARTS_ON)).map(Offices::term);
    }

    static Flux<Term> history(DSLContext town, String code) {
        return Flux.from(town.selectFrom(OFFICE_TERM).where(OFFICE_TERM.OFFICE_CODE.eq(code)).orderBy(OFFICE_TERM.STARTS_ON.desc()))
                .map(Offices::term);
    }

    /** Terms of single-holder offices ending between {@code from} and {@code until} with no term starting after them. */
    /** Single-holder terms ending within 60 days of {@code today} with no next term and no election running for the office. */
    static Flux<Term> reminders(DSLContext town, LocalDate today) {
        return Elections.officesWithRunningElection(town).flatMapMany(running ->
                endingWithoutSuccessor(town, today, today.plusDays(60)).filter(term -> !running.contains(term.officeCode())));
    }

    static Flux<Term> endingWithoutSuccessor(DSLContext town, LocalDate from, LocalDate until) {
        var next = OFFICE_TERM.as("next");
        return Flux.from(town.select(OFFICE_TERM.fields()).from(OFFICE_TERM).join(OFFICE).on(OFFICE.CODE.eq(OFFICE_TERM.OFFICE_CODE))
                        .where(OFFICE.SINGLE_HOLDER.isTrue()).and(OFFICE_TERM.ENDS_ON.between(from, until))
                        .andNotExists(DSL.selectOne().from(next).where(next.OFFICE_CODE.eq(OFFICE_TERM.OFFICE_CODE))
                                .and(next.STARTS_ON.ge(OFFICE_TERM.ENDS_ON))))
                .map(r -> term(r.into(OFFICE_TERM)));
    }

    /** Records a term after the overlap checks; the chair's term also goes into the platform-wide list. */
    static Mono<Term> record(DSLContext town, String slug, OfficeRecord office, Term term) {
        return Reactive.one(town.transactionPublisher(trx -> recordIn(trx.dsl(), slug, office, term)));
    }

    /** {@link #record} inside the caller's transaction (an election records its winner's term with the result). */
    static Mono<Term> recordIn(DSLContext tx, String slug, OfficeRecord office, Term term) {
        var lockOffice = Reactive.one(tx.selectFrom(OFFICE).where(OFFICE.CODE.eq(office.getCode())).forUpdate());
        var overlapping = Boolean.TRUE.equals(office.getSingleHolder())
                ? Reactive.one(tx.selectCount().from(OFFICE_TERM).where(OFFICE_TERM.OFFICE_CODE.eq(office.getCode()))
                        .and(OFFICE_TERM.STARTS_ON.lt(term.endsOn())).and(OFFICE_TERM.ENDS_ON.gt(term.startsOn()))).map(r -> r.value1())
                : Reactive.one(tx.selectCount().from(OFFICE_TERM).where(OFFICE_TERM.OFFICE_CODE.eq(office.getCode()))
                        .and(OFFICE_TERM.PERSON_ID.eq(term.personId()))
                        .and(OFFICE_TERM.STARTS_ON.lt(term.endsOn())).and(OFFICE_TERM.ENDS_ON.gt(term.startsOn()))).map(r -> r.value1());
        var chair = CHAIR.equals(office.getCode());
        Mono<Void> chairElsewhere = !chair ? Mono.empty()
                : Reactive.run(tx.select(DSL.function("pg_advisory_xact_lock", Object.class,
                                DSL.function("hashtextextended", Long.class, DSL.val("chair:" + term.personId()), DSL.val(0L)))))
                        .then(Reactive.one(tx.select(CHAIR_TERM.TOWN).from(CHAIR_TERM).where(CHAIR_TERM.PERSON_ID.eq(term.personId()))
                                .and(CHAIR_TERM.TOWN.ne(slug))
                                .and(CHAIR_TERM.STARTS_ON.lt(term.endsOn())).and(CHAIR_TERM.ENDS_ON.gt(term.startsOn())).limit(1)))
                        .flatMap(other -> Mono.<Void>error(ProblemException.conflict("chair-elsewhere",
                                "This person chairs the alliance of another town in that period.")))
                        .then();
        return lockOffice.then(overlapping).flatMap(count -> count > 0
                        ? Mono.<OfficeTermRecord>error(ProblemException.conflict("term-overlap", Boolean.TRUE.equals(office.getSingleHolder())
                                ? "Another term of this office overlaps that period." : "This person already holds this office in that period."))
                        : chairElsewhere.then(Reactive.one(tx.insertInto(OFFICE_TERM)
                                .set(OFFICE_TERM.OFFICE_CODE, office.getCode())
                                .set(OFFICE_TERM.PERSON_ID, term.personId())
                                .set(OFFICE_TERM.PERSON_NAME, term.personName())
                                .set(OFFICE_TERM.ORGANISATION_ID, term.organisationId())
                                .set(OFFICE_TERM.STARTS_ON, term.startsOn())
                                .set(OFFICE_TERM.ENDS_ON, term.endsOn())
                                .set(OFFICE_TERM.NOTE, term.note())
                                .set(OFFICE_TERM.CREATED_BY, term.createdBy())
                                .returning())))
                .flatMap(stored -> !chair ? Mono.just(stored)
                        : Reactive.run(tx.insertInto(CHAIR_TERM).set(CHAIR_TERM.TERM_ID, stored.getId()).set(CHAIR_TERM.TOWN, slug)
                                .set(CHAIR_TERM.PERSON_ID, stored.getPersonId()).set(CHAIR_TERM.STARTS_ON, stored.getStartsOn())
                                .set(CHAIR_TERM.ENDS_ON, stored.getEndsOn())).thenReturn(stored))
                .map(Offices::term);
    }

    /** Ends a running or future term early (a resignation, a new election); the chair's platform entry follows. */
    static Mono<Term> endEarly(DSLContext town, String code, UUID termId, LocalDate endsOn, String note) {
        return Reactive.one(town.transactionPublisher(trx -> Reactive.one(trx.dsl().selectFrom(OFFICE_TERM)
                        .where(OFFICE_TERM.ID.eq(termId)).and(OFFICE_TERM.OFFICE_CODE.eq(code)).forUpdate())
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("term-not-found", "No such term of this office.")))
                .flatMap(term -> !endsOn.isAfter(term.getStartsOn()) || !endsOn.isBefore(term.getEndsOn())
                        ? Mono.<OfficeTermRecord>error(ProblemException.badRequest("invalid-period",
                                "An early end falls after the term's start and before its planned end (" + term.getEndsOn() + ")."))
                        : Reactive.one(trx.dsl().update(OFFICE_TERM).set(OFFICE_TERM.ENDS_ON, endsOn)
                                .set(OFFICE_TERM.NOTE, note == null ? term.getNote() : note).where(OFFICE_TERM.ID.eq(termId)).returning()))
                .flatMap(updated -> Reactive.run(trx.dsl().update(CHAIR_TERM).set(CHAIR_TERM.ENDS_ON, endsOn)
                        .where(CHAIR_TERM.TERM_ID.eq(termId))).thenReturn(updated))
                .map(Offices::term)));
    }

    private static Term term(OfficeTermRecord r) {
        return new Term(r.getId(), r.getOfficeCode(), r.getPersonId(), r.getPersonName(), r.getOrganisationId(), r.getStartsOn(),
                r.getEndsOn(), r.getNote(), r.getCreatedBy());
    }
}
