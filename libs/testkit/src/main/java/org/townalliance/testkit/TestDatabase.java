package org.townalliance.testkit;

import java.sql.Connection;
import java.sql.SQLException;

/** The test JVM's PostgreSQL, embedded or in a container: where the platform and the tests connect. */
public interface TestDatabase {

    String jdbcUrl();

    String r2dbcUrl();

    String username();

    String password();

    Connection connect() throws SQLException;
}
