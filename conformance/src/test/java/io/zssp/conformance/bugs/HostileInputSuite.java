package io.zssp.conformance.bugs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.AcceptDecision;
import io.zssp.api.ChallengePolicy;
import io.zssp.api.ContextConfig;
import io.zssp.api.DropReason;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspContext;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile input is normal input: random, truncated, extended, bit-flipped and replayed datagrams,
 * derived from real traffic, thrown at established peers. Nothing may escape as an exception, no
 * session state may change, nothing may be delivered, only replayed X1s may be answered, memory
 * stays bounded, and the sessions keep working afterwards. Runs against every implementation
 * through its {@link ImplementationProbe}.
 */
abstract class HostileInputSuite {
  private static final PeerAddress A = PeerAddress.ofBytes(new byte[] {1});
  private static final PeerAddress B = PeerAddress.ofBytes(new byte[] {2});
  private final ImplementationProbe probe;
  private final CryptoProvider crypto = DefaultCryptoProvider.create();
  private final List<byte[]> traffic = new ArrayList<>();
  private final List<Object[]> queue = new ArrayList<>();
  private long now = 5_000_000;
  private boolean capture = true;

  HostileInputSuite(ImplementationProbe probe) {
    this.probe = probe;
  }

  private final class Peer implements ZsspApplication {
    final P384KeyPair key = crypto.p384().generateKeyPair();
    final List<byte[]> data = new ArrayList<>();
    final ZsspContext ctx;
    int sent;

    Peer(PeerAddress self) {
      ctx =
          probe.newContext(
              ContextConfig.builder()
                  .crypto(crypto)
                  .staticKey(key)
                  .application(this)
                  .ratchetStore(new InMemoryRatchetStore())
                  .clock(() -> now)
                  .sender(
                      (to, d, off, len) -> {
                        byte[] copy = Arrays.copyOfRange(d, off, off + len);
                        sent++;
                        if (capture) {
                          traffic.add(copy);
                          queue.add(new Object[] {self, to, copy});
                        }
                        return true;
                      })
                  .build());
    }

    int halfOpenCount() {
      return probe.halfOpenCount(ctx);
    }

    int helloCacheSize() {
      return probe.helloCacheSize(ctx);
    }

    @Override
    public AcceptDecision acceptSession(P384PublicKey k, byte[] id, PeerAddress from) {
      return AcceptDecision.accept();
    }

    @Override
    public void onData(Session s, byte[] p, int off, int len) {
      data.add(Arrays.copyOfRange(p, off, off + len));
    }
  }

  private void pump(Peer alice, Peer bob) {
    while (!queue.isEmpty()) {
      Object[] d = queue.remove(0);
      byte[] bytes = (byte[]) d[2];
      now++;
      (d[1].equals(A) ? alice : bob).ctx.receive((PeerAddress) d[0], bytes, 0, bytes.length);
    }
  }

