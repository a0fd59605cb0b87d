package org.townalliance.platform;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The module rules of docs/architecture.md. Table ownership is read from the changelogs: the
 * changeset that creates a table names its owning module as author, and only that module's classes
 * may use the table's generated jOOQ classes.
 */
class ArchitectureTest {

    private static final String ROOT = "org.townalliance";
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void libsNeverDependOnApps() {
        noClasses().that().resideOutsideOfPackages(ROOT + ".platform..", ROOT + ".localstack..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".platform..", ROOT + ".localstack..")
                .check(classes);
    }

    @Test
    void theRequestPathNeverUsesDevelopmentInfrastructure() {
        noClasses().that().resideOutsideOfPackages(ROOT + ".localstack..", ROOT + ".testkit..", ROOT + ".devstack..",
                        ROOT + ".db.codegen..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".devstack..", ROOT + ".testkit..", ROOT + ".db.codegen..")
                .check(classes);
    }

    @Test
    void modulesUseOnlyTheTablesTheyOwn() throws IOException {
        for (var entry : tableOwners().entrySet()) {
            var table = entry.getKey();
            var owner = entry.getValue();
            noClasses().that().resideOutsideOfPackages(ROOT + "." + owner + "..", ROOT + ".db.jooq..")
                    .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                            "generated classes of table " + table,
                            javaClass -> javaClass.getPackageName().startsWith(ROOT + ".db.jooq.")
                                    && (javaClass.getSimpleName().equals(pascal(table))
                                    || javaClass.getSimpleName().equals(pascal(table) + "Record"))))
                    .as("only module '" + owner + "' uses table " + table)
                    .check(classes);
        }
    }

    /** table name → module, from every createTable in the platform and town changelogs. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> tableOwners() throws IOException {
        var owners = new HashMap<String, String>();
        for (var schema : List.of("platform", "town")) {
            var master = (Map<String, Object>) load("db/changelog/" + schema + "/changelog.yaml");
            for (var include : (List<Map<String, Map<String, Object>>>) master.get("databaseChangeLog")) {
                var file = "db/changelog/" + schema + "/" + include.get("include").get("file");
                var changelog = (Map<String, Object>) load(file);
                for (var item : (List<Map<String, Map<String, Object>>>) changelog.get("databaseChangeLog")) {
                    var changeSet = item.get("changeSet");
                    for (var change : (List<Map<String, Map<String, Object>>>) changeSet.get("changes")) {
                        if (change.containsKey("createTable")) {
                            owners.put((String) change.get("createTable").get("tableName"), (String) changeSet.get("author"));
                        }
                    }
                }
            }
        }
        if (owners.isEmpty()) {
            throw new IllegalStateException("no tables found in the changelogs");
        }
        return owners;
    }

    private static Object load(String resource) throws IOException {
        try (InputStream in = ArchitectureTest.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            return new Yaml().load(in);
        }
    }

    private static String pascal(String snake) {
        var out = new StringBuilder();
        for (var part : snake.split("_")) {
            out.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return out.toString();
    }
}
