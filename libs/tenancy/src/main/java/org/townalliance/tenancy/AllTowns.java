package org.townalliance.tenancy;

import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.conf.MappedSchema;
import org.jooq.conf.RenderMapping;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Platform-wide work that must touch every town's schema (e.g. merging duplicate organisations, the
 * hotline's deadline timers and outbox), for platform-admin operations and background work only: request
 * handlers get one town through {@link TownContext}.
 */
@Service
public class AllTowns {

    private final TownRegistry registry;
    private final TownDirectory directory;
    private final TownDatabases databases;

    AllTowns(TownRegistry registry, TownDirectory directory, TownDatabases databases) {
        this.registry = registry;
        this.directory = directory;
        this.databases = databases;
    }

    /** A context that reaches {@code town}'s schema only, outside any request. */
    public DSLContext dsl(Town town) {
        return databases.forSchema(town.schemaName());
    }

    /** The town with this slug (cached for a few seconds), for platform-wide background work. */
    public Mono<Town> find(String slug) {
        return directory.find(slug);
    }

    /** Every town that has a schema (active, suspended or archived). */
    public Flux<Town> withSchemas() {
        return registry.withSchemas();
    }

    /** A context for {@code town}'s schema that joins the transaction of {@code transaction}. */
    public static DSLContext inTransaction(Configuration transaction, Town town) {
        // Settings are mutable and shared with the platform context: map a copy, never the original.
        var settings = ((org.jooq.conf.Settings) transaction.settings().clone()).withRenderMapping(new RenderMapping().withSchemata(
                new MappedSchema().withInput(TownDatabases.GENERATED_TOWN_SCHEMA).withOutput(town.schemaName())));
        return DSL.using(transaction.derive(settings));
    }
}
