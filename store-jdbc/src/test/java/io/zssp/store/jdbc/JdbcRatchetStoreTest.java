package io.zssp.store.jdbc;

import static io.zssp.store.tck.StoreTestData.assertSamePair;
import static io.zssp.store.tck.StoreTestData.pair;
import static io.zssp.store.tck.StoreTestData.peer;
import static io.zssp.store.tck.StoreTestData.state;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStore;
import io.zssp.api.RatchetStoreException;
import io.zssp.store.tck.RatchetStoreContract;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * JdbcRatchetStore against a real PostgreSQL server: the RatchetStore contract suite (each test in
 * a schema of its own; "reopen" is a new store on the same schema), then rows, checksums, the
 * fingerprint index and errors.
 */
@ExtendWith(PostgresTestServer.class)
class JdbcRatchetStoreTest extends RatchetStoreContract {
  private static final RatchetState A = state("a", 1);
  private static final RatchetState B = state("b", 2);

  private final List<String> schemas = new ArrayList<>();

  private String newSchema() {
    String s = PostgresTestServer.newSchema("store");
    schemas.add(s);
    return s;
  }

  private static DataSource pool() {
    return PostgresTestServer.sharedPool();
  }

  private JdbcRatchetStore newStore() throws RatchetStoreException {
    return JdbcRatchetStore.builder(pool()).schema(newSchema()).open();
  }

  @Override
  protected RatchetStore openStore() throws RatchetStoreException {
    return newStore();
  }

  @Override
  protected RatchetStore reopenStore(RatchetStore old) throws RatchetStoreException {
    return JdbcRatchetStore.builder(pool()).schema(((JdbcRatchetStore) old).schema()).open();
  }

  @AfterEach
  void dropSchemas() throws SQLException {
    for (String s : schemas) {
      PostgresTestServer.dropSchema(pool(), s);
    }
  }

  private static void sql(JdbcRatchetStore store, String statement) throws SQLException {
    PostgresTestServer.execute(
        statement.replace("$t", "\"" + store.schema() + "\".ratchet_record"));
  }

