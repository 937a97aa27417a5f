package io.zssp.cli;

import java.io.IOException;
import java.net.URI;
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

/**
 * The PostgreSQL server of the cli tests: a small copy of store-jdbc's test helper {@code
 * PostgresTestServer} (test sources are not shared between modules, and moving it to store-tck
 * would give that module the driver). Same environment: {@code ZSSP_PG_URL} (default {@value
 * #DEFAULT_URL}), {@code ZSSP_PG_USER} (default zssp), {@code ZSSP_PG_PASSWORD} or {@code
 * ZSSP_PG_PASSWORD_FILE}; without a server a test is skipped with the reason, and with {@code
 * ZSSP_REQUIRE_PG=1} (CI) it fails.
 */
final class PostgresForCli {
  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/zssp_test";
  static final String URL = env("ZSSP_PG_URL", DEFAULT_URL);
  static final String USER = env("ZSSP_PG_USER", "zssp");
  static final boolean REQUIRED = "1".equals(System.getenv("ZSSP_REQUIRE_PG"));
  private static final SecureRandom RANDOM = new SecureRandom();
  private static String unavailable;
  private static boolean probed;

  private PostgresForCli() {}

  /** Returns if the server answers; otherwise skips (or, with ZSSP_REQUIRE_PG=1, fails). */
  static synchronized void requireServer() {
    if (!probed) {
      probed = true;
      try (Connection c = connect()) {
        unavailable = c.isValid(2) ? null : "the connection is not valid";
      } catch (SQLException e) {
        String m = String.valueOf(e.getMessage());
        unavailable = m.contains("\n") ? m.substring(0, m.indexOf('\n')) : m;
      }
    }
    if (unavailable != null) {
      String message =
          "no PostgreSQL server at "
              + URL
              + " as "
              + USER
              + " ("
              + unavailable
              + "); start one as docs/STORE-JDBC.md says, or set ZSSP_PG_URL, ZSSP_PG_USER,"
              + " ZSSP_PG_PASSWORD or ZSSP_PG_PASSWORD_FILE";
      if (REQUIRED) {
        throw new AssertionError(message + " (ZSSP_REQUIRE_PG=1: a missing server fails)");
      }
      Assumptions.abort("skipped: " + message);
    }
  }

  /** A new connection to the test database. */
  static Connection connect() throws SQLException {
    Properties p = new Properties();
    p.setProperty("user", USER);
    String password = password();
    if (password != null) {
      p.setProperty("password", password);
    }
    p.setProperty("connectTimeout", "2");
    p.setProperty("loginTimeout", "3");
    return DriverManager.getConnection(URL, p);
  }

  static String password() {
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

  /** The {@code --store} value for the test database, schema {@code schema}. */
  static String storeOption(String schema) {
    URI u = URI.create(URL.substring("jdbc:".length()));
    int port = u.getPort() < 0 ? 5432 : u.getPort();
    return "postgresql://"
        + u.getHost()
        + ":"
        + port
        + u.getPath()
        + "?user="
        + USER
        + "&schema="
        + schema;
  }

  /** A fresh schema name for one test (not created). */
  static String newSchema(String prefix) {
    byte[] r = new byte[5];
    RANDOM.nextBytes(r);
    return "t_" + prefix + "_" + HexFormat.of().formatHex(r);
  }

  /** Drops the schema and everything in it, if it exists. */
  static void dropSchema(String schema) throws SQLException {
    try (Connection c = connect();
        Statement st = c.createStatement()) {
      st.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isEmpty() ? fallback : v;
  }
}
