package org.townalliance.tenancy;

import org.jooq.DSLContext;
import org.townalliance.identity.Caller;

/**
 * A resolved, access-checked town for one request: handlers of town-scoped routes declare it as a
 * parameter. {@code dsl} renders the generated {@code town} schema as this town's own schema.
 */
public record TownContext(Town town, Caller caller, DSLContext dsl) {

    public static final String ATTRIBUTE = TownContext.class.getName();

    public String slug() {
        return town.slug();
    }
}
