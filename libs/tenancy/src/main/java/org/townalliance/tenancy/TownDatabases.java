package org.townalliance.tenancy;

import io.r2dbc.spi.ConnectionFactory;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.MappedSchema;
import org.jooq.conf.RenderMapping;
import org.jooq.impl.DSL;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A cached {@link DSLContext} per town schema: same pool, different render mapping. The generated
 * code names schema {@code town}; each context renders it as {@code "town_<slug>"}. No
 * {@code search_path}, so a pooled connection never carries one town's state into another's query.
 */
final class TownDatabases {

    static final String GENERATED_TOWN_SCHEMA = "town";

    private final ConnectionFactory connectionFactory;
    private final ConcurrentMap<String, DSLContext> contexts = new ConcurrentHashMap<>();

    TownDatabases(ConnectionFactory connectionFactory) {
        this.connectionFactory = connectionFactory;
    }

    DSLContext forSchema(String schemaName) {
        return contexts.computeIfAbsent(schemaName, this::create);
    }

    private DSLContext create(String schemaName) {
        var settings = DatabaseConfiguration.jooqSettings()
                .withRenderMapping(new RenderMapping().withSchemata(
                        new MappedSchema().withInput(GENERATED_TOWN_SCHEMA).withOutput(schemaName)));
        return DSL.using(connectionFactory, SQLDialect.POSTGRES, settings);
    }
}