  @Test
  void load_rowWithAlteredKey_throwsCorrupted_andCompareAndSwapWritesNothing() throws Exception {
    JdbcRatchetStore store = newStore();
    assertTrue(store.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(B, A)));
    sql(store, "UPDATE $t SET rk1 = set_byte(rk1, 0, get_byte(rk1, 0) # 1)");
    RatchetStoreException e = assertThrows(RatchetStoreException.class, () -> store.load(peer(1)));
    assertTrue(e.getMessage().contains("corrupted ratchet record of peer"), e.getMessage());
    assertTrue(e.getMessage().contains(RatchetRows.peerName(peer(1))), e.getMessage());
    assertThrows(
        RatchetStoreException.class,
        () -> store.compareAndSwap(peer(1), pair(B, A), pair(state("c", 3), null)));
    assertThrows(RatchetStoreException.class, () -> store.findByFingerprint(A.fingerprint()));
    sql(store, "UPDATE $t SET rk1 = set_byte(rk1, 0, get_byte(rk1, 0) # 1)");
    assertSamePair(pair(B, A), store.load(peer(1)));
  }

  @Test
  void load_rowWithAlteredChecksumOrChainLength_throwsCorrupted() throws Exception {
    JdbcRatchetStore store = newStore();
    assertTrue(store.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(A, null)));
    sql(store, "UPDATE $t SET chain1 = chain1 + 1");
    assertThrows(RatchetStoreException.class, () -> store.load(peer(1)));
    assertThrows(
        RatchetStoreException.class,
        () -> store.compareAndSwap(peer(1), pair(A, null), pair(B, null)));
    sql(store, "UPDATE $t SET chain1 = chain1 - 1, checksum = sha256(checksum)");
    assertThrows(RatchetStoreException.class, () -> store.load(peer(1)));
  }

  @Test
  void corruptedInitialRow_isNotOverwrittenByAnInitialCompareAndSwap() throws Exception {
    JdbcRatchetStore store = newStore();
    assertTrue(store.compareAndSwap(peer(1), RatchetPair.INITIAL, RatchetPair.INITIAL));
    sql(store, "UPDATE $t SET checksum = sha256(checksum)");
    assertThrows(
        RatchetStoreException.class,
        () -> store.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(A, null)));
    assertThrows(RatchetStoreException.class, () -> store.load(peer(1)));
  }

  @Test
  void checksum_inSqlEqualsJava_forPairsWithAndWithoutState2() throws Exception {
    JdbcRatchetStore store = newStore();
    String fn = "\"" + store.schema() + "\".ratchet_checksum(?, ?, ?, ?, ?, ?, ?)";
    for (RatchetPair p : List.of(pair(A, null), pair(B, A), pair(A, RatchetState.ZERO))) {
      byte[] peer = peer(7);
      try (Connection c = pool().getConnection();
          PreparedStatement st = c.prepareStatement("SELECT " + fn)) {
        st.setBytes(1, peer);
        st.setBytes(2, p.state1().key());
        st.setBytes(3, p.state1().fingerprint());
        st.setLong(4, p.state1().chainLength());
        st.setBytes(5, p.state2() == null ? null : p.state2().key());
        st.setBytes(6, p.state2() == null ? null : p.state2().fingerprint());
        st.setObject(7, p.state2() == null ? null : p.state2().chainLength(), Types.BIGINT);
        try (ResultSet rs = st.executeQuery()) {
          rs.next();
          assertArrayEquals(RatchetRows.checksum(peer, p), rs.getBytes(1), p.toString());
        }
      }
    }
  }

  @Test
  void findByFingerprint_isServedByTheFingerprintIndexes() throws Exception {
    JdbcRatchetStore store = newStore();
    for (int i = 0; i < 50; i++) {
      store.compareAndSwap(
          peer(i), RatchetPair.INITIAL, pair(state("s" + i, 2), state("t" + i, 1)));
    }
    StringBuilder plan = new StringBuilder();
    try (Connection c = pool().getConnection()) {
      try (Statement st = c.createStatement()) {
        st.execute("ANALYZE \"" + store.schema() + "\".ratchet_record");
        st.execute("SET enable_seqscan = off");
      }
      try (PreparedStatement st = c.prepareStatement("EXPLAIN " + store.fingerprintQuery())) {
        st.setBytes(1, A.fingerprint());
        st.setBytes(2, A.fingerprint());
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            plan.append(rs.getString(1)).append('\n');
          }
        }
      } finally {
        try (Statement st = c.createStatement()) {
          st.execute("RESET enable_seqscan");
        }
      }
    }
    assertFalse(plan.toString().contains("Seq Scan"), plan.toString());
    assertTrue(plan.toString().contains("ratchet_record_rf1"), plan.toString());
    assertTrue(plan.toString().contains("ratchet_record_rf2"), plan.toString());
  }

  @Test
  void compareAndSwap_throughConnectionsWithAutocommitOff_commits() throws Exception {
    String schema = newSchema();
    try (HikariDataSource manual = PostgresTestServer.pool("zssp-manual", 2, 5000, false)) {
      JdbcRatchetStore store = JdbcRatchetStore.builder(manual).schema(schema).open();
      assertTrue(store.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(A, null)));
      assertFalse(store.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(B, null)));
    }
    JdbcRatchetStore other = JdbcRatchetStore.builder(pool()).schema(schema).open();
    assertSamePair(pair(A, null), other.load(peer(1)));
  }

  @Test
  void open_withSynchronousCommitOff_isRefused() throws Exception {
    String schema = newSchema();
    try (HikariDataSource async =
        PostgresTestServer.pool("zssp-async", 1, 5000, true, "SET synchronous_commit = off")) {
      RatchetStoreException e =
          assertThrows(
              RatchetStoreException.class,
              () -> JdbcRatchetStore.builder(async).schema(schema).open());
      assertTrue(e.getMessage().contains("synchronous_commit is off"), e.getMessage());
    }
  }

  @Test
  void sqlFailure_becomesRatchetStoreException_withoutRowDataInMessageOrCauses() throws Exception {
    JdbcRatchetStore store = newStore();
    assertTrue(store.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(A, null)));
    // A constraint that every write now violates: PostgreSQL's detail quotes the failing row.
    sql(store, "ALTER TABLE $t ADD CONSTRAINT no_more_writes CHECK (chain1 < 0) NOT VALID");
    RatchetStoreException e =
        assertThrows(
            RatchetStoreException.class,
            () -> store.compareAndSwap(peer(1), pair(A, null), pair(B, A)));
    assertTrue(e.getMessage().contains("constraint violation (SQLState 23514)"), e.getMessage());
    assertInstanceOf(RedactedSqlException.class, e.getCause());
    assertEquals("23514", ((SQLException) e.getCause()).getSQLState());
    StringWriter trace = new StringWriter();
    e.printStackTrace(new PrintWriter(trace));
    for (RatchetState s : List.of(A, B)) {
      String key = HexFormat.of().formatHex(s.key());
      assertFalse(trace.toString().contains(key), "a ratchet key in the trace:\n" + trace);
    }
    assertFalse(trace.toString().contains("Failing row"), trace.toString());
  }

  @Test
  void load_afterTableDropped_throwsRatchetStoreException_notInitial() throws Exception {
    JdbcRatchetStore store = newStore();
    sql(store, "DROP TABLE $t");
    RatchetStoreException e = assertThrows(RatchetStoreException.class, () -> store.load(peer(1)));
    assertTrue(e.getMessage().contains("SQLState 42P01"), e.getMessage());
  }

  @Test
  void open_isIdempotent_andRecordsTheVersionOnce() throws Exception {
    String schema = newSchema();
    JdbcRatchetStore.builder(pool()).schema(schema).open();
    JdbcRatchetStore.builder(pool()).schema(schema).open();
    JdbcRatchetStore.builder(pool()).schema(schema).migrate(false).open();
    assertEquals(List.of(1), versions(schema));
  }

  @Test
  void open_newerSchema_isRefused() throws Exception {
    String schema = newSchema();
    JdbcRatchetStore.builder(pool()).schema(schema).open();
    PostgresTestServer.execute(
        "INSERT INTO \"" + schema + "\".schema_version (version, script) VALUES (2, 'future')");
    RatchetStoreException e =
        assertThrows(
            RatchetStoreException.class,
            () -> JdbcRatchetStore.builder(pool()).schema(schema).open());
    assertTrue(e.getMessage().contains("newer than this library"), e.getMessage());
  }

  @Test
  void open_migrationOff_onAMissingSchema_isRefused() throws Exception {
    String schema = newSchema();
    RatchetStoreException e =
        assertThrows(
            RatchetStoreException.class,
            () -> JdbcRatchetStore.builder(pool()).schema(schema).migrate(false).open());
    assertTrue(e.getMessage().contains("migration is off"), e.getMessage());
  }

  @Test
  void open_concurrentFirstStarts_migrateOnce() throws Exception {
    String schema = newSchema();
    int starters = 6;
    CyclicBarrier barrier = new CyclicBarrier(starters);
    ExecutorService exec = Executors.newFixedThreadPool(starters);
    try {
      List<Future<JdbcRatchetStore>> started = new ArrayList<>();
      for (int i = 0; i < starters; i++) {
        started.add(
            exec.submit(
                () -> {
                  barrier.await();
                  return JdbcRatchetStore.builder(pool()).schema(schema).open();
                }));
      }
      for (Future<JdbcRatchetStore> f : started) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      exec.shutdownNow();
    }
    assertEquals(List.of(1), versions(schema));
  }

  @Test
  void builder_rejectsSchemaNamesThatAreNotPlainIdentifiers() {
    for (String bad : new String[] {"Zssp", "a-b", "x;drop", "", "1abc", "a".repeat(64)}) {
      assertThrows(
          IllegalArgumentException.class, () -> JdbcRatchetStore.builder(pool()).schema(bad));
    }
    assertThrows(
        IllegalArgumentException.class,
        () -> JdbcRatchetStore.builder(pool()).queryTimeoutSeconds(-1));
  }

  @Test
  void load_emptyPeerKey_throwsIllegalArgument_andToStringShowsSchemaOnly() throws Exception {
    JdbcRatchetStore store = newStore();
    assertThrows(IllegalArgumentException.class, () -> store.load(new byte[0]));
    assertThrows(IllegalArgumentException.class, () -> store.load(new byte[1025]));
    assertEquals("JdbcRatchetStore[schema=" + store.schema() + "]", store.toString());
  }

  private static List<Integer> versions(String schema) throws SQLException {
    List<Integer> out = new ArrayList<>();
    try (Connection c = pool().getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT version FROM \"" + schema + "\".schema_version ORDER BY version")) {
      while (rs.next()) {
        out.add(rs.getInt(1));
      }
    }
    return out;
  }
}
