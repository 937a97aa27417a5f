package io.zssp.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.zssp.api.AcceptDecision;
import io.zssp.api.ContextConfig;
import io.zssp.api.DropReason;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetStore;
import io.zssp.api.Session;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspEvent;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import io.zssp.engine.EngineZssp;
import io.zssp.reference.ReferenceZssp;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 13: the database going away while a responder serves. A responder context (the engine, and
 * the reference beside it) on a {@link JdbcRatchetStore} and an initiator in memory: a first
 * handshake writes the peer's record; the server is stopped ({@code ZSSP_PG_CTL stop}) and a
 * handshake under strict flags (π3 on both sides) fails closed, no session on either side and no
 * downgrade, the X1 counted as {@link DropReason#RATCHET_STORE}; the server is started and a new
 * handshake succeeds, the chain continued from the record written before.
 */
@ExtendWith(PostgresTestServer.class)
class EngineOnJdbcOutageTest {
  private static final String PG_CTL = System.getenv("ZSSP_PG_CTL");
  private static final CryptoProvider CRYPTO = DefaultCryptoProvider.create();
  private static final PeerAddress ALICE = PeerAddress.of(new InetSocketAddress("127.0.0.1", 1));
  private static final PeerAddress BOB = PeerAddress.of(new InetSocketAddress("127.0.0.1", 2));

  private final String schema = PostgresTestServer.newSchema("engine_outage");
  private final AtomicLong now = new AtomicLong(1_000_000);
  private final Queue<Object[]> inFlight = new ArrayDeque<>(); // {to, bytes}
  private final List<Peer> peers = new ArrayList<>();

  /** One side: its context and the events it saw. */
  private final class Peer implements ZsspApplication {
    final P384KeyPair key = CRYPTO.p384().generateKeyPair();
    final List<ZsspEvent> events = new ArrayList<>();
    final ZsspContext context;
    volatile boolean strict;

    Peer(RatchetStore store, Function<ContextConfig, ZsspContext> implementation) {
      context =
          implementation.apply(
              ContextConfig.builder()
                  .crypto(CRYPTO)
                  .staticKey(key)
                  .ratchetStore(store)
                  .clock(now::get)
                  .sender(
                      (to, datagram, off, len) -> {
                        inFlight.add(
                            new Object[] {to, Arrays.copyOfRange(datagram, off, off + len)});
                        return true;
                      })
                  .application(this)
                  .build());
      peers.add(this);
    }

    @Override
    public boolean helloRequiresRecognizedRatchet(PeerAddress from) {
      return strict; // π1
    }

    @Override
    public AcceptDecision acceptSession(P384PublicKey key, byte[] identity, PeerAddress from) {
      return AcceptDecision.accept(strict, false, null); // π3
    }

    @Override
    public void onData(Session session, byte[] payload, int off, int len) {}

    @Override
    public synchronized void onEvent(ZsspEvent event) {
      events.add(event);
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

    long drops(DropReason reason) {
      return context.dropCounts().getOrDefault(reason, 0L);
    }
  }

  @AfterEach
  void close() throws Exception {
    for (Peer p : peers) {
      p.context.close();
    }
    PostgresTestServer.dropSchema(PostgresTestServer.sharedPool(), schema);
  }

  private void pump(Peer alice, Peer bob) {
    Object[] d;
    while ((d = inFlight.poll()) != null) {
      now.addAndGet(3);
      byte[] bytes = (byte[]) d[1];
      if (d[0].equals(BOB)) {
        bob.context.receive(ALICE, bytes, 0, bytes.length);
      } else {
        alice.context.receive(BOB, bytes, 0, bytes.length);
      }
    }
  }

  /** Opens a session from alice to bob and delivers everything; the session. */
  private Session handshake(Peer alice, Peer bob) throws Exception {
    Session s =
        alice.context.open(
            bob.key.publicKey(),
            BOB,
            OpenOptions.builder().disallowDowngrade(alice.strict).build());
    pump(alice, bob);
    return s;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"engine", "reference"})
  void serverStopped_handshakeFailsClosedAndIsCounted_thenResumesTheChain(String impl)
      throws Exception {
    assumeTrue(
        PG_CTL != null && !PG_CTL.isEmpty(),
        "ZSSP_PG_CTL is not set: the server cannot be stopped (.ci/postgres writes one)");
    Function<ContextConfig, ZsspContext> implementation =
        impl.equals("engine") ? EngineZssp::newContext : ReferenceZssp::newContext;
    try (HikariDataSource ds = PostgresTestServer.pool("zssp-engine-outage", 2, 1000)) {
      JdbcRatchetStore store = JdbcRatchetStore.builder(ds).schema(schema).open();
      Peer bob = new Peer(store, implementation);
      Peer alice = new Peer(new InMemoryRatchetStore(), implementation);
      byte[] alicePub = alice.key.publicKey().encoded();

      Session first = handshake(alice, bob);
      assertTrue(first.state().canSend(), "first handshake: " + first.state());
      long chain1 = store.load(alicePub).state1().chainLength();
      assertFalse(store.load(alicePub).state1().isZero(), "no record written");
      first.close();
      pump(alice, bob);
      alice.strict = true; // from now on: a known ratchet or nothing (π1, π3)
      bob.strict = true;
      int establishedBefore = bob.events(ZsspEvent.SessionEstablished.class).size();
      int bobSessionsBefore = bob.context.sessions().size(); // the first, until it expires

      boolean stopped = false;
      try {
        pgCtl("stop");
        stopped = true;
        long drops = bob.drops(DropReason.RATCHET_STORE);
        Session during = handshake(alice, bob);
        assertEquals(drops + 1, bob.drops(DropReason.RATCHET_STORE), "the X1 counted");
        assertFalse(during.state().canSend(), "a session while the store is away");
        assertEquals(establishedBefore, bob.events(ZsspEvent.SessionEstablished.class).size());
        assertEquals(bobSessionsBefore, bob.context.sessions().size(), "a session at bob");
        ZsspEvent.Dropped dropped =
            bob.events(ZsspEvent.Dropped.class).stream()
                .filter(d -> d.reason() == DropReason.RATCHET_STORE)
                .findFirst()
                .orElse(null);
        assertNotNull(dropped, "no Dropped(RATCHET_STORE) event");
        during.close();
        pump(alice, bob);
        pgCtl("start");
        stopped = false;
      } finally {
        if (stopped) {
          pgCtl("start");
        }
      }
      assertTrue(alice.events(ZsspEvent.DowngradeWarning.class).isEmpty());
      assertTrue(bob.events(ZsspEvent.DowngradeWarning.class).isEmpty());

      // The pool reconnects; the first handshake after the restart may still meet a dead one.
      Session after = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline) {
        after = handshake(alice, bob);
        if (after.state().canSend()) {
          break;
        }
        after.close();
        pump(alice, bob);
        Thread.sleep(200);
      }
      assertNotNull(after);
      assertTrue(after.state().canSend(), "no handshake after the server came back");
      for (ZsspEvent.SessionEstablished e : bob.events(ZsspEvent.SessionEstablished.class)) {
        assertFalse(e.downgraded(), "a downgraded session");
      }
      long chain2 = store.load(alicePub).state1().chainLength();
      assertTrue(chain2 > chain1, "the chain did not continue: " + chain1 + " -> " + chain2);
    }
  }

  private static void pgCtl(String action) throws Exception {
    Process p = new ProcessBuilder(PG_CTL, action).redirectErrorStream(true).inheritIO().start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), PG_CTL + " " + action + " still running");
    assertEquals(0, p.exitValue(), PG_CTL + " " + action + " failed");
  }
}
