package org.townalliance.alliance;

import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.townalliance.db.Reactive;
import org.townalliance.web.ProblemException;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.util.UUID;

/** A town's estates written one transaction per use: recorded (or updated where a field differs), a managing firm assigned. */
@Service
class EstateRecords {

    Mono<Estates.UpsertedEstate> save(DSLContext town, Estates.Estate estate) {
        return Reactive.one(town.transactionPublisher(trx -> Estates.upsert(trx.dsl(), estate)));
    }

    /** The firm takes over from {@code from}; the estate and the firm must exist. */
    Mono<Void> assign(DSLContext town, UUID estateId, Uscc firm, LocalDate from, String actor) {
        return Reactive.one(town.transactionPublisher(trx -> Estates.find(trx.dsl(), estateId)
                        .then(OrganisationRegistry.findByUscc(trx.dsl(), firm.value()))
                        .switchIfEmpty(Mono.error(() -> ProblemException.notFound("organisation-not-found", "No organisation with code " + firm + ".")))
                        .flatMap(org -> Estates.assign(trx.dsl(), estateId, org, from, actor))))
                .then();
    }
}
