package io.zssp.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Properties;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The PostgreSQL server the store-jdbc tests run against, and a JUnit extension that skips a test
 * class with a clear message when there is none ({@code @ExtendWith(PostgresTestServer.class)}), or
 * fails it when {@code ZSSP_REQUIRE_PG=1} (CI sets it, so CI never passes by skipping).
 *
 * <p>Environment: {@code ZSSP_PG_URL} (default {@value #DEFAULT_URL}), {@code ZSSP_PG_USER}
 * (default {@code zssp}), {@code ZSSP_PG_PASSWORD} or {@code ZSSP_PG_PASSWORD_FILE} (a file holding
 * it; none by default, for trust or peer authentication). Each test works in schemas of its own
 * ({@link #newSchema}), so runs never see each other's rows. Thread-safe.
 */
final class PostgresTestServer implements ExecutionCondition {
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/zssp_test";
  static final String URL = env("ZSSP_PG_URL", DEFAULT_URL);
  static final String USER = env("ZSSP_PG_USER", "zssp");
  static final boolean REQUIRED = "1".equals(System.getenv("ZSSP_REQUIRE_PG"));

  private static final SecureRandom RANDOM = new SecureRandom();
  private static String unavailable;
  private static boolean probed;
  private static HikariDataSource shared;

  /** Disables each test (reported as skipped, with the reason) when there is no server. */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (context.getTestMethod().isEmpty()) {
      return ConditionEvaluationResult.enabled("checked per test");
    }
    synchronized (PostgresTestServer.class) {
      probe();
      if (unavailable == null) {
        return ConditionEvaluationResult.enabled("PostgreSQL at " + URL);
      }
      if (REQUIRED) {
        throw new AssertionError(message() + " (ZSSP_REQUIRE_PG=1: a missing server fails)");
      }
      return ConditionEvaluationResult.disabled("skipped: " + message());
    }
  }

  /** Returns if the server answers; otherwise skips (or, with ZSSP_REQUIRE_PG=1, fails). */
  static synchronized void requireServer() {
    probe();
    if (unavailable != null) {
      if (REQUIRED) {
        throw new AssertionError(message() + " (ZSSP_REQUIRE_PG=1: a missing server fails)");
      }
      Assumptions.abort("skipped: " + message());
    }
  }

  private static String message() {
    return "no PostgreSQL server at "
        + URL
        + " as "
        + USER
        + " ("
        + unavailable
        + "); start one as docs/STORE-JDBC.md says, or set ZSSP_PG_URL, ZSSP_PG_USER,"
        + " ZSSP_PG_PASSWORD or ZSSP_PG_PASSWORD_FILE";
  }

  /** Connects once per JVM and remembers why it could not, printing that once. */
  private static synchronized void probe() {
    if (probed) {
      return;
    }
    probed = true;
    try (Connection c = DriverManager.getConnection(URL, properties())) {
      unavailable = c.isValid(2) ? null : "the connection is not valid";
    } catch (SQLException e) {
      unavailable = SqlErrors.firstLine(e.getMessage());
    } catch (RuntimeException e) {
      unavailable = e.toString();
    }
    if (unavailable != null) {
      System.err.println("store-jdbc tests: " + message());
    }
  }

  /** Connection properties: user, password if any, short connect and login timeouts. */
  static Properties properties() {
    Properties p = new Properties();
    p.setProperty("user", USER);
    String password = password();
    if (password != null) {
      p.setProperty("password", password);
    }
    p.setProperty("connectTimeout", "2");
    p.setProperty("loginTimeout", "3");
    p.setProperty("socketTimeout", "30");
    return p;
  }

  private static String password() {
    String password = System.getenv("ZSSP_PG_PASSWORD");
    if (password != null) {
      return password;
    }
    String file = System.getenv("ZSSP_PG_PASSWORD_FILE");
    if (file == null) {
      return null;
    }
    try {
      return Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read ZSSP_PG_PASSWORD_FILE " + file, e);
    }
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
    config.setPassword(password());
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
    byte[] r = new byte[5];
    RANDOM.nextBytes(r);
    return "t_" + prefix + "_" + HexFormat.of().formatHex(r);
  }

  /** Drops the schema and everything in it, if it exists. */
  static void dropSchema(DataSource ds, String schema) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + SchemaMigration.quote(schema) + " CASCADE");
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
  }

  /** Runs one statement on a connection of the shared pool. */
  static void execute(String sql) throws SQLException {
    try (Connection c = sharedPool().getConnection();
        Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isEmpty() ? fallback : v;
  }
}
