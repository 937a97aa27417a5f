package io.zssp.conformance.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.ContextConfig;
import io.zssp.api.DropReason;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStore;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspSettings;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.engine.EngineProbe;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The two races of the fork fix that only the engine with handshake workers has (docs/MODEL.md
 * "Forks"; the reference is single-threaded), forced by holding a worker inside Bob's ratchet store
 * at the critical point. Each is {@link ModelForkReplaySuite}'s scenario with one more
 * interleaving:
 *
 * <ul>
 *   <li>rule 2: the straggling X3(N)'s row-2 write is held between its keep decision and its
 *       compare-and-swap while Alice's new X1 (rf1 = N) is resolved on the other worker to O;
 *   <li>rule 4: Alice's new X1 is held between resolving its rf2 to s and closing Bob's rekey,
 *       while the late K2 completes that rekey (row 5, (N, none)).
 * </ul>
 *
 * Without the engine's handling of each race, Bob answers the X1 with a PSK he is dropping and the
 * strict peers end up with no ratchet in common.
 */
class EngineWorkersForkRaceTest {
  /** Bob's store: holds the calling worker at one chosen point until released. */
  private static final class HoldingStore implements RatchetStore {
    final RatchetStore inner;

    /** Hold the compare-and-swap that stores this state1 (rule 2's race). */
    volatile RatchetState holdCasOf;

    /** Hold a worker once, after a lookup that finds this state (rule 4's race). */
    volatile RatchetState holdAfterFinding;

    final CountDownLatch reached = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    HoldingStore(RatchetStore inner) {
      this.inner = inner;
    }

    private void hold() {
      reached.countDown();
      try {
        if (!release.await(30, TimeUnit.SECONDS)) {
          throw new AssertionError("never released");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    @Override
    public RatchetPair load(byte[] peerStaticKey) throws RatchetStoreException {
      return inner.load(peerStaticKey);
    }

    @Override
    public RatchetState findByFingerprint(byte[] fingerprint) throws RatchetStoreException {
      RatchetState found = inner.findByFingerprint(fingerprint);
      RatchetState h = holdAfterFinding;
      if (h != null && found != null && found.equals(h) && onWorker()) {
        holdAfterFinding = null;
        hold();
      }
      return found;
    }

    @Override
    public boolean compareAndSwap(byte[] peerStaticKey, RatchetPair expected, RatchetPair next)
        throws RatchetStoreException {
      RatchetState h = holdCasOf;
      if (h != null && next.state1().equals(h)) {
        holdCasOf = null;
        hold();
      }
      return inner.compareAndSwap(peerStaticKey, expected, next);
    }

    private static boolean onWorker() {
      return Thread.currentThread().getName().startsWith("zssp-handshake-");
    }
  }

  /** Bob's context (engine, two workers, settling only while {@code settle} holds) and store. */
  private static final class Bob {
    volatile boolean settle = true;
    final AtomicReference<ZsspContext> ctx = new AtomicReference<>();
    final AtomicReference<HoldingStore> store = new AtomicReference<>();
    volatile byte[] staticKey;

    ZsspContext newContext(ContextConfig c) {
      boolean bob = Arrays.equals(c.staticKey().publicKey().encoded(), staticKey);
      if (!bob) {
        return EngineProbe.WITH_WORKERS.newContext(c);
      }
      HoldingStore s = new HoldingStore(c.ratchetStore());
      store.set(s);
      ContextConfig wrapped =
          ContextConfig.builder()
              .crypto(c.crypto())
              .staticKey(c.staticKey())
              .application(c.application())
              .ratchetStore(s)
              .sender(c.sender())
              .clock(c.clock())
              .settings(c.settings())
              .challengePolicy(c.challengePolicy())
              .maxHalfOpen(c.maxHalfOpen())
              .maxHalfOpenPerSource(c.maxHalfOpenPerSource())
              .x1BudgetPerSecond(c.x1BudgetPerSecond())
              .quotaIpv6PrefixBits(c.quotaIpv6PrefixBits())
              .mtu(c.mtu())
              .build();
      ZsspContext z = EngineProbe.newContextWithWorkers(wrapped, () -> settle);
      ctx.set(z);
      return z;
    }

    long drops(DropReason r) {
      return ctx.get().dropCounts().getOrDefault(r, 0L);
    }
  }

  private static void await(CountDownLatch latch, String what) throws InterruptedException {
    assertTrue(latch.await(30, TimeUnit.SECONDS), what);
  }

  private static void awaitReal(BooleanSupplier done, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!done.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, what);
      Thread.sleep(1);
    }
  }

