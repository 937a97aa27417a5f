package io.zssp.conformance.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.ZsspSettings;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.reference.ReferenceZssp;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The counterexample that {@code model/check} requires from the {@code -DSTRICT_INTACT} build
 * (docs/MODEL.md, "Forks"), replayed by hand against the reference implementation in the simulator:
 * a straggling X3 of an abandoned attempt forks the ratchet chain although both stores stay intact,
 * and strict peers (π1 = π2 = π3 = 1) are then locked out. The model's events and the steps below
 * correspond one to one (the model's names in the comments). Single-threaded, like the simulator.
 */
class ModelForkReplayTest {
  @Test
  void stragglingX3AfterAliceRestarts_forksTheChain_andLocksStrictPeersOut() {
    SimWorld w = new SimWorld(11, ReferenceZssp::newContext, ZsspSettings.DEFAULTS);
    SimPeer alice = w.addPeer("alice", 1500, SecurityFlags.STRICT);
    SimPeer bob = w.addPeer("bob", 1500, SecurityFlags.STRICT);
    w.introduce(alice, bob, DefaultCryptoProvider.create()); // both stores: (O, none)
    RatchetState otp = alice.storedPairFor(bob).state1();
    // The network holds back everything Alice sends except her X1s (kid 0): it delays her X3s.
    List<byte[]> held = new ArrayList<>();
    boolean[] hold = {true};
    w.net.setFilter(
        (from, to, d) -> {
          boolean x1 = d[0] == 0 && d[1] == 0 && d[2] == 0 && d[3] == 0;
          if (hold[0] && from.equals(alice.address) && !x1) {
            held.add(d.clone());
            return true;
          }
          return false;
        });
    alice.start();
    bob.start();
    alice.dialer.dial(bob);
    long t0 = w.net.nowMillis();

    // A open; deliver X1 to B; deliver X2 to A (Alice stores (N, O), sends X3(N): held).
    assertTrue(w.net.runUntil(t0 + 2_000, () -> !held.isEmpty()), "Alice never sent X3");
    List<byte[]> oldX3 = new ArrayList<>(held);
    held.clear();
    RatchetPair afterX2 = alice.storedPairFor(bob);
    assertTrue(afterX2.state2().equals(otp), "Alice stores (N, O) before X3: " + afterX2);
    RatchetState n = afterX2.state1();

    // crash A store=0; A open (rf1 = N, rf2 = O); deliver X1 to B (Bob knows O only: PSK O);
    // deliver X2 to A (rk1 = N fails, rk2 = O succeeds: Alice stores (N', O), drops N; X3 held).
    alice.restart(false);
    assertTrue(w.net.runUntil(w.net.nowMillis() + 2_000, () -> !held.isEmpty()), "no second X3");
    List<byte[]> newX3 = new ArrayList<>(held);
    held.clear();
    RatchetPair alicePair = alice.storedPairFor(bob);
    assertEquals(otp, alicePair.state2(), "Alice's second handshake used rk2 = O: " + alicePair);
    assertNotEquals(n, alicePair.state1());

    // deliver X3(N) to B: its B2 is still alive and O is in Bob's pair: he stores (N, none).
    for (byte[] d : oldX3.subList(0, 1)) {
      bob.receive(alice.address, d);
    }
    assertEquals(1, bob.stats.accepted, "Bob completes the abandoned handshake");
    assertEquals(n, bob.storedPairFor(alice).state1());
    assertEquals(null, bob.storedPairFor(alice).state2());

    // deliver X3(N') to B: O is no longer in Bob's pair: rejected (D, π4 = 0).
    hold[0] = false;
    bob.receive(alice.address, newX3.get(0));
    assertEquals(1, bob.stats.accepted, "Bob rejects the live handshake");

    // The stores are intact but share no ratchet: the chain forked.
    RatchetPair a = alice.storedPairFor(bob);
    RatchetPair b = bob.storedPairFor(alice);
    assertFalse(b.containsFingerprint(a.state1().fingerprint()), a + " / " + b);
    assertFalse(
        a.state2() != null && b.containsFingerprint(a.state2().fingerprint()), a + " / " + b);

    // fair: a perfect network for two minutes, Alice redialling as she likes: locked out.
    alice.dialer.silenceMillis = 15_000;
    w.net.runUntil(w.net.nowMillis() + 120_000);
    assertFalse(w.pairUp(alice, bob), "strict peers re-established after the fork");
    assertEquals(1, bob.stats.accepted, "Bob accepted another session");
  }
}
