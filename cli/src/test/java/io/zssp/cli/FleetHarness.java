package io.zssp.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.zssp.api.AcceptDecision;
import io.zssp.api.ContextConfig;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStore;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspEvent;
import io.zssp.api.ZsspSettings;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import io.zssp.engine.EngineZssp;
import io.zssp.store.jdbc.JdbcRatchetStore;
import io.zssp.store.jdbc.testing.TestDatabase;
import io.zssp.udp.UdpEndpoint;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * What the fleet tests ({@link FleetTest}) share: responders as separate {@code zssp listen --store
 * postgresql://… --require-ratchet --echo} processes (one static key, one database), and an
 * initiator in the test JVM (the engine on a UDP endpoint, its own in-memory ratchet store, π1–π3
 * all set, rekeying after a few packets) that opens sessions to any of them.
 */
final class FleetHarness {
  static final CryptoProvider CRYPTO = DefaultCryptoProvider.create();

  /**
   * Drops that refuse or fail a handshake or a rekey: none may happen in a healthy fleet. (Others,
   * such as a duplicate hello or a replayed resend, come from resends on a slow machine.)
   */
  static final List<String> REFUSING_DROPS =
      List.of(
          "UNRECOGNIZED_RATCHET",
          "RATCHET_STORE",
          "AUTHENTICATION_FAILED",
          "INVALID_PUBLIC_KEY",
          "HALF_OPEN_LIMIT",
          "HANDSHAKE_QUEUE_FULL",
          "SESSION_LIMIT",
          "CHALLENGE_ISSUED",
          "CHALLENGE_MISMATCH");

  private FleetHarness() {}

  /** A data source for the test database (no pool: the tests make few calls). */
  static PGSimpleDataSource dataSource() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(TestDatabase.URL);
    ds.setUser(TestDatabase.USER);
    String password = TestDatabase.password();
    if (password != null) {
      ds.setPassword(password);
    }
    ds.setConnectTimeout(2);
    ds.setLoginTimeout(3);
    return ds;
  }

  /** {@code store.load(peer)}, a store failure unchecked (for polling lambdas). */
  static RatchetPair load(RatchetStore store, byte[] peer) {
    try {
      return store.load(peer);
    } catch (RatchetStoreException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Both states' fingerprints equal (keys are never compared), or both absent. */
  static boolean sameFingerprints(RatchetPair a, RatchetPair b) {
    return MessageDigest.isEqual(a.state1().fingerprint(), b.state1().fingerprint())
        && (a.state2() == null) == (b.state2() == null)
        && (a.state2() == null
            || MessageDigest.isEqual(a.state2().fingerprint(), b.state2().fingerprint()));
  }

  /** Polls {@code condition} every 10 ms until it holds or {@code seconds} pass. */
  static boolean await(BooleanSupplier condition, int seconds) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        return false;
      }
      Thread.sleep(10);
    }
    return true;
  }

  /** A {@code zssp listen} process; its output is collected on a thread of its own. */
  static final class Responder implements AutoCloseable {
    final String name;
    final Process process;
    final InetSocketAddress address;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    Responder(String name, Path key, String schema) throws Exception {
      this.name = name;
      ProcessBuilder pb =
          ZsspProcessTest.zssp(
              ZsspProcessTest.Launch.CLASS_PATH,
              "listen",
              "--port",
              "0",
              "--bind",
              "127.0.0.1",
              "--key",
              key.toString(),
              "--store",
              ListenPostgresStoreTest.storeOption(schema),
              "--require-ratchet", // π1 and π3
              "--echo",
              "--verbose", // every drop is a line
              "--handshake-workers",
              "1",
              "--max-seconds",
              "300");
      String password = TestDatabase.password();
      if (password != null) {
        pb.environment().put("ZSSP_STORE_PASSWORD", password);
      }
      process = pb.start();
      process.getOutputStream().close();
      BufferedReader r =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      String first = String.valueOf(r.readLine());
      Matcher m = Pattern.compile("listening on /127\\.0\\.0\\.1:(\\d+) ").matcher(first);
      if (!m.find()) {
        process.destroyForcibly();
        fail(name + " did not start: " + first + "\n" + String.join("\n", r.lines().toList()));
      }
      address = new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(1)));
      lines.add(first);
      reader =
          new Thread(
              () -> {
                try {
                  String line;
                  while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                      lines.add(line);
                    }
                  }
                } catch (java.io.IOException e) {
                  // the process died (kill -9): its output ends here
                }
              },
              "fleet-" + name);
      reader.setDaemon(true);
      reader.start();
      assertTrue(
          await(() -> output().contains("ratchet store: postgresql://"), 30),
          name + " never opened its store: " + output());
    }

    String output() {
      synchronized (lines) {
        return String.join("\n", lines);
      }
    }

    /** No downgrade, no rejection, no error, and no drop that refuses or fails a handshake. */
    void assertClean() {
      String out = output();
      for (String bad : List.of("DOWNGRADE", "downgrade", "rejected", "error", "Exception")) {
        assertFalse(out.contains(bad), name + " printed '" + bad + "':\n" + out);
      }
      Matcher drop = Pattern.compile("(?:dropped reason=|'Dropped )([A-Z_]+)").matcher(out);
      while (drop.find()) {
        assertFalse(
            REFUSING_DROPS.contains(drop.group(1)),
            name + " dropped " + drop.group(1) + ":\n" + out);
      }
    }

    /** SIGKILL (Process.destroyForcibly on Linux): no shutdown hook, no clean close. */
    void kill() throws InterruptedException {
      process.destroyForcibly();
      assertTrue(process.waitFor(10, TimeUnit.SECONDS), name + " survived SIGKILL");
      reader.join(2000);
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /**
   * Alice: the initiator, π2 on every open and π1/π3 on her context, rekeying after {@code
   * rekeyAfterUses} packets. Her record of the fleet lives in her own in-memory store.
   */
  static final class Initiator implements ZsspApplication, AutoCloseable {
    final P384KeyPair key = CRYPTO.p384().generateKeyPair();
    final InMemoryRatchetStore store = new InMemoryRatchetStore();
    final UdpEndpoint endpoint;
    private final List<ZsspEvent> events = new ArrayList<>();
    private long echoes;

    Initiator(long rekeyAfterUses) throws Exception {
      endpoint =
          UdpEndpoint.start(
              new InetSocketAddress("127.0.0.1", 0),
              EngineZssp::newContext,
              ContextConfig.builder()
                  .crypto(CRYPTO)
                  .staticKey(key)
                  .ratchetStore(store)
                  .settings(ZsspSettings.builder().rekeyAfterKeyUses(rekeyAfterUses).build())
                  .application(this));
    }

    /**
     * Gives Alice and the fleet the same first ratchet (as the one-time-password bootstrap of
     * ZSSP-SPEC §9.2 does): without it, π1 refuses the first hello.
     */
    void bootstrap(P384PublicKey fleet, JdbcRatchetStore shared) throws RatchetStoreException {
      byte[] rk = new byte[32];
      byte[] rf = new byte[32];
      CRYPTO.random().nextBytes(rk);
      CRYPTO.random().nextBytes(rf);
      RatchetPair first = RatchetPair.of(RatchetState.of(rk, rf, 1), null);
      assertTrue(store.compareAndSwap(fleet.encoded(), RatchetPair.INITIAL, first));
      assertTrue(shared.compareAndSwap(key.publicKey().encoded(), RatchetPair.INITIAL, first));
    }

    /** Opens a session to {@code to} with π2 and waits until it is established, not downgraded. */
    Session open(P384PublicKey fleet, InetSocketAddress to, int seconds) throws Exception {
      Session s = endpoint.open(fleet, to, OpenOptions.builder().disallowDowngrade(true).build());
      boolean up = await(() -> established(s) != null || s.state() == SessionState.CLOSED, seconds);
      assertTrue(
          up && established(s) != null,
          "no session with " + to + ": " + s.state() + ", events " + eventNames());
      assertFalse(established(s).downgraded(), "a downgraded session");
      return s;
    }

    /** Sends and waits for echoes until {@code s} has rekeyed {@code count} times in all. */
    void rekey(Session s, int count, int seconds) throws Exception {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      byte[] message = "fleet".getBytes(StandardCharsets.US_ASCII);
      while (rekeys(s) < count) {
        assertTrue(System.nanoTime() - end < 0, "no rekey " + count + ": " + eventNames());
        long before = echoes();
        if (s.state().canSend()) {
          s.send(message, 0, message.length);
          await(() -> echoes() > before, 2);
        } else {
          Thread.sleep(5);
        }
        assertTrue(s.state().canSend(), "the session ended: " + s.state() + ", " + eventNames());
      }
    }

    synchronized ZsspEvent.SessionEstablished established(Session s) {
      for (ZsspEvent e : events) {
        if (e instanceof ZsspEvent.SessionEstablished
            && ((ZsspEvent.SessionEstablished) e).session() == s) {
          return (ZsspEvent.SessionEstablished) e;
        }
      }
      return null;
    }

    synchronized int rekeys(Session s) {
      int n = 0;
      for (ZsspEvent e : events) {
        if (e instanceof ZsspEvent.Rekeyed && ((ZsspEvent.Rekeyed) e).session() == s) {
          n++;
        }
      }
      return n;
    }

    /** The chain length of the last {@code Rekeyed} event of {@code s}, or 0. */
    synchronized long lastRekeyedChain(Session s) {
      long chain = 0;
      for (ZsspEvent e : events) {
        if (e instanceof ZsspEvent.Rekeyed && ((ZsspEvent.Rekeyed) e).session() == s) {
          chain = ((ZsspEvent.Rekeyed) e).chainLength();
        }
      }
      return chain;
    }

    synchronized long echoes() {
      return echoes;
    }

    synchronized <T extends ZsspEvent> List<T> events(Class<T> type) {
      List<T> l = new ArrayList<>();
      for (ZsspEvent e : events) {
        if (type.isInstance(e)) {
          l.add(type.cast(e));
        }
      }
      return l;
    }

    synchronized List<String> eventNames() {
      List<String> l = new ArrayList<>();
      for (ZsspEvent e : events) {
        l.add(e.getClass().getSimpleName());
      }
      return l;
    }

    /** Alice's pair for the fleet (never null: INITIAL if none). */
    RatchetPair record(P384PublicKey fleet) {
      RatchetPair p = load(store, fleet.encoded());
      assertNotNull(p);
      return p;
    }

    /** No downgrade warning, no downgraded or rejected session at Alice. */
    void assertClean() {
      assertEquals(List.of(), events(ZsspEvent.DowngradeWarning.class), "downgrade warnings");
      assertEquals(List.of(), events(ZsspEvent.SessionRejected.class), "rejected sessions");
      for (ZsspEvent.SessionEstablished e : events(ZsspEvent.SessionEstablished.class)) {
        assertFalse(e.downgraded(), "a downgraded session");
      }
    }

    @Override
    public boolean helloRequiresRecognizedRatchet(PeerAddress from) {
      return true; // π1
    }

    @Override
    public AcceptDecision acceptSession(P384PublicKey peer, byte[] identity, PeerAddress from) {
      return AcceptDecision.accept(true, false, null); // π3
    }

    @Override
    public synchronized void onData(Session session, byte[] payload, int off, int len) {
      echoes++;
    }

    @Override
    public synchronized void onEvent(ZsspEvent event) {
      events.add(event);
    }

    @Override
    public void close() {
      endpoint.close();
    }
  }
}
