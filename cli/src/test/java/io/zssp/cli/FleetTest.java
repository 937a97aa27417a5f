package io.zssp.cli;

import static io.zssp.cli.FleetHarness.await;
import static io.zssp.cli.FleetHarness.sameFingerprints;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.RatchetPair;
import io.zssp.api.Session;
import io.zssp.cli.FleetHarness.Initiator;
import io.zssp.cli.FleetHarness.Responder;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import io.zssp.store.jdbc.JdbcRatchetStore;
import io.zssp.store.jdbc.testing.TestDatabase;
import io.zssp.udp.KeyFiles;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Issue 13, a responder fleet: {@code zssp listen --store postgresql://… --require-ratchet} in
 * separate JVM processes, one static key and one database, and an initiator in this JVM with π1, π2
 * and π3 set (the record bootstrapped as with a one-time password, so that π1 admits the first
 * hello). A session lives on the responder that accepted it; the next session (a new handshake)
 * goes to the other one; rekeys happen inside a session, on the responder that holds it. The shared
 * record must follow every step, and nobody may see a downgrade or a refusal.
 */
class FleetTest {
  /** Sessions in the alternation test; each has {@link #REKEYS} rekeys. */
  private static final int SESSIONS = 20;

  private static final int REKEYS = 2;

  /** SIGKILLs of a responder in the kill test. */
  private static final int KILLS = 4;

  @TempDir Path dir;
  private String schema;
  private PGSimpleDataSource ds;
  private JdbcRatchetStore shared;
  private P384PublicKey fleet;
  private Path fleetKey;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void fleet() throws Exception {
    TestDatabase.requireServer();
    schema = TestDatabase.newSchema("fleet");
    ds = FleetHarness.dataSource();
    shared = JdbcRatchetStore.builder(ds).schema(schema).open(); // creates the schema
    P384KeyPair key = FleetHarness.CRYPTO.p384().generateKeyPair();
    fleet = key.publicKey();
    fleetKey = dir.resolve("fleet.key");
    KeyFiles.writePrivateKey(fleetKey, key);
  }

  @AfterEach
  void close() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    if (schema != null) {
      TestDatabase.dropSchema(schema);
    }
  }

  private <T extends AutoCloseable> T closing(T c) {
    toClose.add(c);
    return c;
  }

  /**
   * Waits until the shared record and Alice's record agree (same fingerprints, no state2 on either
   * side: every write of the step is done) and have chain length {@code chain}; returns it.
   */
  private RatchetPair agreed(Initiator alice, long chain, String step) throws Exception {
    return agreeing(alice, c -> c == chain, step + ", chain " + chain);
  }

  /** Waits until the shared record and Alice's agree with no state2 on either side; returns it. */
  private RatchetPair awaitAgreement(Initiator alice) throws Exception {
    return agreeing(alice, c -> true, "after a kill");
  }

  /** Waits until both records agree, without state2, on a chain length that {@code chainOk}. */
  private RatchetPair agreeing(Initiator alice, LongPredicate chainOk, String what)
      throws Exception {
    byte[] peer = alice.key.publicKey().encoded();
    boolean same =
        await(
            () -> {
              RatchetPair db = FleetHarness.load(shared, peer);
              RatchetPair mine = alice.record(fleet);
              return db.state2() == null
                  && sameFingerprints(db, mine)
                  && db.state1().chainLength() == mine.state1().chainLength()
                  && chainOk.test(db.state1().chainLength());
            },
            15);
    RatchetPair db = shared.load(peer);
    assertTrue(same, what + ": database " + db + " vs Alice's " + alice.record(fleet));
    assertNull(db.state2());
    return db;
  }

  @Test
  void twoResponderProcesses_sessionsAlternate_rekeysInside_theSharedChainFollowsEveryStep()
      throws Exception {
    Initiator alice = closing(new Initiator(3));
    alice.bootstrap(fleet, shared);
    Responder[] fleetOf2 = {
      closing(new Responder("responder-0", fleetKey, schema)),
      closing(new Responder("responder-1", fleetKey, schema))
    };
    long chain = 1;
    RatchetPair before = agreed(alice, chain, "bootstrap");
    long started = System.nanoTime();
    for (int i = 0; i < SESSIONS; i++) {
      Responder r = fleetOf2[i % 2];
      Session s = alice.open(fleet, r.address, 30);
      assertEquals(r.address, s.remoteAddress().toInetSocketAddress(), "the session's responder");
      RatchetPair after = agreed(alice, ++chain, "session " + i + " on " + r.name);
      assertFalse(sameFingerprints(before, after), "the handshake did not advance the record");
      before = after;
      for (int k = 1; k <= REKEYS; k++) {
        alice.rekey(s, k, 30);
        after = agreed(alice, ++chain, "rekey " + k + " of session " + i + " on " + r.name);
        assertFalse(sameFingerprints(before, after), "the rekey did not advance the record");
        before = after;
      }
      s.close();
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    assertEquals(
        1 + SESSIONS * (1 + REKEYS),
        shared.load(alice.key.publicKey().encoded()).state1().chainLength());
    alice.assertClean();
    for (Responder r : fleetOf2) {
      r.assertClean();
      String out = r.output();
      assertTrue(out.contains("established peer="), r.name + " accepted no session:\n" + out);
      assertTrue(out.contains("rekeyed peer="), r.name + " saw no rekey:\n" + out);
    }
    System.out.printf(
        "fleet: %d sessions alternating over 2 responder processes, %d rekeys, chain 1 -> %d,"
            + " %d ms%n",
        SESSIONS, SESSIONS * REKEYS, chain, millis);
  }

  /**
   * Sessions are not shared, and one responder cannot see the other's: Alice keeps a session on
   * responder 0 while a new session on responder 1 advances the record. The old session's next
   * rekey loses the compare-and-swap at responder 0 (ZSSP-SPEC §9.3, row 4), which closes it; the
   * record stays the new session's, which rekeys on.
   */
  @Test
  void aSessionLeftOnOneResponder_losesItsNextRekeyToTheNewerSessionOnTheOther() throws Exception {
    Initiator alice = closing(new Initiator(3));
    alice.bootstrap(fleet, shared);
    Responder r0 = closing(new Responder("responder-0", fleetKey, schema));
    Responder r1 = closing(new Responder("responder-1", fleetKey, schema));
    Session old = alice.open(fleet, r0.address, 30);
    agreed(alice, 2, "the session on responder 0");
    Session newer = alice.open(fleet, r1.address, 30);
    RatchetPair record = agreed(alice, 3, "the session on responder 1");
    assertTrue(old.state().canSend(), "the old session ended early: " + old.state());

    byte[] message = "stale".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (int i = 0; i < 3; i++) {
      old.send(message, 0, message.length); // the third starts a rekey with responder 0
    }
    // A K1 whose swap loses (CAS row 4) expires the session as RATCHET_STORE_FAILURE.
    assertTrue(
        await(() -> r0.output().contains("reason=RATCHET_STORE_FAILURE"), 15),
        "responder 0 did not close the stale session:\n" + r0.output());
    assertEquals(0, alice.rekeys(old), "the stale session rekeyed");
    assertTrue(sameFingerprints(record, shared.load(alice.key.publicKey().encoded())));

    alice.rekey(newer, 1, 30);
    agreed(alice, 4, "a rekey of the session on responder 1");
    alice.assertClean();
    r1.assertClean();
    newer.close();
    old.close();
  }

  /**
   * SIGKILL of a responder while it serves handshakes and rekeys, {@link #KILLS} times, each time a
   * new victim process: at even rounds at a random moment, at odd rounds while its compare-and-swap
   * is inside the database, blocked on a row lock this test holds (so the kill lands mid-write for
   * certain; the statement then runs to its end without its client). After each kill every row
   * passes the checksum check and the other responder, which was never killed, serves a handshake
   * and a rekey under strict flags.
   */
  @Test
  void killNine_duringHandshakesAndRekeys_everyRecordStaysValid_andTheOtherResponderServes()
      throws Exception {
    Initiator alice = closing(new Initiator(2));
    alice.bootstrap(fleet, shared);
    byte[] peer = alice.key.publicKey().encoded();
    Responder survivor = closing(new Responder("survivor", fleetKey, schema));
    long victimsAdvanced = 0;
    long lastChain = 1;
    for (int k = 0; k < KILLS; k++) {
      Responder victim = closing(new Responder("victim-" + k, fleetKey, schema));
      AtomicBoolean stop = new AtomicBoolean();
      AtomicInteger handshakes = new AtomicInteger();
      Thread driver =
          new Thread(
              () -> {
                try {
                  while (!stop.get()) {
                    Session s = alice.open(fleet, victim.address, 10);
                    handshakes.incrementAndGet();
                    alice.rekey(s, 1, 10);
                    alice.rekey(s, 2, 10);
                    s.close();
                  }
                } catch (Throwable expected) {
                  // the victim died under a handshake or a rekey
                }
              },
              "fleet-driver-" + k);
      driver.setDaemon(true);
      driver.start();
      assertTrue(await(() -> handshakes.get() > 0, 30), "no handshake with " + victim.name);
      String how;
      if (k % 2 == 0) {
        int ms = ThreadLocalRandom.current().nextInt(0, 600);
        Thread.sleep(ms);
        victim.kill();
        how = "at a random moment (" + ms + " ms after its first handshake)";
      } else {
        how = killDuringWrite(victim, peer);
      }
      stop.set(true);
      for (Session s : alice.endpoint.context().sessions()) {
        s.close(); // ends the driver's wait, whatever the session was doing
      }
      driver.join(15_000);
      assertFalse(driver.isAlive(), "the driver did not stop");

      assertEquals(1, assertEveryRecordValid(), "records in the table");
      // Alice may hold (new, old) or the database may: the survivor resolves either (§9.5, §9.6).
      RatchetPair mine = alice.record(fleet);
      RatchetPair db = shared.load(peer);
      victimsAdvanced +=
          Math.max(db.state1().chainLength(), mine.state1().chainLength()) - lastChain;
      long floor = Math.min(db.state1().chainLength(), mine.state1().chainLength());
      Session s = alice.open(fleet, survivor.address, 30);
      RatchetPair afterHandshake = awaitAgreement(alice);
      assertTrue(
          afterHandshake.state1().chainLength() > floor,
          "the chain went back: " + floor + " -> " + afterHandshake.state1().chainLength());
      alice.rekey(s, 1, 30);
      RatchetPair afterRekey = awaitAgreement(alice);
      // Exactly one chain step per rekey the session reported: usually one, but the echoes in
      // flight may trigger a second rekey by key use before the records are read (seen in CI:
      // 31 -> 33, two Rekeyed events).
      long chain = afterRekey.state1().chainLength();
      assertTrue(
          await(() -> alice.lastRekeyedChain(s) == chain, 15),
          "Alice's last rekey reported chain " + alice.lastRekeyedChain(s) + ", stored " + chain);
      assertEquals(afterHandshake.state1().chainLength() + alice.rekeys(s), chain);
      lastChain = afterRekey.state1().chainLength();
      s.close();
      System.out.printf(
          "kill %d: %s killed %s after %d handshake(s) with it; database %s, Alice %s;"
              + " the survivor's handshake and rekey: chain %d%n",
          k, victim.name, how, handshakes.get(), db, mine, lastChain);
    }
    alice.assertClean();
    survivor.assertClean();
    assertTrue(
        victimsAdvanced >= KILLS, "the victims hardly advanced the chain: " + victimsAdvanced);
  }

  /**
   * Holds the row lock of Alice's record until the victim's compare-and-swap waits on it inside the
   * server, kills the victim, then lets the statement go on; says what became of the write.
   */
  private String killDuringWrite(Responder victim, byte[] peer) throws Exception {
    String t = "\"" + schema + "\"";
    try (Connection lock = ds.getConnection();
        Connection watch = ds.getConnection()) {
      lock.setAutoCommit(false);
      RatchetPair held;
      try (PreparedStatement st =
          lock.prepareStatement(
              "SELECT 1 FROM " + t + ".ratchet_record WHERE peer = ? FOR UPDATE")) {
        st.setBytes(1, peer);
        st.executeQuery().close();
        held = shared.load(peer);
      }
      String blocked =
          "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
              + " AND application_name = 'zssp listen' AND wait_event_type = 'Lock'"
              + " AND query LIKE '%"
              + schema
              + "%'";
      boolean waiting =
          await(
              () -> {
                try (Statement st = watch.createStatement();
                    ResultSet rs = st.executeQuery(blocked)) {
                  return rs.next() && rs.getInt(1) > 0;
                } catch (java.sql.SQLException e) {
                  throw new IllegalStateException(e);
                }
              },
              20);
      victim.kill();
      lock.rollback(); // releases the row: the dead client's statement runs on
      assertTrue(waiting, "the victim's compare-and-swap never waited on the lock");
      String gone =
          "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
              + " AND application_name = 'zssp listen' AND state = 'active'"
              + " AND query LIKE '%"
              + schema
              + "%'";
      await(
          () -> {
            try (Statement st = watch.createStatement();
                ResultSet rs = st.executeQuery(gone)) {
              return rs.next() && rs.getInt(1) == 0;
            } catch (java.sql.SQLException e) {
              throw new IllegalStateException(e);
            }
          },
          10);
      RatchetPair after = shared.load(peer);
      return "while its compare-and-swap waited in the server (the write "
          + (sameFingerprints(held, after) ? "did not land" : "landed without its writer")
          + ")";
    }
  }

  /**
   * Every row's checksum is the SQL function's over its content (the check every compare-and-swap
   * makes), and every row loads through the store (Java's check of the same); the row count.
   */
  private int assertEveryRecordValid() throws Exception {
    String t = "\"" + schema + "\"";
    List<byte[]> peers = new ArrayList<>();
    try (Connection c = ds.getConnection();
        Statement st = c.createStatement();
        ResultSet rs =
            st.executeQuery(
                "SELECT peer, checksum = "
                    + t
                    + ".ratchet_checksum(peer, rk1, rf1, chain1, rk2, rf2, chain2) FROM "
                    + t
                    + ".ratchet_record")) {
      while (rs.next()) {
        assertTrue(rs.getBoolean(2), "a row whose checksum does not match its content");
        peers.add(rs.getBytes(1));
      }
    }
    for (byte[] peer : peers) {
      RatchetPair p = shared.load(peer); // throws on a bad checksum
      assertFalse(p.state1().isZero(), "a zero record");
    }
    return peers.size();
  }
}
