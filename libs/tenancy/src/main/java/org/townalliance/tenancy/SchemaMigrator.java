package org.townalliance.tenancy;

import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.FastCheckService;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.ui.LoggerUIService;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

/**
 * Applies a Liquibase changelog to one schema over JDBC. Blocking: callers run it on
 * {@code boundedElastic}. Three guards beyond Liquibase's own:
 * <ul>
 *   <li>a PostgreSQL session advisory lock per schema: dies with the process, unlike Liquibase's lock
 *       row, so a run killed midway never blocks the retry; holding it, a LOCKED row is stale and freed;</li>
 *   <li>Liquibase's JVM-wide fast-check cache is cleared first (it once skipped tenants);</li>
 *   <li>afterwards the schema's changelog table is read back and must hold every changeset.</li>
 * </ul>
 */
final class SchemaMigrator {

    static final String PLATFORM_SCHEMA = "platform";
    static final String PLATFORM_CHANGELOG = "db/changelog/platform/changelog.yaml";
    static final String TOWN_CHANGELOG = "db/changelog/town/changelog.yaml";

    static {
        // Liquibase prints an update summary to stdout by default; the log is the place for it.
        System.setProperty("liquibase.command.showSummaryOutput", "LOG");
        System.setProperty("liquibase.showSummaryOutput", "LOG");
    }

    private final DataSource dataSource;
    /** Per changelog, the changesets a verified run found: lets a start-up check skip Liquibase. */
    private final ConcurrentMap<String, Expected> expected = new ConcurrentHashMap<>();
    /** Connections kept between fast checks of a start-up run (at most the run's parallelism). */
    private final java.util.Queue<Connection> idle = new java.util.concurrent.ConcurrentLinkedQueue<>();

    SchemaMigrator(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    private record Expected(Set<String> keys, String latest) {
    }

    /** The outcome of a verified migration: how many changesets ran now and the latest changeset id. */
    record Result(String schema, int applied, int total, String latestChangeSet) {
    }

    Result migrate(String schema, String changelog) {
        return migrate(schema, changelog, false);
    }

    /**
     * Brings the schema to the changelog. Unless {@code force}d, a schema whose changelog table already
     * records every changeset of an earlier verified run in this JVM is answered from that one query,
     * without starting Liquibase: the start-up check of thousands of towns stays a query per town.
     */
    Result migrate(String schema, String changelog, boolean force) {
        var known = expected.get(changelog);
        if (!force && known != null && upToDate(schema, known)) {
            return new Result(schema, 0, known.keys().size(), known.latest());
        }
        try (Connection connection = dataSource.getConnection()) {
            var sql = DSL.using(connection, SQLDialect.POSTGRES);
            sql.select(DSL.function(name("pg_advisory_lock"), SQLDataType.OTHER,
                    DSL.function(name("hashtextextended"), SQLDataType.BIGINT, DSL.val("liquibase:" + schema), DSL.val(0L))))
                    .fetch();
            sql.createSchemaIfNotExists(name(schema)).execute();
            connection.setSchema(schema);
            var database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
            database.setDefaultSchemaName(schema);
            database.setLiquibaseSchemaName(schema);
            var liquibase = new Liquibase(changelog, new ClassLoaderResourceAccessor(SchemaMigrator.class.getClassLoader()), database);
            Scope.getCurrentScope().getSingleton(FastCheckService.class).clearCache();
            if (lockTableExists(connection, schema)) {
                liquibase.forceReleaseLocks(); // we hold the advisory lock: any LOCKED row is stale
            }
            var before = appliedChangeSets(connection, schema);
            // Liquibase reports through its UI service; send that to the log, not to stdout.
            Scope.child(Scope.Attr.ui.name(), new LoggerUIService(), () -> liquibase.update(""));
            var changeSets = liquibase.getDatabaseChangeLog().getChangeSets();
            var after = appliedChangeSets(connection, schema);
            var missing = changeSets.stream().map(SchemaMigrator::key).filter(key -> !after.contains(key)).toList();
            if (!missing.isEmpty()) {
                throw new SchemaMigrationFailed(schema, "changesets not recorded after update: " + missing);
            }
            var latest = changeSets.isEmpty() ? null : changeSets.getLast().getId();
            this.expected.put(changelog, new Expected(Set.copyOf(changeSets.stream().map(SchemaMigrator::key).toList()), latest));
            return new Result(schema, (int) changeSets.stream().map(SchemaMigrator::key).filter(k -> !before.contains(k)).count(),
                    changeSets.size(), latest);
        } catch (SchemaMigrationFailed e) {
            throw e;
        } catch (Exception e) {
            throw new SchemaMigrationFailed(schema, rootMessage(e));
        }
    }

    /**
     * The fast path of the start-up check: one query on a connection kept between towns (opening a
     * connection per town was most of the check's cost at 1,000 towns). Any doubt goes the slow way.
     */
    private boolean upToDate(String schema, Expected known) {
        var connection = idle.poll();
        try {
            if (connection == null || connection.isClosed()) {
                connection = dataSource.getConnection();
            }
            var current = appliedChangeSets(connection, schema).containsAll(known.keys());
            idle.offer(connection);
            return current;
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            return false;
        }
    }

    /** Closes the connections kept for fast checks (after a start-up run over all towns). */
    void closeIdleConnections() {
        Connection connection;
        while ((connection = idle.poll()) != null) {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // closing anyway
        }
    }

    private static boolean lockTableExists(Connection connection, String schema) {
        return tableExists(connection, schema, "databasechangeloglock");
    }

    /** By the catalog directly: information_schema's views cost tens of milliseconds on a catalog of 1,000 schemas. */
    private static boolean tableExists(Connection connection, String schema, String tableName) {
        return DSL.using(connection, SQLDialect.POSTGRES).fetchValue(DSL.field("to_regclass({0}) is not null", Boolean.class,
                DSL.val(DSL.name(schema, tableName).toString())));
    }

    private static Set<String> appliedChangeSets(Connection connection, String schema) {
        var sql = DSL.using(connection, SQLDialect.POSTGRES);
        if (!tableExists(connection, schema, "databasechangelog")) {
            return new HashSet<>();
        }
        return sql.select(field(name("id"), String.class), field(name("author"), String.class), field(name("filename"), String.class))
                .from(table(name(schema, "databasechangelog")))
                .fetch(r -> r.value1() + "::" + r.value2() + "::" + r.value3())
                .stream().collect(Collectors.toSet());
    }

    private static String key(ChangeSet changeSet) {
        return changeSet.getId() + "::" + changeSet.getAuthor() + "::" + changeSet.getFilePath();
    }

    private static String rootMessage(Throwable e) {
        var root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        var message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.length() > 1500 ? message.substring(0, 1500) : message;
    }

    /** A schema that could not be brought to the latest changelog. */
    static final class SchemaMigrationFailed extends RuntimeException {
        SchemaMigrationFailed(String schema, String reason) {
            super("migration of schema " + schema + " failed: " + reason);
        }
    }
}
