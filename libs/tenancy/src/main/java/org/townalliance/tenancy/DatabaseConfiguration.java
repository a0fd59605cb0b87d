package org.townalliance.tenancy;

import io.r2dbc.spi.ConnectionFactory;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

/**
 * One R2DBC pool (Spring Boot's, from {@code spring.r2dbc.*}) serves the platform schema and every
 * town schema; jOOQ is wired here because Spring Boot only auto-configures it for JDBC.
 */
@Configuration
@EnableConfigurationProperties(TenancyProperties.class)
class DatabaseConfiguration {

    static Settings jooqSettings() {
        return new Settings().withExecuteLogging(false);
    }

    /** The platform schema (towns registry, organisations, audit). */
    @Bean
    @Primary
    DSLContext platformDsl(ConnectionFactory connectionFactory) {
        return DSL.using(connectionFactory, SQLDialect.POSTGRES, jooqSettings());
    }

    @Bean
    TownDatabases townDatabases(ConnectionFactory connectionFactory) {
        return new TownDatabases(connectionFactory);
    }

    @Bean
    SchemaMigrator schemaMigrator(TenancyProperties properties, R2dbcProperties r2dbc) {
        var dataSource = new PGSimpleDataSource();
        dataSource.setUrl(properties.jdbcUrl());
        dataSource.setUser(orElse(properties.username(), r2dbc.getUsername()));
        dataSource.setPassword(orElse(properties.password(), r2dbc.getPassword()));
        var migrator = new SchemaMigrator(dataSource);
        if (properties.migrateOnStartup()) {
            // Before any bean reads the registry; start-up thread, not a request thread.
            migrator.migrate(SchemaMigrator.PLATFORM_SCHEMA, SchemaMigrator.PLATFORM_CHANGELOG);
        }
        return migrator;
    }

    private static String orElse(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
