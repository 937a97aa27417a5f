package io.zssp.store.jdbc;

import static io.zssp.store.tck.StoreTestData.assertSamePair;
import static io.zssp.store.tck.StoreTestData.pair;
import static io.zssp.store.tck.StoreTestData.peer;
import static io.zssp.store.tck.StoreTestData.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStoreException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The database going away and coming back: while it is away every operation fails with a {@link
 * RatchetStoreException} (never "no record"), in bounded time; afterwards the same store works
 * again and nothing written before was lost.
 *
 * <p>With {@code ZSSP_PG_CTL} (a command taking {@code stop} or {@code start}, as {@code
 * .ci/postgres} writes one) the server itself is stopped and started. Without it, the test
 * terminates the store's connections with {@code pg_terminate_backend}: the server stays up, so
 * only the operations on the killed connections fail.
 */
@ExtendWith(PostgresTestServer.class)
class JdbcRatchetStoreOutageTest {
  private static final String PG_CTL = System.getenv("ZSSP_PG_CTL");
  private static final RatchetState A = state("a", 1);
  private static final RatchetState B = state("b", 2);

  private final String schema = PostgresTestServer.newSchema("outage");

  @AfterEach
  void drop() throws Exception {
    PostgresTestServer.dropSchema(PostgresTestServer.sharedPool(), schema);
  }

  @Test
  void serverStoppedAndStarted_operationsFailWhileAway_thenSucceed() throws Exception {
    assumeTrue(
        PG_CTL != null && !PG_CTL.isEmpty(),
        "ZSSP_PG_CTL is not set: the server cannot be stopped (the terminate test runs instead)");
    try (HikariDataSource ds = PostgresTestServer.pool("zssp-outage", 2, 1000)) {
      JdbcRatchetStore store = JdbcRatchetStore.builder(ds).schema(schema).open();
      assertTrue(store.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(A, null)));
      boolean stopped = false;
      try {
        pgCtl("stop");
        stopped = true;
        long t0 = System.nanoTime();
        assertThrows(RatchetStoreException.class, () -> store.load(peer(1)));
        assertThrows(RatchetStoreException.class, () -> store.findByFingerprint(A.fingerprint()));
        assertThrows(
            RatchetStoreException.class,
            () -> store.compareAndSwap(peer(1), pair(A, null), pair(B, A)));
        assertThrows(
            RatchetStoreException.class, () -> JdbcRatchetStore.builder(ds).schema(schema).open());
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
        assertTrue(seconds < 20, "four failing calls took " + seconds + " s");
        pgCtl("start");
        stopped = false;
      } finally {
        if (stopped) {
          pgCtl("start");
        }
      }
      assertSamePair(pair(A, null), eventually(() -> store.load(peer(1))));
      assertTrue(store.compareAndSwap(peer(1), pair(A, null), pair(B, A)));
      assertSamePair(pair(B, A), store.load(peer(1)));
    }
  }

  @Test
  void connectionsTerminated_operationsOnThemFail_thenTheStoreRecovers() throws Exception {
    try (HikariDataSource ds = PostgresTestServer.pool("zssp-terminated", 1, 2000)) {
      JdbcRatchetStore store = JdbcRatchetStore.builder(ds).schema(schema).open();
      assertTrue(store.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(A, null)));
      assertEquals(1, terminate("zssp-terminated"), "backends terminated");
      // The pool hands the dead connection out again at once (it was used < 500 ms ago).
      assertThrows(
          RatchetStoreException.class,
          () -> store.compareAndSwap(peer(1), pair(A, null), pair(B, A)));
      assertSamePair(pair(A, null), eventually(() -> store.load(peer(1))));
      assertTrue(store.compareAndSwap(peer(1), pair(A, null), pair(B, A)));
      assertSamePair(pair(B, A), store.load(peer(1)));
    }
  }

  /** Terminates the server processes of connections named {@code application}, waiting for each. */
  private static int terminate(String application) throws Exception {
    try (Connection c =
            DriverManager.getConnection(PostgresTestServer.URL, PostgresTestServer.properties());
        PreparedStatement st =
            c.prepareStatement(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000))"
                    + " FROM pg_stat_activity WHERE application_name = ?")) {
      st.setString(1, application);
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private interface StoreCall<T> {
    T call() throws RatchetStoreException;
  }

  /** Retries {@code call} for up to 30 s while it throws; the last failure if it never succeeds. */
  private static <T> T eventually(StoreCall<T> call) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return call.call();
      } catch (RatchetStoreException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }

  private static void pgCtl(String action) throws Exception {
    Process p = new ProcessBuilder(PG_CTL, action).redirectErrorStream(true).inheritIO().start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), PG_CTL + " " + action + " still running");
    assertEquals(0, p.exitValue(), PG_CTL + " " + action + " failed");
  }
}
