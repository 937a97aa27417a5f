package io.zssp.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zssp.store.jdbc.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The PostgreSQL server the store-jdbc tests run against: {@link TestDatabase} (the environment,
 * the skip or, with {@code ZSSP_REQUIRE_PG=1}, the failure without a server; shared with the cli
 * tests through this module's test jar) plus the HikariCP pools these tests use. As a JUnit
 * extension ({@code @ExtendWith(PostgresTestServer.class)}) it skips or fails each test as {@link
 * TestDatabase} does. Thread-safe.
 */
final class PostgresTestServer implements ExecutionCondition {
  static final String URL = TestDatabase.URL;
  static final String USER = TestDatabase.USER;

  private static HikariDataSource shared;

  /** Disables each test (reported as skipped, with the reason) when there is no server. */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return new TestDatabase().evaluateExecutionCondition(context);
  }

  /** Returns if the server answers; otherwise skips (or, with ZSSP_REQUIRE_PG=1, fails). */
  static void requireServer() {
    TestDatabase.requireServer();
  }

  /** Connection properties: user, password if any, short connect and login timeouts. */
  static Properties properties() {
    return TestDatabase.properties();
  }

  /** The pool most tests share (8 connections), created on first use. */
  static synchronized DataSource sharedPool() {
    requireServer();
    if (shared == null) {
      shared = pool("zssp-test", 8, 5000);
      HikariDataSource toClose = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(toClose::close));
    }
    return shared;
  }

  /** A new pool (the caller closes it) whose connections carry application name {@code name}. */
  static HikariDataSource pool(String name, int size, long connectionTimeoutMillis) {
    return pool(name, size, connectionTimeoutMillis, true);
  }

  /** {@link #pool(String, int, long)} handing out connections with autocommit as given. */
  static HikariDataSource pool(
      String name, int size, long connectionTimeoutMillis, boolean autoCommit) {
    return pool(name, size, connectionTimeoutMillis, autoCommit, null);
  }

  /** As above, each new connection first running {@code initSql} (if not null). */
  static HikariDataSource pool(
      String name, int size, long connectionTimeoutMillis, boolean autoCommit, String initSql) {
    HikariConfig config = new HikariConfig();
    config.setAutoCommit(autoCommit);
    config.setConnectionInitSql(initSql);
    config.setJdbcUrl(URL);
    config.setDataSourceProperties(properties());
    config.setUsername(USER);
    config.setPassword(TestDatabase.password());
    config.addDataSourceProperty("ApplicationName", name);
    config.setPoolName(name);
    config.setMaximumPoolSize(size);
    config.setMinimumIdle(0);
    config.setConnectionTimeout(connectionTimeoutMillis);
    config.setValidationTimeout(250);
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }

  /** A fresh schema name for one test: {@code t_<prefix>_<random>} (the schema is not created). */
  static String newSchema(String prefix) {
    return TestDatabase.newSchema(prefix);
  }

  /** Drops the schema and everything in it, if it exists. */
  static void dropSchema(DataSource ds, String schema) throws SQLException {
    try (Connection c = ds.getConnection()) {
      TestDatabase.dropSchema(c, schema);
    }
  }

  /** Runs one statement on a connection of the shared pool. */
  static void execute(String sql) throws SQLException {
    try (Connection c = sharedPool().getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