  @Test
  void rule2_x1ResolvedWhileTheStragglersWriteIsInFlight_noFork() throws Exception {
    Bob b = new Bob();
    SimWorld w = new SimWorld(21, b::newContext, ZsspSettings.DEFAULTS);
    SimPeer alice = w.addPeer("alice", 1500, SecurityFlags.STRICT);
    SimPeer bob = w.addPeer("bob", 1500, SecurityFlags.STRICT);
    b.staticKey = bob.key.publicKey().encoded();
    w.introduce(alice, bob, DefaultCryptoProvider.create());
    RatchetState otp = alice.storedPairFor(bob).state1();
    HeldDatagrams h = new HeldDatagrams(alice.address, true, false);
    w.net.setFilter(h);
    alice.start();
    bob.start();
    alice.dialer.dial(bob);

    // Alice stores (N, O) and sends X3(N): held
    assertTrue(w.net.runUntil(w.net.nowMillis() + 2_000, () -> !h.held.isEmpty()), "no X3");
    byte[] oldX3 = h.take().get(0);
    RatchetState n = alice.storedPairFor(bob).state1();
    assertEquals(otp, alice.storedPairFor(bob).state2());

    // X3(N) reaches Bob: a worker decides its keep (no newer X1 yet: (N, none)) and is held
    // before the compare-and-swap
    HoldingStore store = b.store.get();
    store.holdCasOf = n;
    b.settle = false;
    bob.receive(alice.address, oldX3);
    await(store.reached, "the X3's write was not reached");

    // Alice restarts; her X1 (rf1 = N, rf2 = O) is resolved on the other worker: N is not in
    // Bob's store yet, O is. Answered with O, Alice would store (N', O) while Bob stores (N, none).
    h.holdX1 = true;
    alice.restart(false);
    w.net.runUntil(w.net.nowMillis(), () -> false);
    List<byte[]> newX1 = h.take();
    assertTrue(!newX1.isEmpty() && newX1.stream().allMatch(HeldDatagrams::isX1));
    long before = b.drops(DropReason.RATCHET_STORE);
    for (byte[] d : newX1) {
      bob.receive(alice.address, d);
    }
    awaitReal(
        () ->
            b.drops(DropReason.RATCHET_STORE) > before
                || EngineProbe.INSTANCE.halfOpenCount(b.ctx.get()) > 0,
        "the X1 was neither dropped nor answered");

    // the write goes in: Bob (N, none), and his session on N (Alice has given it up)
    store.release.countDown();
    assertTrue(EngineProbe.awaitIdle(b.ctx.get(), 30_000));
    b.settle = true;
    assertEquals(RatchetPair.of(n, null), bob.storedPairFor(alice));

    // fair: Alice's resent X1 now finds N; the strict peers pair up on a new state
    h.on = false;
    assertTrue(
        w.net.runUntil(w.net.nowMillis() + 30_000, () -> w.pairIdle(alice, bob)),
        "strict peers did not re-establish");
    assertEquals(alice.storedPairFor(bob), bob.storedPairFor(alice));
    assertNotEquals(n, bob.storedPairFor(alice).state1());
    assertTrue(b.drops(DropReason.RATCHET_STORE) > before, "the racing X1 was not dropped");
  }

  @Test
  void rule4_lateK2WrittenBetweenTheX1sResolutionAndTheClose_noFork() throws Exception {
    Bob b = new Bob();
    ZsspSettings settings = ZsspSettings.builder().rekeyAfterKeyUses(4).build();
    SimWorld w = new SimWorld(23, b::newContext, settings);
    SimPeer alice = w.addPeer("alice", 1500, SecurityFlags.STRICT);
    SimPeer bob = w.addPeer("bob", 1500, SecurityFlags.STRICT);
    b.staticKey = bob.key.publicKey().encoded();
    w.introduce(alice, bob, DefaultCryptoProvider.create());
    HeldDatagrams h = new HeldDatagrams(alice.address, false, true);
    w.net.setFilter(h);
    alice.start();
    bob.start();
    alice.dialer.dial(bob);
    assertTrue(w.net.runUntil(w.net.nowMillis() + 5_000, () -> w.pairIdle(alice, bob)));
    RatchetState s = bob.storedPairFor(alice).state1();

    // Bob starts a rekey (psk0 = s); Alice stores (N, s) and sends K2: held
    List<byte[]> lateK2 = ModelForkReplaySuite.rekeyWithAlicesK2Held(w, alice, bob, h);
    RatchetState n = alice.storedPairFor(bob).state1();

    // Alice restarts: her X1 (rf1 = N, rf2 = s) is resolved on a worker, which is held right after
    // finding s (before rule 4 closes Bob's rekey)
    alice.restart(false);
    w.net.runUntil(w.net.nowMillis(), () -> false);
    List<byte[]> x1 = h.take().stream().filter(HeldDatagrams::isX1).toList();
    HoldingStore store = b.store.get();
    store.holdAfterFinding = s;
    b.settle = false;
    for (byte[] d : x1) {
      bob.receive(alice.address, d);
    }
    await(store.reached, "the X1's resolution was not reached");

    // meanwhile the late K2 completes Bob's rekey: row 5 stores (N, none), the session leaves R1
    for (byte[] d : lateK2) {
      bob.receive(alice.address, d);
    }
    assertEquals(RatchetPair.of(n, null), bob.storedPairFor(alice), "the K2 was not written");

    // the X1 goes on: its first resolution (s) is stale; answered with s, Alice would store
    // (N', s) against Bob's (N, none)
    store.release.countDown();
    assertTrue(EngineProbe.awaitIdle(b.ctx.get(), 30_000));
    b.settle = true;

    h.on = false;
    assertTrue(
        w.net.runUntil(w.net.nowMillis() + 30_000, () -> w.pairIdle(alice, bob)),
        "strict peers did not re-establish");
    assertEquals(alice.storedPairFor(bob), bob.storedPairFor(alice));
  }
}
