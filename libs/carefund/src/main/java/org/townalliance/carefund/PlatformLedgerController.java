package org.townalliance.carefund;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.townalliance.tenancy.AllTowns;
import reactor.core.publisher.Mono;

import java.util.Comparator;
import java.util.List;

/** The platform admin's consistency check of every town's care fund: each balance equals the sum of its entries, every journal balances. */
@RestController
@Tag(name = "Platform: employee care funds")
class PlatformLedgerController {

    record TownLedger(String town, boolean consistent, int unbalancedJournals, List<Ledger.Account> inconsistentAccounts) {
    }

    private final AllTowns towns;

    PlatformLedgerController(AllTowns towns) {
        this.towns = towns;
    }

    @GetMapping(path = "/api/platform/care-fund/consistency", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Every town's care-fund ledger checked: inconsistent towns first")
    Mono<List<TownLedger>> consistency() {
        return towns.withSchemas().filter(town -> !town.quarantined())
                .flatMap(town -> {
                    var dsl = towns.dsl(town);
                    return Mono.zip(Ledger.accounts(dsl).filter(a -> !a.consistent()).collectList(), Ledger.unbalancedJournals(dsl))
                            .map(t -> new TownLedger(town.slug(), t.getT1().isEmpty() && t.getT2() == 0, t.getT2(), t.getT1()));
                }, 4)
                .sort(Comparator.comparing(TownLedger::consistent).thenComparing(TownLedger::town))
                .collectList();
    }
}
