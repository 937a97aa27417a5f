package io.zssp.store.jdbc.testing;

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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The PostgreSQL server of the tests that need one, in store-jdbc and (through this module's test
 * jar) in cli: where it is, how to log in, and whether it answers. A test class without a server is
 * skipped with the reason ({@code @ExtendWith(TestDatabase.class)}, or {@link #requireServer()} in
 * a test), or fails when {@code ZSSP_REQUIRE_PG=1} (CI sets it, so CI never passes by skipping).
 *
 * <p>Environment: {@code ZSSP_PG_URL} (default {@value #DEFAULT_URL}), {@code ZSSP_PG_USER}
 * (default {@code zssp}), {@code ZSSP_PG_PASSWORD} or {@code ZSSP_PG_PASSWORD_FILE} (a file holding
 * it; none by default, for trust or peer authentication). Each test works in schemas of its own
 * ({@link #newSchema}), so runs never see each other's rows. Thread-safe. Uses the driver only
 * through {@code java.sql}.
 */
public final class TestDatabase implements ExecutionCondition {
  /** The URL when {@code ZSSP_PG_URL} is not set. */
  public static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/zssp_test";

  /** The JDBC URL of the test database. */
  public static final String URL = env("ZSSP_PG_URL", DEFAULT_URL);

  /** The role the tests log in as. */
  public static final String USER = env("ZSSP_PG_USER", "zssp");

  /** {@code ZSSP_REQUIRE_PG=1}: a missing server fails instead of skipping. */
  public static final boolean REQUIRED = "1".equals(System.getenv("ZSSP_REQUIRE_PG"));

  private static final SecureRandom RANDOM = new SecureRandom();
  private static String unavailable;
  private static boolean probed;

  /** Disables each test (reported as skipped, with the reason) when there is no server. */
  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    if (context.getTestMethod().isEmpty()) {
      return ConditionEvaluationResult.enabled("checked per test");
    }
    synchronized (TestDatabase.class) {
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
  public static synchronized void requireServer() {
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
    try (Connection c = connect()) {
      unavailable = c.isValid(2) ? null : "the connection is not valid";
    } catch (SQLException e) {
      String m = String.valueOf(e.getMessage());
      unavailable = m.contains("\n") ? m.substring(0, m.indexOf('\n')) : m;
    } catch (RuntimeException e) {
      unavailable = e.toString();
    }
    if (unavailable != null) {
      System.err.println("PostgreSQL tests: " + message());
    }
  }

  /** Connection properties: user, password if any, short connect and login timeouts. */
  public static Properties properties() {
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

  /** The password from {@code ZSSP_PG_PASSWORD} or {@code ZSSP_PG_PASSWORD_FILE}, or null. */
  public static String password() {
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

  /** A new connection to the test database (the caller closes it). */
  public static Connection connect() throws SQLException {
    return DriverManager.getConnection(URL, properties());
  }

  /** A fresh schema name for one test: {@code t_<prefix>_<random>} (the schema is not created). */
  public static String newSchema(String prefix) {
    byte[] r = new byte[5];
    RANDOM.nextBytes(r);
    return "t_" + prefix + "_" + HexFormat.of().formatHex(r);
  }

  /** Drops the schema and everything in it, if it exists, on {@code c}. */
  public static void dropSchema(Connection c, String schema) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS " + quote(schema) + " CASCADE");
      if (!c.getAutoCommit()) {
        c.commit();
      }
    }
  }

  /** Drops the schema and everything in it, if it exists, on a connection of its own. */
  public static void dropSchema(String schema) throws SQLException {
    try (Connection c = connect()) {
      dropSchema(c, schema);
    }
  }

  /** {@code name} as a quoted SQL identifier. */
  public static String quote(String name) {
    return "\"" + name.replace("\"", "\"\"") + "\"";
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isEmpty() ? fallback : v;
  }
}
