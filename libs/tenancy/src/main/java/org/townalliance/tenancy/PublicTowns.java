package org.townalliance.tenancy;

import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;

/**
 * Towns for public pages that need no login (the published public-welfare list, Open311): only towns
 * that serve (ACTIVE) or stay readable (ARCHIVED); the caller gets the town's own schema and nothing else.
 */
@Service
public class PublicTowns {

    private final TownDirectory directory;
    private final TownDatabases databases;

    PublicTowns(TownDirectory directory, TownDatabases databases) {
        this.directory = directory;
        this.databases = databases;
    }

    /** A town open for public reading. */
    public record PublicTown(Town town, DSLContext dsl) {
    }

    public Mono<PublicTown> open(String slug) {
        if (!TownSlug.isValid(slug)) {
            return Mono.error(TownProblems::invalidSlug);
        }
        return directory.find(slug)
                .filter(town -> town.status() == TownStatus.ACTIVE || town.status() == TownStatus.ARCHIVED)
                .switchIfEmpty(Mono.error(() -> TownProblems.notFound(slug)))
                .flatMap(town -> town.quarantined() ? Mono.error(TownProblems.quarantined(town))
                        : Mono.just(new PublicTown(town, databases.forSchema(town.schemaName()))));
    }
}