  /**
   * A fingerprint from another peer's record is refused at X3 whatever π3 says (§9.7;
   * docs/THREAT-MODEL.md P5): Mallory has a copy of Carol's ratchet record for Bob (a stolen
   * store), presents Carol's fingerprint in her X1 and proves Carol's ratchet key, but
   * authenticates as herself. Bob finds the record by its fingerprint, then at X3 sees it is not
   * Mallory's and refuses: no session, Carol's record and Mallory's (absent) record unchanged.
   */
  @Test
  void aFingerprintOfAnotherPeersRecord_isRefusedAtX3_whateverPi3Says() throws Exception {
    for (boolean pi3 : new boolean[] {false, true}) {
      PeerAddress bobAt = PeerAddress.ofBytes(new byte[] {20, 0, 0, 2});
      List<Object[]> wire = java.util.Collections.synchronizedList(new ArrayList<>());
      Map<PeerAddress, ZsspContext> at = new java.util.concurrent.ConcurrentHashMap<>();
      P384KeyPair bobKey = crypto.p384().generateKeyPair();
      InMemoryRatchetStore bobStore = new InMemoryRatchetStore();
      List<Session> bobSessions = java.util.Collections.synchronizedList(new ArrayList<>());
      ZsspContext bob =
          probe.newContext(
              ContextConfig.builder()
                  .crypto(crypto)
                  .staticKey(bobKey)
                  .application(
                      new ZsspApplication() {
                        @Override
                        public AcceptDecision acceptSession(
                            P384PublicKey k, byte[] id, PeerAddress from) {
                          return AcceptDecision.accept(pi3, false, null);
                        }

                        @Override
                        public void onData(Session sn, byte[] d, int off, int len) {}

                        @Override
                        public void onEvent(io.zssp.api.ZsspEvent e) {
                          if (e instanceof io.zssp.api.ZsspEvent.SessionEstablished) {
                            bobSessions.add(
                                ((io.zssp.api.ZsspEvent.SessionEstablished) e).session());
                          }
                        }
                      })
                  .ratchetStore(bobStore)
                  .clock(() -> now)
                  .sender(wireTo(wire, bobAt))
                  .build());
      at.put(bobAt, bob);
      PeerAddress carolAt = PeerAddress.ofBytes(new byte[] {20, 0, 0, 3});
      InMemoryRatchetStore carolStore = new InMemoryRatchetStore();
      P384KeyPair carolKey = crypto.p384().generateKeyPair();
      ZsspContext carol = initiator(carolKey, carolStore, wireTo(wire, carolAt));
      at.put(carolAt, carol);
      Session c = carol.open(bobKey.publicKey(), bobAt, OpenOptions.builder().build());
      deliver(wire, at);
      assertTrue(c.state().canSend(), "Carol's session with Bob: " + c.state());
      c.close();
      carol.close();
      byte[] bobPub = bobKey.publicKey().encoded();
      byte[] carolPub = carolKey.publicKey().encoded();
      io.zssp.api.RatchetPair carolsRecordAtBob = bobStore.load(carolPub);
      assertTrue(!carolsRecordAtBob.state1().isZero(), "Bob keeps a ratchet for Carol");
      bobSessions.clear();

      PeerAddress malloryAt = PeerAddress.ofBytes(new byte[] {20, 0, 0, 4});
      InMemoryRatchetStore malloryStore = new InMemoryRatchetStore();
      malloryStore.put(bobPub, carolStore.load(bobPub)); // Carol's record, stolen
      P384KeyPair malloryKey = crypto.p384().generateKeyPair();
      ZsspContext mallory = initiator(malloryKey, malloryStore, wireTo(wire, malloryAt));
      at.put(malloryAt, mallory);
      Session m = mallory.open(bobKey.publicKey(), bobAt, OpenOptions.builder().build());
      deliver(wire, at);

      assertTrue(bobSessions.isEmpty(), "π3=" + pi3 + ": Bob established a session with Mallory");
      assertTrue(
          m.state() == SessionState.A1
              || m.state() == SessionState.A3
              || m.state() == SessionState.CLOSED,
          "π3=" + pi3 + ": Mallory's session is " + m.state());
      assertEquals(carolsRecordAtBob, bobStore.load(carolPub), "Carol's record at Bob changed");
      assertEquals(
          io.zssp.api.RatchetPair.INITIAL,
          bobStore.load(malloryKey.publicKey().encoded()),
          "Bob wrote a record for Mallory");
      mallory.close();
      bob.close();
    }
  }

  private ZsspContext initiator(
      P384KeyPair key, InMemoryRatchetStore store, io.zssp.api.DatagramSender sender) {
    return probe.newContext(
        ContextConfig.builder()
            .crypto(crypto)
            .staticKey(key)
            .application(acceptAll())
            .ratchetStore(store)
            .clock(() -> now)
            .sender(sender)
            .build());
  }

  private static io.zssp.api.DatagramSender wireTo(List<Object[]> wire, PeerAddress self) {
    return (to, d, off, len) -> {
      wire.add(new Object[] {self, to, Arrays.copyOfRange(d, off, off + len)});
      return true;
    };
  }

  /** Delivers queued datagrams until none is left and none arrives for a moment (workers). */
  private void deliver(List<Object[]> wire, Map<PeerAddress, ZsspContext> at)
      throws InterruptedException {
    long quietSince = System.nanoTime();
    while (System.nanoTime() - quietSince < 300_000_000L) {
      if (wire.isEmpty()) {
        Thread.sleep(10);
        continue;
      }
      Object[] d = wire.remove(0);
      byte[] bytes = (byte[]) d[2];
      now++;
      ZsspContext target = at.get((PeerAddress) d[1]);
      if (target != null) {
        target.receive((PeerAddress) d[0], bytes, 0, bytes.length);
      }
      quietSince = System.nanoTime();
    }
  }

  private static ZsspApplication acceptAll() {
    return new ZsspApplication() {
      @Override
      public AcceptDecision acceptSession(P384PublicKey k, byte[] id, PeerAddress from) {
        return AcceptDecision.accept();
      }

      @Override
      public void onData(Session s, byte[] p, int off, int len) {}
    };
  }

