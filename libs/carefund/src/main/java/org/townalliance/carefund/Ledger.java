package org.townalliance.carefund;

import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.townalliance.db.Reactive;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

import static org.townalliance.db.jooq.town.Tables.CARE_FUND_ACCOUNT;
import static org.townalliance.db.jooq.town.Tables.CARE_FUND_ENTRY;
import static org.townalliance.db.jooq.town.Tables.CARE_FUND_JOURNAL;

/**
 * The care fund's double-entry ledger. A journal's entries add up to zero (debits positive, credits
 * negative); posting locks the accounts it touches in a fixed order, updates their balances in the same
 * transaction, and the database refuses a negative fund balance, an unbalanced journal or a changed entry.
 */
final class Ledger {

    static final String CASH = "FUND_CASH";
    static final String GRANTS = "GRANTS_PAID";

    private Ledger() {
    }

    enum Source {
        MEMBER("CONTRIBUTIONS_MEMBER"), TOWN("CONTRIBUTIONS_TOWN"), DONATION("DONATIONS");

        final String account;

        Source(String account) {
            this.account = account;
        }
    }

    record Entry(String account, BigDecimal amount) {
    }

    record Journal(UUID id, long number, String kind, LocalDate occurredOn, String memo, UUID organisationId, String counterparty,
                   UUID applicationId, UUID reversesJournalId, String createdBy, OffsetDateTime createdAt, List<Entry> entries) {
    }

    record Account(String code, String nameZh, String kind, BigDecimal balance, BigDecimal sumOfEntries) {

        boolean consistent() {
            return balance.compareTo(sumOfEntries) == 0;
        }
    }

    /** A journal to post; {@code idempotencyKey} (the client's, optional) makes a retried request book once. */
    record Posting(String kind, LocalDate occurredOn, String memo, UUID organisationId, String counterparty, UUID applicationId,
                   UUID reversesJournalId, String actor, List<Entry> entries, String idempotencyKey) {
    }

    /** The journal an earlier request with this key booked, if any. */
    static Mono<UUID> byKey(DSLContext town, String key) {
        return key == null ? Mono.empty()
                : Reactive.one(town.select(CARE_FUND_JOURNAL.ID).from(CARE_FUND_JOURNAL).where(CARE_FUND_JOURNAL.IDEMPOTENCY_KEY.eq(key))).map(r -> r.value1());
    }

    /** Posts a journal inside the caller's transaction; a fund balance that would go below zero is refused (409). */
    static Mono<UUID> post(DSLContext tx, Posting posting) {
        var accounts = posting.entries().stream().map(Entry::account).distinct().sorted().toList();
        return Flux.fromIterable(accounts)
                .concatMap(code -> Reactive.one(tx.select(CARE_FUND_ACCOUNT.BALANCE).from(CARE_FUND_ACCOUNT).where(CARE_FUND_ACCOUNT.CODE.eq(code)).forUpdate())
                        .map(r -> java.util.Map.entry(code, r.value1())))
                .collectMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue)
                .flatMap(balances -> {
                    var cash = posting.entries().stream().filter(e -> e.account().equals(CASH)).map(Entry::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
                    if (balances.containsKey(CASH) && balances.get(CASH).add(cash).signum() < 0) {
                        return Mono.error(ProblemException.conflict("insufficient-funds", "The fund holds " + balances.get(CASH).toPlainString()
                                + " CNY; this would leave it below zero. Nothing was paid."));
                    }
                    return Reactive.one(tx.insertInto(CARE_FUND_JOURNAL).set(CARE_FUND_JOURNAL.KIND, posting.kind())
                                    .set(CARE_FUND_JOURNAL.OCCURRED_ON, posting.occurredOn()).set(CARE_FUND_JOURNAL.MEMO, posting.memo())
                                    .set(CARE_FUND_JOURNAL.ORGANISATION_ID, posting.organisationId()).set(CARE_FUND_JOURNAL.COUNTERPARTY, posting.counterparty())
                                    .set(CARE_FUND_JOURNAL.APPLICATION_ID, posting.applicationId())
                                    .set(CARE_FUND_JOURNAL.REVERSES_JOURNAL_ID, posting.reversesJournalId())
                                    .set(CARE_FUND_JOURNAL.IDEMPOTENCY_KEY, posting.idempotencyKey())
                                    .set(CARE_FUND_JOURNAL.CREATED_BY, posting.actor())
                                    .onConflict(CARE_FUND_JOURNAL.REVERSES_JOURNAL_ID).doNothing().returningResult(CARE_FUND_JOURNAL.ID))
                            .map(r -> r.value1())
                            .switchIfEmpty(Mono.error(() -> ProblemException.conflict("already-reversed", "That journal is already reversed.")))
                            .flatMap(id -> Flux.fromIterable(posting.entries()).concatMap(e -> Reactive.run(tx.insertInto(CARE_FUND_ENTRY)
                                                    .set(CARE_FUND_ENTRY.JOURNAL_ID, id).set(CARE_FUND_ENTRY.ACCOUNT_CODE, e.account())
                                                    .set(CARE_FUND_ENTRY.AMOUNT, e.amount()))
                                            .then(Reactive.run(tx.update(CARE_FUND_ACCOUNT).set(CARE_FUND_ACCOUNT.BALANCE, CARE_FUND_ACCOUNT.BALANCE.plus(e.amount()))
                                                    .where(CARE_FUND_ACCOUNT.CODE.eq(e.account())))))
                                    .then(Mono.just(id)));
                });
    }

