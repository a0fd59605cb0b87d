package org.townalliance.tenancy;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * @param jdbcUrl                JDBC URL of the same database, for Liquibase (blocking, never on the request path)
 * @param migrationParallelism   town schemas migrated at once at start-up
 * @param migrateOnStartup       whether start-up brings every town schema to the latest changelog
 * @param directoryTtl           how long a replica trusts its cached view of a town's status
 * @param maxTownMetricTags      distinct {@code town} tag values on request metrics before "other"
 */
@ConfigurationProperties("alliance.tenancy")
record TenancyProperties(
        String jdbcUrl,
        String username,
        String password,
        Integer migrationParallelism,
        Boolean migrateOnStartup,
        Duration directoryTtl,
        Integer maxTownMetricTags) {

    TenancyProperties {
        migrationParallelism = migrationParallelism == null ? 4 : migrationParallelism;
        migrateOnStartup = migrateOnStartup == null || migrateOnStartup;
        directoryTtl = directoryTtl == null ? Duration.ofSeconds(5) : directoryTtl;
        maxTownMetricTags = maxTownMetricTags == null ? 1000 : maxTownMetricTags;
    }
}
