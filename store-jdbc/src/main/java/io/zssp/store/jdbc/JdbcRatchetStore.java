package io.zssp.store.jdbc;

import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStore;
import io.zssp.api.RatchetStoreException;
import io.zssp.store.jdbc.RatchetRows.CorruptRowException;
import io.zssp.store.jdbc.SchemaMigration.SchemaException;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * A {@link RatchetStore} in a PostgreSQL table, so that several responders (a fleet behind one
 * name) share every peer's ratchet record with the compare-and-swap semantics of ZSSP-SPEC §9.3:
 * the same semantics as {@link io.zssp.api.InMemoryRatchetStore} and {@code FileRatchetStore}, and
 * the same record content and checksum as {@code FileRatchetStore}.
 *
 * <p><b>Ownership.</b> The caller owns the {@link DataSource} (bring a pool: each call borrows one
 * connection and returns it before returning) and closes it; the store holds nothing else and needs
 * no closing. {@link #open} creates or upgrades the schema by the migration this module ships
 * (resource {@code io/zssp/store/jdbc/V1__ratchet_record.sql}), once, under an advisory lock.
 *
 * <p><b>Rows.</b> Table {@code <schema>.ratchet_record}: the peer's static key (primary key),
 * state1 and optional state2 as (ratchet key, fingerprint, chain length) columns, and a {@code
 * checksum} column, SHA-256 over the record as {@code FileRatchetStore} encodes it. Every read
 * verifies it: a row that fails is reported as a {@link RatchetStoreException} naming the peer by a
 * hash prefix ({@link #load}, {@link #compareAndSwap} and a {@link #findByFingerprint} that meets
 * it), never taken as "no record". Ratchet keys sit in the table in the clear, as in the record
 * files: grant the table to the responders' role only.
 *
 * <p><b>Compare-and-swap.</b> One statement per write, its row count deciding: {@code UPDATE …
 * WHERE peer = ? AND rf1 = ? AND rf2 IS NULL | rf2 = ? AND checksum = ratchet_checksum(…)}, or when
 * the expected pair is the initial one {@code INSERT … ON CONFLICT (peer) DO UPDATE … WHERE} the
 * stored pair is the initial one. PostgreSQL locks the row while it tests it, so two responders
 * writing the same peer never both win, whatever they read before. It is durable when it returns
 * provided the server commits synchronously ({@code synchronous_commit} on, the default; checked
 * when the store opens). Connections must run in READ COMMITTED (the default); with autocommit off
 * the store commits its own statement.
 *
 * <p><b>Errors.</b> Every {@link SQLException} becomes a {@link RatchetStoreException} with a
 * redacted copy as its cause (no row data); no message holds a ratchet key. This class logs
 * nothing.
 *
 * <p>Thread-safe: immutable after {@link #open}; any number of threads and processes may call it at
 * once.
 */
public final class JdbcRatchetStore implements RatchetStore {
  /** The schema version this library reads and writes. */
  public static final int SCHEMA_VERSION = SchemaMigration.LATEST;

  /** The schema used unless {@link Builder#schema} says otherwise. */
  public static final String DEFAULT_SCHEMA = "zssp";

  private static final String COLUMNS = "rk1, rf1, chain1, rk2, rf2, chain2, checksum";
  private static final byte[] ZERO_FINGERPRINT = new byte[32];

  private final DataSource dataSource;
  private final String schema;
  private final int queryTimeoutSeconds;
  private final String selectByPeer;
  private final String selectByFingerprint;
  private final String updateNoState2;
  private final String updateWithState2;
  private final String insertOrReplaceInitial;

  private JdbcRatchetStore(DataSource dataSource, String schema, int queryTimeoutSeconds) {
    this.dataSource = dataSource;
    this.schema = schema;
    this.queryTimeoutSeconds = queryTimeoutSeconds;
    String t = SchemaMigration.quote(schema) + ".ratchet_record";
    String verified =
        " AND checksum = "
            + SchemaMigration.quote(schema)
            + ".ratchet_checksum(peer, rk1, rf1, chain1, rk2, rf2, chain2)";
    String set =
        "rk1 = ?, rf1 = ?, chain1 = ?, rk2 = ?, rf2 = ?, chain2 = ?, checksum = ?, updated_at = now()";
    this.selectByPeer = "SELECT " + COLUMNS + " FROM " + t + " WHERE peer = ?";
    this.selectByFingerprint =
        "SELECT peer, " + COLUMNS + " FROM " + t + " WHERE rf1 = ? OR rf2 = ?";
    this.updateNoState2 =
        "UPDATE " + t + " SET " + set + " WHERE peer = ? AND rf1 = ? AND rf2 IS NULL" + verified;
    this.updateWithState2 =
        "UPDATE " + t + " SET " + set + " WHERE peer = ? AND rf1 = ? AND rf2 = ?" + verified;
    this.insertOrReplaceInitial =
        "INSERT INTO "
            + t
            + " AS r (peer, "
            + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (peer) DO UPDATE SET"
            + " rk1 = excluded.rk1, rf1 = excluded.rf1, chain1 = excluded.chain1,"
            + " rk2 = excluded.rk2, rf2 = excluded.rf2, chain2 = excluded.chain2,"
            + " checksum = excluded.checksum, updated_at = now()"
            + " WHERE r.rf1 = ? AND r.rf2 IS NULL AND r.checksum = "
            + SchemaMigration.quote(schema)
            + ".ratchet_checksum(r.peer, r.rk1, r.rf1, r.chain1, r.rk2, r.rf2, r.chain2)";
  }

  /**
   * A store in schema {@value #DEFAULT_SCHEMA}, created or migrated as needed.
   *
   * @param dataSource owned by the caller, who closes it after the store's last call
   * @throws RatchetStoreException if the database cannot be reached, the migration fails, the
   *     schema is newer than this library or {@code synchronous_commit} is off
   */
  public static JdbcRatchetStore open(DataSource dataSource) throws RatchetStoreException {
    return builder(dataSource).open();
  }

  /** A builder for a store on {@code dataSource} (owned by the caller). */
  public static Builder builder(DataSource dataSource) {
    return new Builder(dataSource);
  }

  /** Options of a {@link JdbcRatchetStore}; not thread-safe, use it on one thread. */
  public static final class Builder {
    private final DataSource dataSource;
    private String schema = DEFAULT_SCHEMA;
    private int queryTimeoutSeconds = 5;
    private boolean migrate = true;

    private Builder(DataSource dataSource) {
      this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /**
     * The schema holding the store's tables (default {@value #DEFAULT_SCHEMA}): a lowercase SQL
     * identifier, {@code [a-z_][a-z0-9_]{0,62}}. Stores in different schemas are independent.
     */
    public Builder schema(String schema) {
      this.schema = SchemaMigration.checkSchemaName(schema);
      return this;
    }

    /**
     * The longest a statement may run before it is cancelled and the call fails (default 5 s; 0: no
     * limit). Connecting is the DataSource's business: give it a connect timeout too.
     */
    public Builder queryTimeoutSeconds(int seconds) {
      if (seconds < 0) {
        throw new IllegalArgumentException("query timeout must be >= 0 s, got " + seconds);
      }
      this.queryTimeoutSeconds = seconds;
      return this;
    }

    /**
     * Whether {@link #open} creates or upgrades the schema (default true). With false it only
     * checks that the schema is at {@link #SCHEMA_VERSION}, for roles that may not run DDL.
     */
    public Builder migrate(boolean migrate) {
      this.migrate = migrate;
      return this;
    }

    /**
     * Migrates or checks the schema and returns the store.
     *
     * @throws RatchetStoreException as {@link JdbcRatchetStore#open(DataSource)} says
     */
    public JdbcRatchetStore open() throws RatchetStoreException {
      JdbcRatchetStore store = new JdbcRatchetStore(dataSource, schema, queryTimeoutSeconds);
      try (Connection c = dataSource.getConnection()) {
        SchemaMigration.run(c, schema, migrate);
        checkSynchronousCommit(c);
      } catch (SQLException e) {
        throw SqlErrors.toStoreException("opening ratchet store schema " + schema, e);
      } catch (SchemaException e) {
        throw new RatchetStoreException(e.getMessage());
      }
      return store;
    }
  }

  private static void checkSynchronousCommit(Connection c)
      throws SQLException, RatchetStoreException {
    try (PreparedStatement st = c.prepareStatement("SELECT current_setting('synchronous_commit')");
        ResultSet rs = st.executeQuery()) {
      rs.next();
      if ("off".equals(rs.getString(1))) {
        throw new RatchetStoreException(
            "synchronous_commit is off for this connection: a compare-and-swap would not be"
                + " durable when it returns (set it on for the store's role)");
      }
    }
  }

  /**
   * The peer's pair (restore by identity), or {@link RatchetPair#INITIAL} if there is no row.
   *
   * @param peerStaticKey 1 to 1024 bytes, not retained
   * @throws RatchetStoreException if the row fails its checksum or the database fails
   */
  @Override
  public RatchetPair load(byte[] peerStaticKey) throws RatchetStoreException {
    RatchetRows.checkPeerKey(peerStaticKey);
    try (Connection c = dataSource.getConnection()) {
      RatchetPair pair = read(c, peerStaticKey);
      endTransaction(c);
      return pair;
    } catch (SQLException e) {
      throw SqlErrors.toStoreException(what("load", peerStaticKey), e);
    }
  }

  /**
   * The stored state with this fingerprint (one of them if several rows hold it), or null; the
   * all-zero fingerprint is never found. Served by the fingerprint indexes.
   *
   * @throws RatchetStoreException if a row holding the fingerprint fails its checksum or the
   *     database fails
   */
  @Override
  public RatchetState findByFingerprint(byte[] fingerprint) throws RatchetStoreException {
    if (fingerprint.length != ZERO_FINGERPRINT.length
        || MessageDigest.isEqual(fingerprint, ZERO_FINGERPRINT)) {
      return null;
    }
    try (Connection c = dataSource.getConnection()) {
      RatchetState found = null;
      try (PreparedStatement st = prepare(c, selectByFingerprint)) {
        st.setBytes(1, fingerprint);
        st.setBytes(2, fingerprint);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            byte[] peer = rs.getBytes(1);
            RatchetPair pair = decodeRow(rs, 2, peer);
            if (found == null) {
              found = pair.state1().hasFingerprint(fingerprint) ? pair.state1() : pair.state2();
            }
          }
        }
      }
      endTransaction(c);
      return found;
    } catch (SQLException e) {
      throw SqlErrors.toStoreException("ratchet fingerprint lookup", e);
    }
  }

  /**
   * Replaces the peer's pair with {@code replacement} if the stored pair equals {@code expected}
   * (no row equals {@link RatchetPair#INITIAL}), in one conditional statement.
   *
   * @return true if written (committed), false on a conflict (nothing written)
   * @throws RatchetStoreException if the stored row fails its checksum (nothing written) or the
   *     database fails (the write may or may not have been committed if the connection broke during
   *     the commit: the next {@link #load} tells)
   */
  @Override
  public boolean compareAndSwap(byte[] peerStaticKey, RatchetPair expected, RatchetPair replacement)
      throws RatchetStoreException {
    RatchetRows.checkPeerKey(peerStaticKey);
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(replacement, "replacement");
    byte[] checksum = RatchetRows.checksum(peerStaticKey, replacement);
    RatchetState n1 = replacement.state1();
    RatchetState n2 = replacement.state2();
    byte[] rk1 = n1.key();
    byte[] rk2 = n2 == null ? null : n2.key();
    try (Connection c = dataSource.getConnection()) {
      int rows;
      if (expected.equals(RatchetPair.INITIAL)) {
        try (PreparedStatement st = prepare(c, insertOrReplaceInitial)) {
          st.setBytes(1, peerStaticKey);
          setPair(st, 2, rk1, n1, rk2, n2, checksum);
          st.setBytes(9, ZERO_FINGERPRINT);
          rows = st.executeUpdate();
        }
      } else {
        boolean hasState2 = expected.state2() != null;
        try (PreparedStatement st = prepare(c, hasState2 ? updateWithState2 : updateNoState2)) {
          setPair(st, 1, rk1, n1, rk2, n2, checksum);
          st.setBytes(8, peerStaticKey);
          st.setBytes(9, expected.state1().fingerprint());
          if (hasState2) {
            st.setBytes(10, expected.state2().fingerprint());
          }
          rows = st.executeUpdate();
        }
      }
      if (rows == 0) {
        // Nothing written. Tell a conflict from a corrupt row (which the statement also skips).
        read(c, peerStaticKey);
      }
      endTransaction(c);
      return rows == 1;
    } catch (SQLException e) {
      throw SqlErrors.toStoreException(what("compare-and-swap", peerStaticKey), e);
    } finally {
      RatchetRows.wipe(rk1, rk2);
    }
  }

  /** The fingerprint lookup statement (tests read its plan). */
  String fingerprintQuery() {
    return selectByFingerprint;
  }

  /** The schema holding this store's tables. */
  public String schema() {
    return schema;
  }

  /** Shows the schema only. */
  @Override
  public String toString() {
    return "JdbcRatchetStore[schema=" + schema + "]";
  }

  private RatchetPair read(Connection c, byte[] peer) throws SQLException, RatchetStoreException {
    try (PreparedStatement st = prepare(c, selectByPeer)) {
      st.setBytes(1, peer);
      try (ResultSet rs = st.executeQuery()) {
        return rs.next() ? decodeRow(rs, 1, peer) : RatchetPair.INITIAL;
      }
    }
  }

  /** Columns {@code first..first+6} are {@link #COLUMNS}; wipes the key arrays it read. */
  private static RatchetPair decodeRow(ResultSet rs, int first, byte[] peer)
      throws SQLException, RatchetStoreException {
    byte[] rk1 = rs.getBytes(first);
    byte[] rk2 = rs.getBytes(first + 3);
    try {
      long chain2 = rs.getLong(first + 5);
      Long c2 = rs.wasNull() ? null : chain2;
      return RatchetRows.decode(
          peer,
          rk1,
          rs.getBytes(first + 1),
          rs.getLong(first + 2),
          rk2,
          rs.getBytes(first + 4),
          c2,
          rs.getBytes(first + 6));
    } catch (CorruptRowException e) {
      throw new RatchetStoreException(
          "corrupted ratchet record of peer "
              + RatchetRows.peerName(peer)
              + " (sha256 prefix of its key): "
              + e.getMessage());
    } finally {
      RatchetRows.wipe(rk1, rk2);
    }
  }

  private static void setPair(
      PreparedStatement st,
      int first,
      byte[] rk1,
      RatchetState s1,
      byte[] rk2,
      RatchetState s2,
      byte[] checksum)
      throws SQLException {
    st.setBytes(first, rk1);
    st.setBytes(first + 1, s1.fingerprint());
    st.setLong(first + 2, s1.chainLength());
    if (s2 == null) {
      st.setNull(first + 3, Types.BINARY);
      st.setNull(first + 4, Types.BINARY);
      st.setNull(first + 5, Types.BIGINT);
    } else {
      st.setBytes(first + 3, rk2);
      st.setBytes(first + 4, s2.fingerprint());
      st.setLong(first + 5, s2.chainLength());
    }
    st.setBytes(first + 6, checksum);
  }

  private PreparedStatement prepare(Connection c, String sql) throws SQLException {
    PreparedStatement st = c.prepareStatement(sql);
    st.setQueryTimeout(queryTimeoutSeconds);
    return st;
  }

  /** Commits the call's statements when the pool hands out connections with autocommit off. */
  private static void endTransaction(Connection c) throws SQLException {
    if (!c.getAutoCommit()) {
      c.commit();
    }
  }

  private static String what(String op, byte[] peer) {
    return "ratchet " + op + " of peer " + RatchetRows.peerName(peer);
  }
}