    static Mono<UUID> postAlone(DSLContext town, Posting posting) {
        return Reactive.one(town.transactionPublisher(trx -> post(trx.dsl(), posting)));
    }

    /** A correction: the same entries with the opposite signs, referring to the journal it corrects (once). */
    static Mono<UUID> reverse(DSLContext town, UUID journalId, String reason, LocalDate today, String actor) {
        return journal(town, journalId).flatMap(original -> "REVERSAL".equals(original.kind())
                ? Mono.error(ProblemException.conflict("not-reversible", "A reversal is not reversed again; book a new journal."))
                : Ledger.postAlone(town, new Posting("REVERSAL", today, "冲正 #" + original.number() + "：" + reason, original.organisationId(),
                        original.counterparty(), original.applicationId(), journalId, actor,
                        original.entries().stream().map(e -> new Entry(e.account(), e.amount().negate())).toList(), null)));
    }

    static Mono<Journal> journal(DSLContext town, UUID id) {
        return Reactive.one(town.selectFrom(CARE_FUND_JOURNAL).where(CARE_FUND_JOURNAL.ID.eq(id)))
                .switchIfEmpty(Mono.error(() -> ProblemException.notFound("journal-not-found", "No such journal in this fund.")))
                .flatMap(j -> entries(town, List.of(id)).map(entries -> view(j, entries.getOrDefault(id, List.of()))));
    }

    static Flux<Journal> journals(DSLContext town, LocalDate from, LocalDate until) {
        return Flux.from(town.selectFrom(CARE_FUND_JOURNAL).where(CARE_FUND_JOURNAL.OCCURRED_ON.ge(from)).and(CARE_FUND_JOURNAL.OCCURRED_ON.lt(until))
                        .orderBy(CARE_FUND_JOURNAL.NUMBER)).collectList()
                .flatMapMany(journals -> entries(town, journals.stream().map(j -> j.getId()).toList())
                        .flatMapMany(entries -> Flux.fromIterable(journals).map(j -> view(j, entries.getOrDefault(j.getId(), List.of())))));
    }

    /** Every account with its kept balance and the sum of its entries: they are equal in a consistent ledger. */
    static Flux<Account> accounts(DSLContext town) {
        var sum = DSL.coalesce(DSL.select(DSL.sum(CARE_FUND_ENTRY.AMOUNT)).from(CARE_FUND_ENTRY)
                .where(CARE_FUND_ENTRY.ACCOUNT_CODE.eq(CARE_FUND_ACCOUNT.CODE)).asField(), BigDecimal.ZERO);
        return Flux.from(town.select(CARE_FUND_ACCOUNT.CODE, CARE_FUND_ACCOUNT.NAME_ZH, CARE_FUND_ACCOUNT.KIND, CARE_FUND_ACCOUNT.BALANCE, sum)
                        .from(CARE_FUND_ACCOUNT).orderBy(CARE_FUND_ACCOUNT.KIND, CARE_FUND_ACCOUNT.CODE))
                .map(r -> new Account(r.value1(), r.value2(), r.value3(), r.value4(), r.value5()));
    }

    /** Journals whose entries do not add up to zero (the deferred trigger makes this impossible; the check proves it). */
    static Mono<Integer> unbalancedJournals(DSLContext town) {
        return Reactive.one(town.selectCount().from(DSL.select(CARE_FUND_ENTRY.JOURNAL_ID).from(CARE_FUND_ENTRY).groupBy(CARE_FUND_ENTRY.JOURNAL_ID)
                .having(DSL.sum(CARE_FUND_ENTRY.AMOUNT).ne(BigDecimal.ZERO)))).map(r -> r.value1());
    }

    private static Mono<java.util.Map<UUID, List<Entry>>> entries(DSLContext town, List<UUID> journals) {
        if (journals.isEmpty()) {
            return Mono.just(java.util.Map.of());
        }
        return Flux.from(town.selectFrom(CARE_FUND_ENTRY).where(CARE_FUND_ENTRY.JOURNAL_ID.in(journals)).orderBy(CARE_FUND_ENTRY.ID))
                .collect(() -> new java.util.HashMap<UUID, List<Entry>>(), (map, e) -> map.computeIfAbsent(e.getJournalId(),
                        k -> new java.util.ArrayList<>()).add(new Entry(e.getAccountCode(), e.getAmount())))
                .map(map -> (java.util.Map<UUID, List<Entry>>) map);
    }

    private static Journal view(org.townalliance.db.jooq.town.tables.records.CareFundJournalRecord j, List<Entry> entries) {
        return new Journal(j.getId(), j.getNumber(), j.getKind(), j.getOccurredOn(), j.getMemo(), j.getOrganisationId(), j.getCounterparty(),
                j.getApplicationId(), j.getReversesJournalId(), j.getCreatedBy(), j.getCreatedAt(), entries);
    }
}