  /**
   * No amplification (docs/THREAT-MODEL.md): whatever sources that never authenticate send to a
   * responder, it sends none of them more bytes than it received from it. The input: fresh X1s
   * (each answered with an X2, or with a challenge under {@link ChallengePolicy#ALWAYS}), copies of
   * them from their own source and from other sources, lone hello fragments and random garbage.
   */
  @Test
  void unauthenticatedSources_areNeverSentMoreBytesThanTheySent() throws Exception {
    for (ChallengePolicy policy :
        new ChallengePolicy[] {ChallengePolicy.OFF, ChallengePolicy.ALWAYS}) {
      Map<PeerAddress, long[]> in = new HashMap<>();
      Map<PeerAddress, long[]> out = new HashMap<>();
      P384KeyPair bobKey = crypto.p384().generateKeyPair();
      ZsspContext bob =
          probe.newContext(
              ContextConfig.builder()
                  .crypto(crypto)
                  .staticKey(bobKey)
                  .application(acceptAll())
                  .ratchetStore(new InMemoryRatchetStore())
                  .clock(() -> now)
                  .challengePolicy(policy)
                  .sender(
                      (to, d, off, len) -> {
                        synchronized (out) { // a worker thread may send
                          out.computeIfAbsent(to, k -> new long[1])[0] += len;
                        }
                        return true;
                      })
                  .build());
      Random rnd = new Random(7);
      List<byte[]> x1Fragments = new ArrayList<>();
      for (int i = 0; i < 6; i++) { // X1s captured from initiators that never go on
        List<byte[]> captured = new ArrayList<>();
        ZsspContext alice =
            probe.newContext(
                ContextConfig.builder()
                    .crypto(crypto)
                    .staticKey(crypto.p384().generateKeyPair())
                    .application(acceptAll())
                    .ratchetStore(new InMemoryRatchetStore())
                    .clock(() -> now)
                    .sender(
                        (to, d, off, len) -> {
                          captured.add(Arrays.copyOfRange(d, off, off + len));
                          return true;
                        })
                    .build());
        alice.open(bobKey.publicKey(), B, OpenOptions.builder().mtu(500 + 300 * i).build());
        x1Fragments.addAll(captured);
        PeerAddress source = PeerAddress.ofBytes(new byte[] {10, 0, 0, (byte) i});
        for (int copy = 0; copy < 3; copy++) { // the X1, then two copies, from its own source
          for (byte[] f : captured) {
            in.computeIfAbsent(source, k -> new long[1])[0] += f.length;
            bob.receive(source, f, 0, f.length);
          }
        }
      }
      for (int i = 0; i < 3_000; i++) {
        PeerAddress source = PeerAddress.ofBytes(new byte[] {10, 1, 0, (byte) rnd.nextInt(40)});
        byte[] d;
        switch (rnd.nextInt(3)) {
          case 0: // a fragment of one of the X1s, from another source
            d = x1Fragments.get(rnd.nextInt(x1Fragments.size()));
            break;
          case 1: // a lone hello fragment: kid 0, fragment 0 of 2
            d = new byte[1 + rnd.nextInt(1400)];
            rnd.nextBytes(d);
            if (d.length > 6) {
              d[0] = d[1] = d[2] = d[3] = 0;
              d[4] = 0;
              d[5] = 2;
            }
            break;
          default: // garbage
            d = new byte[rnd.nextInt(1500)];
            rnd.nextBytes(d);
        }
        in.computeIfAbsent(source, k -> new long[1])[0] += d.length;
        bob.receive(source, d, 0, d.length);
        if (i % 500 == 0) {
          now += 1_000;
          bob.service();
        }
      }
      long settle = System.nanoTime() + 2_000_000_000L; // handshake workers answer on their own
      long last = -1;
      while (System.nanoTime() < settle) {
        long total;
        synchronized (out) {
          total = out.values().stream().mapToLong(v -> v[0]).sum();
        }
        if (total == last && bob.stats().handshakeQueueDepth() == 0) {
          break;
        }
        last = total;
        Thread.sleep(50);
      }
      synchronized (out) {
        assertTrue(!out.isEmpty(), policy + ": the X1s were answered");
        for (Map.Entry<PeerAddress, long[]> e : out.entrySet()) {
          long received = in.getOrDefault(e.getKey(), new long[1])[0];
          assertTrue(
              e.getValue()[0] <= received,
              policy
                  + ": "
                  + e.getKey()
                  + " was sent "
                  + e.getValue()[0]
                  + " bytes for the "
                  + received
                  + " it sent");
        }
      }
      bob.close();
    }
  }

