package io.zssp.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * Brings a schema to {@link #LATEST} by running the migration scripts shipped as resources of this
 * package ({@code V<n>__<name>.sql}), recording each in {@code <schema>.schema_version}. One
 * transaction holding a transaction-level advisory lock keyed by the schema name, so concurrent
 * first starts of several responders run the scripts once and the others wait and see them done.
 * Stateless.
 */
final class SchemaMigration {
  /** The schema version this library reads and writes. */
  static final int LATEST = 1;

  private static final String[] SCRIPTS = {"V1__ratchet_record.sql"};
  private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

  private SchemaMigration() {}

  /**
   * Checks that {@code schema} is a plain lowercase SQL identifier (so it can be quoted into
   * statements).
   */
  static String checkSchemaName(String schema) {
    if (schema == null || !IDENTIFIER.matcher(schema).matches()) {
      throw new IllegalArgumentException(
          "schema must match [a-z_][a-z0-9_]{0,62}, got " + (schema == null ? "null" : schema));
    }
    return schema;
  }

  /**
   * Migrates {@code schema} to {@link #LATEST} on {@code c} (which it commits), or with {@code
   * migrate} false only checks that it is there.
   *
   * @throws SchemaException if the schema is newer than this library, or absent and not to be
   *     created
   */
  static void run(Connection c, String schema, boolean migrate)
      throws SQLException, SchemaException {
    boolean autoCommit = c.getAutoCommit();
    c.setAutoCommit(false);
    boolean done = false;
    try {
      try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
        lock.setLong(1, lockKey(schema));
        lock.execute();
      }
      int version = currentVersion(c, schema);
      if (version > LATEST) {
        throw new SchemaException(
            "schema "
                + schema
                + " is at version "
                + version
                + ", newer than this library's "
                + LATEST
                + ": upgrade zssp-store-jdbc");
      }
      if (version < LATEST && !migrate) {
        throw new SchemaException(
            "schema "
                + schema
                + " is at version "
                + version
                + ", not "
                + LATEST
                + ", and migration is off: run the migration (docs/STORE-JDBC.md)");
      }
      if (version < LATEST) {
        createBase(c, schema);
        for (int v = version + 1; v <= LATEST; v++) {
          try (Statement st = c.createStatement()) {
            st.execute(script(v, schema));
          }
          try (PreparedStatement ins =
              c.prepareStatement(
                  "INSERT INTO "
                      + quote(schema)
                      + ".schema_version (version, script) VALUES (?, ?)")) {
            ins.setInt(1, v);
            ins.setString(2, SCRIPTS[v - 1]);
            ins.executeUpdate();
          }
        }
      }
      c.commit();
      done = true;
    } finally {
      if (!done) {
        try {
          c.rollback();
          c.setAutoCommit(autoCommit);
        } catch (SQLException e) {
          // the connection is probably gone; the original failure is what matters
        }
      }
    }
    c.setAutoCommit(autoCommit);
  }

  /** 0 when the schema or its version table does not exist. */
  private static int currentVersion(Connection c, String schema) throws SQLException {
    try (PreparedStatement st = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      st.setString(1, quote(schema) + ".schema_version");
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        if (!rs.getBoolean(1)) {
          return 0;
        }
      }
    }
    try (Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT coalesce(max(version), 0) FROM " + quote(schema) + ".schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /**
   * The schema (unless it exists: CREATE SCHEMA needs a privilege the owner may not have given).
   */
  private static void createBase(Connection c, String schema) throws SQLException {
    boolean exists;
    try (PreparedStatement st =
        c.prepareStatement("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = ?)")) {
      st.setString(1, schema);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        exists = rs.getBoolean(1);
      }
    }
    try (Statement st = c.createStatement()) {
      if (!exists) {
        st.execute("CREATE SCHEMA " + quote(schema));
      }
      st.execute(
          "CREATE TABLE IF NOT EXISTS "
              + quote(schema)
              + ".schema_version (version integer PRIMARY KEY, script text NOT NULL,"
              + " applied_at timestamptz NOT NULL DEFAULT now())");
    }
  }

  /** Script {@code v} with its schema placeholder replaced. */
  static String script(int v, String schema) {
    String name = SCRIPTS[v - 1];
    try (InputStream in = SchemaMigration.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("migration script " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .replace("${schema}", quote(schema));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String quote(String schema) {
    return '"' + schema + '"';
  }

  /** The advisory lock of a schema: the first 8 bytes of SHA-256("zssp-store-jdbc:" + schema). */
  static long lockKey(String schema) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest(("zssp-store-jdbc:" + schema).getBytes(StandardCharsets.UTF_8));
      long k = 0;
      for (int i = 0; i < 8; i++) {
        k = (k << 8) | (d[i] & 0xff);
      }
      return k;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }

  /** The schema is not usable by this library (too new, or not migrated). */
  static final class SchemaException extends Exception {
    private static final long serialVersionUID = 1L;

    SchemaException(String message) {
      super(message);
    }
  }
}
