package io.zssp.conformance.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.ContextConfig;
import io.zssp.api.DataTooLargeException;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspSettings;
import io.zssp.crypto.DefaultCryptoProvider;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The counterexample that the {@code -DSTRICT_INTACT} build of the model without the fork fix finds
 * (docs/MODEL.md, "Forks"), replayed by hand in the simulator: a straggling X3 of an abandoned
 * attempt used to fork the ratchet chain although both stores stay intact, locking strict peers (π1
 * = π2 = π3 = 1) out. With the fix an implementation converges, as the fixed model does. The
 * model's events and the steps below correspond one to one (the model's names in the comments).
 * Single-threaded, like the simulator (the engine with workers waits for them at every call). An
 * implementation plugs in by subclassing and implementing {@link #newContext(ContextConfig)}.
 */
public abstract class ModelForkReplaySuite {
  /** A new context of the implementation under test, made from exactly {@code config}. */
  protected abstract ZsspContext newContext(ContextConfig config);

  @Test
  void stragglingX3AfterAliceRestarts_noLongerForksTheChain() {
    SimWorld w = new SimWorld(11, this::newContext, ZsspSettings.DEFAULTS);
    SimPeer alice = w.addPeer("alice", 1500, SecurityFlags.STRICT);
    SimPeer bob = w.addPeer("bob", 1500, SecurityFlags.STRICT);
    w.introduce(alice, bob, DefaultCryptoProvider.create()); // both stores: (O, none)
    RatchetState otp = alice.storedPairFor(bob).state1();
    // The network holds back everything Alice sends except her X1s (kid 0): it delays her X3s.
    HeldDatagrams h = new HeldDatagrams(alice.address, true, false);
    w.net.setFilter(h);
    alice.start();
    bob.start();
    alice.dialer.dial(bob);
    long t0 = w.net.nowMillis();

    // A open; deliver X1 to B; deliver X2 to A (Alice stores (N, O), sends X3(N): held).
    assertTrue(w.net.runUntil(t0 + 2_000, () -> !h.held.isEmpty()), "Alice never sent X3");
    List<byte[]> oldX3 = h.take();
    RatchetPair afterX2 = alice.storedPairFor(bob);
    assertTrue(afterX2.state2().equals(otp), "Alice stores (N, O) before X3: " + afterX2);
    RatchetState n = afterX2.state1();

    // crash A store=0; A open (rf1 = N, rf2 = O); deliver X1 to B (Bob knows O only: PSK O);
    // deliver X2 to A (rk1 = N fails, rk2 = O succeeds: Alice stores (N', O), drops N; X3 held).
    alice.restart(false);
    assertTrue(w.net.runUntil(w.net.nowMillis() + 2_000, () -> !h.held.isEmpty()), "no second X3");
    List<byte[]> newX3 = h.take();
    RatchetPair alicePair = alice.storedPairFor(bob);
    assertEquals(otp, alicePair.state2(), "Alice's second handshake used rk2 = O: " + alicePair);
    assertNotEquals(n, alicePair.state1());

    // deliver X3(N) to B: its B2 is still alive and O is in Bob's pair. Without the fork fix he
    // stored (N, none); with it (docs/MODEL.md "Forks", rule 2) he keeps O, because a newer B2
    // (Alice's second X1, rf1 = N) was resolved to O: (N, O).
    for (byte[] d : oldX3.subList(0, 1)) {
      bob.receive(alice.address, d);
    }
    assertEquals(1, bob.stats.accepted, "Bob completes the abandoned handshake");
    assertEquals(n, bob.storedPairFor(alice).state1());
    assertEquals(otp, bob.storedPairFor(alice).state2(), "Bob keeps O for Alice's live attempt");

    // deliver X3(N') to B: O is still in Bob's pair: accepted, Bob stores (N', none).
    h.on = false;
    bob.receive(alice.address, newX3.get(0));
    assertEquals(2, bob.stats.accepted, "Bob accepts the live handshake");
    assertEquals(alicePair.state1(), bob.storedPairFor(alice).state1());
    assertNull(bob.storedPairFor(alice).state2(), "Bob drops O once Alice's live attempt is in");

    // fair: the chain did not fork; the peers pair up and their stores converge on N'.
    assertTrue(
        w.net.runUntil(w.net.nowMillis() + 30_000, () -> w.pairIdle(alice, bob)),
        "strict peers did not re-establish");
    RatchetPair a = alice.storedPairFor(bob);
    RatchetPair b = bob.storedPairFor(alice);
    assertEquals(a, b);
    assertEquals(alicePair.state1(), a.state1());
    assertNull(a.state2());
    assertEquals(2, bob.stats.accepted, "Bob accepted another session");
  }

  /**
   * Rule 3 of the fix (docs/MODEL.md "Forks"; the model finds this without it, π = 000): in the
   * zero chain a straggling X3 of Alice's abandoned first attempt reaches Bob after her second
   * attempt has made a session. Without the rule, π3 = 0 accepts it as a downgraded handshake, Bob
   * stores its N, which Alice gave up, and closes the live session. With it, the straggler is
   * dropped: it is older than the half-open entry Bob already accepted.
   */
  @Test
  void stragglingX3AfterTheLiveHandshake_neverRollsBobBack() {
    SimWorld w = new SimWorld(12, this::newContext, ZsspSettings.DEFAULTS);
    SimPeer alice = w.addPeer("alice", 1500, SecurityFlags.OPPORTUNISTIC);
    SimPeer bob = w.addPeer("bob", 1500, SecurityFlags.OPPORTUNISTIC);
    HeldDatagrams h = new HeldDatagrams(alice.address, true, false);
    w.net.setFilter(h);
    alice.start();
    bob.start();
    alice.dialer.dial(bob);
    long t0 = w.net.nowMillis();

    // first attempt on the zero ratchet: Alice stores (N, zero), X3(N) held
    assertTrue(w.net.runUntil(t0 + 2_000, () -> !h.held.isEmpty()), "Alice never sent X3");
    List<byte[]> oldX3 = h.take();
    RatchetState n = alice.storedPairFor(bob).state1();

    // Alice restarts: rf1 = N (unknown to Bob), rf2 = none: Bob answers with the zero ratchet,
    // Alice stores (N', zero); her X3(N') is let through and Bob stores (N', none)
    alice.restart(false);
    h.on = false;
    assertTrue(
        w.net.runUntil(w.net.nowMillis() + 5_000, () -> w.pairIdle(alice, bob)),
        "the second attempt did not complete");
    RatchetPair live = bob.storedPairFor(alice);
    assertNotEquals(n, live.state1());
    assertEquals(1, bob.stats.accepted);

    // the straggler X3(N): its B2 is still alive (B2 lifetime 10 s), but older than the accepted
    // one
    bob.receive(alice.address, oldX3.get(0));
    assertEquals(1, bob.stats.accepted, "Bob accepted the straggler");
    assertEquals(live, bob.storedPairFor(alice), "the straggler rolled Bob's store back");
    assertTrue(w.pairIdle(alice, bob), "the straggler closed the live session");
  }

  /**
   * The K2 form (docs/MODEL.md "Forks", rule 4): Bob starts a rekey, Alice answers with K2 after
   * storing (N, s) (CAS row 4); the K2 is delayed and Alice restarts, opening with rf1 = N, rf2 =
   * s. Without the rule, the late K2 then makes Bob store (N, none) (row 5) while Alice completes
   * the new handshake on s and stores (N', s): strict peers are locked out. With it, Bob's X1
   * handling sees that Alice gave the rekey up and closes his R1 session, so the K2 finds nothing.
   */
  @Test
  void lateK2AfterAliceRestarts_noLongerForksTheChain() throws Exception {
    ZsspSettings settings = ZsspSettings.builder().rekeyAfterKeyUses(4).build();
    SimWorld w = new SimWorld(13, this::newContext, settings);
    SimPeer alice = w.addPeer("alice", 1500, SecurityFlags.STRICT);
    SimPeer bob = w.addPeer("bob", 1500, SecurityFlags.STRICT);
    w.introduce(alice, bob, DefaultCryptoProvider.create());
    HeldDatagrams h = new HeldDatagrams(alice.address, false, false);
    w.net.setFilter(h);
    alice.start();
    bob.start();
    alice.dialer.dial(bob);
    assertTrue(w.net.runUntil(w.net.nowMillis() + 5_000, () -> w.pairIdle(alice, bob)));
    RatchetState s = bob.storedPairFor(alice).state1();

    // Bob's use-based trigger starts a rekey (K1, psk0 = s); Alice stores (N, s) and sends K2: held
    Session bs = bob.liveSession(alice);
    List<byte[]> lateK2 = rekeyWithAlicesK2Held(w, alice, bob, h);
    RatchetState n = alice.storedPairFor(bob).state1();
    assertEquals(s, alice.storedPairFor(bob).state2());

    // Alice restarts: X1 with rf1 = N (unknown to Bob), rf2 = s; Bob answers with s, Alice stores
    // (N', s) and sends X3(N'): held. With the fix, the X1 closed Bob's rekeying session.
    alice.restart(false);
    assertTrue(
        w.net.runUntil(w.net.nowMillis() + 2_000, () -> !h.held.isEmpty()), "no X3 after restart");
    RatchetPair alicePair = alice.storedPairFor(bob);
    assertEquals(s, alicePair.state2());
    assertNotEquals(n, alicePair.state1());
    assertEquals(SessionState.CLOSED, bs.state(), "Bob's rekey was not abandoned");

    // the late K2 reaches Bob: nothing to complete, his pair stays (s, none)
    for (byte[] d : lateK2) {
      bob.receive(alice.address, d);
    }
    assertEquals(RatchetPair.of(s, null), bob.storedPairFor(alice), "the late K2 moved Bob on");

    // the live X3 and everything after: the peers converge on N'
    h.on = false;
    for (byte[] d : new ArrayList<>(h.held)) {
      bob.receive(alice.address, d);
    }
    assertTrue(
        w.net.runUntil(w.net.nowMillis() + 30_000, () -> w.pairIdle(alice, bob)),
        "strict peers did not re-establish");
    assertEquals(alice.storedPairFor(bob), bob.storedPairFor(alice));
    assertEquals(alicePair.state1(), bob.storedPairFor(alice).state1());
  }

  /**
   * Bob's use-based trigger starts a rekey (K1, psk0 = his current state) while {@code h} holds
   * what Alice sends; Alice answers, storing (N, psk0). Returns her held K2 (and clears {@code h}).
   */
  static List<byte[]> rekeyWithAlicesK2Held(SimWorld w, SimPeer alice, SimPeer bob, HeldDatagrams h)
      throws DataTooLargeException {
    h.on = true;
    Session bs = bob.liveSession(alice);
    for (int i = 0; i < 8 && bs.state() == SessionState.S2; i++) {
      bs.send(new byte[8], 0, 8);
    }
    assertEquals(SessionState.R1, bs.state(), "Bob did not start a rekey");
    assertTrue(
        w.net.runUntil(w.net.nowMillis() + 2_000, () -> alice.storedPairFor(bob).state2() != null),
        "Alice did not answer the K1");
    List<byte[]> k2 = h.take();
    return k2;
  }
}