  /**
   * Issue 10: a datagram is classified before any copy of it, so a flood of large garbage (unknown
   * kids, implausible hellos) allocates next to nothing however big each datagram is. Before, the
   * reference copied every datagram (up to 64 KiB) first.
   */
  @Test
  void largeGarbage_isClassifiedBeforeItIsCopied() throws Exception {
    Peer bob = new Peer(B);
    com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    Random r = new Random(3);
    byte[][] garbage = new byte[64][];
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = new byte[60_000];
      r.nextBytes(garbage[i]);
      if (i % 2 == 1) { // kid 0 with an implausible header (fragment 7 of 3)
        garbage[i][0] = garbage[i][1] = garbage[i][2] = garbage[i][3] = 0;
        garbage[i][4] = 7;
        garbage[i][5] = 3;
      }
    }
    for (byte[] g : garbage) { // warm up
      bob.ctx.receive(A, g, 0, g.length);
    }
    int n = 2_000;
    long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
    for (int i = 0; i < n; i++) {
      byte[] g = garbage[i % garbage.length];
      bob.ctx.receive(A, g, 0, g.length);
    }
    long perDatagram =
        (threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before) / n;
    assertTrue(perDatagram < 1_000, perDatagram + " bytes allocated per 60,000-byte datagram");
    assertTrue(bob.ctx.dropCounts().values().stream().mapToLong(Long::longValue).sum() >= n);
    assertEquals(0L, (long) bob.ctx.dropCounts().getOrDefault(DropReason.INTERNAL_ERROR, 0L));
  }

  @Test
  void mutatedAndReplayedTraffic_isDroppedWithoutEffect() throws Exception {
    Peer alice = new Peer(A);
    Peer bob = new Peer(B);
    Session a = alice.ctx.open(bob.key.publicKey(), B, OpenOptions.builder().mtu(600).build());
    pump(alice, bob);
    Session b = bob.ctx.sessions().get(0);
    a.send(new byte[3000], 0, 3000);
    b.send(new byte[700], 0, 700);
    pump(alice, bob);
    assertEquals(SessionState.S2, a.state());
    assertEquals(SessionState.S2, b.state());
    int deliveredA = alice.data.size();
    int deliveredB = bob.data.size();

    capture = false;
    Random rnd = new Random(42);
    int[] before = {alice.sent, bob.sent};
    int x1Replays = 0;
    for (int i = 0; i < 30_000; i++) {
      byte[] base = traffic.get(rnd.nextInt(traffic.size()));
      byte[] d;
      switch (rnd.nextInt(6)) {
        case 0: // exact replay
          d = base.clone();
          break;
        case 1: // bit flip anywhere
          d = base.clone();
          d[rnd.nextInt(d.length)] ^= (byte) (1 << rnd.nextInt(8));
          break;
        case 2: // truncation
          d = Arrays.copyOf(base, rnd.nextInt(base.length));
          break;
        case 3: // extension
          d = Arrays.copyOf(base, base.length + 1 + rnd.nextInt(64));
          break;
        case 4: // random bytes behind a real kid
          d = new byte[rnd.nextInt(200)];
          rnd.nextBytes(d);
          System.arraycopy(base, 0, d, 0, Math.min(4, d.length));
          break;
        default: // pure noise, including kid 0
          d = new byte[rnd.nextInt(1600)];
          rnd.nextBytes(d);
          if (d.length > 4 && rnd.nextBoolean()) {
            Arrays.fill(d, 0, 4, (byte) 0);
          }
      }
      boolean isX1Replay =
          d.length == base.length
              && Arrays.equals(d, base)
              && base[0] == 0
              && base[1] == 0
              && base[2] == 0
              && base[3] == 0;
      x1Replays += isX1Replay ? 1 : 0;
      (rnd.nextBoolean() ? alice : bob).ctx.receive(rnd.nextBoolean() ? A : B, d, 0, d.length);
      if (i % 1000 == 0) {
        now += 700;
        alice.ctx.service();
        bob.ctx.service();
      }
    }
    // Only Bob may answer (exact X1 replays get an X2 each). Service ticks send nothing in S2.
    assertEquals(before[0], alice.sent, "alice sent something");
    assertTrue(bob.sent - before[1] <= 2 * x1Replays, "bob answered non-X1 input");
    assertEquals(deliveredA, alice.data.size());
    assertEquals(deliveredB, bob.data.size());
    assertEquals(SessionState.S2, a.state());
    assertEquals(SessionState.S2, b.state());
    assertEquals(1, alice.ctx.sessions().size());
    assertEquals(1, bob.ctx.sessions().size());
    for (ZsspContext c : List.of(alice.ctx, bob.ctx)) {
      assertEquals(null, c.dropCounts().get(DropReason.INTERNAL_ERROR), c.dropCounts().toString());
    }
    assertTrue(bob.halfOpenCount() <= 16, "half-open per-source quota");
    assertTrue(bob.helloCacheSize() <= 256);

    capture = true;
    queue.clear();
    a.send(new byte[] {1, 2, 3}, 0, 3);
    b.send(new byte[] {4, 5}, 0, 2);
    pump(alice, bob);
    assertArrayEquals(new byte[] {1, 2, 3}, bob.data.get(bob.data.size() - 1));
    assertArrayEquals(new byte[] {4, 5}, alice.data.get(alice.data.size() - 1));
  }
}
