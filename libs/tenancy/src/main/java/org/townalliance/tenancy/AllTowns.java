package org.townalliance.tenancy;

import org.jooq.Configuration;
import org.jooq.DSLContext;
import org.jooq.conf.MappedSchema;
import org.jooq.conf.RenderMapping;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;

/**
 * Platform-wide work that must touch every town's schema (e.g. merging duplicate organisations), for
 * platform-admin operations only: request handlers get one town through {@link TownContext}.
 */
@Service
public class AllTowns {

    private final TownRegistry registry;

    AllTowns(TownRegistry registry) {
        this.registry = registry;
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
