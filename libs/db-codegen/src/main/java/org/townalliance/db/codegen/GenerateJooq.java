package org.townalliance.db.codegen;

import liquibase.Liquibase;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.DirectoryResourceAccessor;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.SchemaMappingType;
import org.jooq.meta.jaxb.Target;
import org.townalliance.devstack.EmbeddedDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Build step of {@code libs/db}: starts an embedded PostgreSQL, applies the platform changelog into
 * schema {@code platform} and the town changelog into schema {@code town} with Liquibase, then lets jOOQ
 * read the real catalog. Generated code is never committed; it is skipped when the changelogs and this
 * generator are unchanged since the last run.
 *
 * <p>Arguments: changelog root directory, output directory, target package.
 */
public final class GenerateJooq {

    private static final List<String> SCHEMAS = List.of("platform", "town");

    private GenerateJooq() {
    }

    public static void main(String[] args) throws Exception {
        var changelogRoot = Path.of(args[0]);
        var output = Path.of(args[1]);
        var packageName = args[2];
        var stamp = output.resolve(".changelog-digest");
        var digest = digest(changelogRoot);
        if (Files.isRegularFile(stamp) && Files.readString(stamp).equals(digest)) {
            System.out.println("[db-codegen] jOOQ code is up to date with the changelogs");
            return;
        }
        try (var postgres = EmbeddedDatabase.start(0, null)) {
            for (var schema : SCHEMAS) {
                migrate(postgres, changelogRoot, schema);
            }
            GenerationTool.generate(configuration(postgres, output, packageName));
        }
        Files.writeString(stamp, digest);
    }

    private static void migrate(EmbeddedDatabase postgres, Path changelogRoot, String schema) throws Exception {
        try (var connection = postgres.connect()) {
            try (var statement = connection.createStatement()) {
                statement.execute("create schema if not exists " + schema);
            }
            connection.setSchema(schema);
            var database = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(connection));
            database.setDefaultSchemaName(schema);
            database.setLiquibaseSchemaName(schema);
            try (var liquibase = new Liquibase(schema + "/changelog.yaml", new DirectoryResourceAccessor(changelogRoot), database)) {
                liquibase.update("");
            }
        }
    }

    private static Configuration configuration(EmbeddedDatabase postgres, Path output, String packageName) {
        var schemata = SCHEMAS.stream().map(s -> new SchemaMappingType().withInputSchema(s)).toList();
        return new Configuration()
                .withJdbc(new Jdbc()
                        .withDriver("org.postgresql.Driver")
                        .withUrl(postgres.jdbcUrl())
                        .withUser(postgres.username())
                        .withPassword(postgres.password()))
                .withGenerator(new Generator()
                        .withName("org.jooq.codegen.JavaGenerator")
                        .withDatabase(new Database()
                                .withName("org.jooq.meta.postgres.PostgresDatabase")
                                .withSchemata(schemata)
                                .withExcludes("databasechangelog|databasechangeloglock"))
                        .withGenerate(new Generate()
                                .withJavaTimeTypes(true)
                                .withRecords(true)
                                .withPojos(false)
                                .withDaos(false)
                                .withFluentSetters(true)
                                .withGeneratedAnnotation(false))
                        .withTarget(new Target()
                                .withPackageName(packageName)
                                .withDirectory(output.toString())
                                .withClean(true)));
    }

    private static String digest(Path root) throws IOException, NoSuchAlgorithmException {
        var sha = MessageDigest.getInstance("SHA-256");
        try (var files = Files.walk(root)) {
            for (var file : files.filter(Files::isRegularFile).sorted().toList()) {
                sha.update(root.relativize(file).toString().getBytes());
                sha.update(Files.readAllBytes(file));
            }
        }
        sha.update(GenerateJooq.class.getName().getBytes());
        sha.update("v1".getBytes());
        return HexFormat.of().formatHex(sha.digest());
    }
}
