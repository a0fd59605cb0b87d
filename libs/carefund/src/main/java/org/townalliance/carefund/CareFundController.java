package org.townalliance.carefund;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.alliance.AllianceDirectory;
import org.townalliance.identity.TownRole;
import org.townalliance.tenancy.TownAccess;
import org.townalliance.tenancy.TownContext;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The employee care fund's ledger: contributions (members, the town, donations), the accounts with their
 * consistency (each balance against the sum of its entries), the journals, reversing a journal to correct it,
 * and the year's statement in Excel. Money is CNY with exactly two decimals; the secretariat keeps the books.
 */
@RestController
@RequestMapping(path = "/api/towns/{town}/care-fund", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Town: employee care fund", description = "Double-entry ledger, contributions, applications with two approvers, payouts")
class CareFundController {

    record ContributionRequest(@NotNull Ledger.Source source, UUID organisationId, @Size(max = 200) String counterparty,
                               @NotNull @DecimalMin(value = "0.01", message = "is at least 0.01 CNY") @DecimalMax("100000000")
                               @Digits(integer = 12, fraction = 2, message = "has at most 2 decimals (CNY fen)") BigDecimal amount,
                               @NotNull LocalDate receivedOn, @NotBlank @Size(max = 500) String memo) {
    }

    record ReverseRequest(@NotBlank @Size(max = 300) String reason) {
    }

    record Books(List<Ledger.Account> accounts, boolean consistent, int unbalancedJournals) {
    }

    @GetMapping
    @TownAccess(value = TownRole.SECRETARIAT, platformAdmin = true)
    @Operation(summary = "The accounts with their balances, each checked against the sum of its entries")
    Mono<Books> books(TownContext town) {
        return Mono.zip(Ledger.accounts(town.dsl()).collectList(), Ledger.unbalancedJournals(town.dsl()))
                .map(t -> new Books(t.getT1(), t.getT1().stream().allMatch(Ledger.Account::consistent) && t.getT2() == 0, t.getT2()));
    }

    @PostMapping(path = "/contributions", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Book a contribution into the fund (a member's, the town's, or a donation)")
    Mono<ResponseEntity<Ledger.Journal>> contribute(TownContext town, @RequestHeader(name = "Idempotency-Key", required = false) String key,
                                                    @Valid @RequestBody ContributionRequest request) {
        if (key != null && (key.isBlank() || key.length() > 100)) {
            return Mono.error(ProblemException.badRequest("invalid-idempotency-key", "An Idempotency-Key is 1 to 100 characters."));
        }
        Mono<Boolean> member = request.source() != Ledger.Source.MEMBER ? Mono.just(true)
                : request.organisationId() == null ? Mono.just(false) : AllianceDirectory.isCurrentMember(town.dsl(), request.organisationId());
        // The same key again (a retry after a lost answer) answers the journal already booked, 200, and books nothing.
        var booked = Ledger.byKey(town.dsl(), key).flatMap(id -> Ledger.journal(town.dsl(), id)).map(ResponseEntity::ok);
        return booked.switchIfEmpty(Mono.defer(() -> member.flatMap(ok -> ok ? Ledger.postAlone(town.dsl(), new Ledger.Posting("CONTRIBUTION",
                                request.receivedOn(), request.memo(), request.organisationId(), request.counterparty(), null, null, town.caller().actor(),
                                List.of(new Ledger.Entry(Ledger.CASH, request.amount()), new Ledger.Entry(request.source().account, request.amount().negate())),
                                key))
                        : Mono.error(ProblemException.badRequest("invalid-organisation", "A member's contribution names a current member organisation.")))
                .flatMap(id -> Ledger.journal(town.dsl(), id))
                .map(journal -> ResponseEntity.status(HttpStatus.CREATED).body(journal))));
    }

    @GetMapping("/journals")
    @TownAccess(value = TownRole.SECRETARIAT, platformAdmin = true)
    @Operation(summary = "The journals of a year with their entries")
    Mono<List<Ledger.Journal>> journals(TownContext town, @RequestParam int year) {
        return year(year).then(Ledger.journals(town.dsl(), LocalDate.of(year, 1, 1), LocalDate.of(year + 1, 1, 1)).collectList());
    }

    @PostMapping(path = "/journals/{journalId}/reverse", consumes = MediaType.APPLICATION_JSON_VALUE)
    @TownAccess(TownRole.SECRETARIAT)
    @Operation(summary = "Correct a journal by a reversing journal (entries are never changed); once per journal")
    Mono<ResponseEntity<Ledger.Journal>> reverse(TownContext town, @PathVariable UUID journalId, @Valid @RequestBody ReverseRequest request) {
        return Ledger.reverse(town.dsl(), journalId, request.reason(), LocalDate.now(town.town().timezone()), town.caller().actor())
                .flatMap(id -> Ledger.journal(town.dsl(), id))
                .map(journal -> ResponseEntity.status(HttpStatus.CREATED).body(journal));
    }

    @GetMapping("/statement")
    @TownAccess(value = TownRole.SECRETARIAT, platformAdmin = true)
    @Operation(summary = "The year's statement as data (for the printable statement): balances at its start and end, its journals")
    Mono<Statement.Year> statementData(TownContext town, @RequestParam int year) {
        return year(year).then(Mono.defer(() -> {
            var from = LocalDate.of(year, 1, 1);
            return Mono.zip(Ledger.journals(town.dsl(), LocalDate.of(2000, 1, 1), from).collectList(),
                    Ledger.journals(town.dsl(), from, from.plusYears(1)).collectList());
        })).map(t -> Statement.year(town.town().nameZh(), year, t.getT1(), t.getT2()));
    }

    @GetMapping(path = "/statement.xlsx", produces = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    @TownAccess(value = TownRole.SECRETARIAT, platformAdmin = true)
    @Operation(summary = "The year's statement as Excel: opening balance, every journal with its entries, closing balances")
    Mono<ResponseEntity<byte[]>> statement(TownContext town, @RequestParam int year) {
        var from = LocalDate.of(Math.max(2000, Math.min(year, 2100)), 1, 1);
        return year(year).then(Mono.zip(Ledger.journals(town.dsl(), LocalDate.of(2000, 1, 1), from).collectList(),
                        Ledger.journals(town.dsl(), from, from.plusYears(1)).collectList()))
                .flatMap(t -> Mono.fromCallable(() -> Statement.of(town.town().nameZh(), year, t.getT1(), t.getT2()))
                        .subscribeOn(Schedulers.boundedElastic()))
                .map(bytes -> ResponseEntity.ok().contentType(MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename("care-fund-" + town.slug() + "-" + year + ".xlsx")
                                .build().toString()).body(bytes));
    }

    private static Mono<Void> year(int year) {
        return year < 2000 || year > 2100 ? Mono.error(ProblemException.badRequest("invalid-year", "A year between 2000 and 2100.")) : Mono.empty();
    }
}
