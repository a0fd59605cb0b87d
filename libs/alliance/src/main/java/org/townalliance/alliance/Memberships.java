package org.townalliance.alliance;

import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.townalliance.db.Reactive;
import reactor.core.publisher.Mono;

import java.time.LocalDate;
import java.util.UUID;

/**
 * Joining and leaving a town's alliance, one transaction each: the organisation registered (created, or linked as the
 * registry has it) and the membership opened together; a membership closed under its history rules.
 */
@Service
class Memberships {

    Mono<UUID> join(DSLContext town, Organisation organisation, LocalDate joinedOn, String reason, String actor) {
        return Reactive.one(town.transactionPublisher(trx -> OrganisationRegistry.register(trx.dsl(), organisation)
                .flatMap(registered -> Members.join(trx.dsl(), registered.organisation(), joinedOn, reason, actor))));
    }

    Mono<Members.Member> leave(DSLContext town, UUID memberId, LocalDate leftOn, String reason) {
        return Reactive.one(town.transactionPublisher(trx -> Members.leave(trx.dsl(), memberId, leftOn, reason)));
    }
}
