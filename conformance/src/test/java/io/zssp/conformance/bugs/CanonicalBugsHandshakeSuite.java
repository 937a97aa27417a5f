package io.zssp.conformance.bugs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.AcceptDecision;
import io.zssp.api.DropReason;
import io.zssp.api.OpenOptions;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspEvent;
import io.zssp.wire.Kid;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ZSSP-SPEC §13: the canonical handshake bugs we must not copy (B1, B2, B3, B11, B12, B25), each
 * shown to be absent. Runs against every implementation through its {@link ImplementationProbe}.
 */
abstract class CanonicalBugsHandshakeSuite {
  private static final byte[] ID = "identity-of-alice".getBytes();
  private final ImplementationProbe probe;
  private final TestNetwork net;

  CanonicalBugsHandshakeSuite(ImplementationProbe probe) {
    this.probe = probe;
    this.net = new TestNetwork(probe);
  }

  private static RatchetState randomState(long chainLength) {
    SecureRandom r = new SecureRandom();
    byte[] k = new byte[32];
    byte[] f = new byte[32];
    r.nextBytes(k);
    r.nextBytes(f);
    return RatchetState.of(k, f, chainLength);
  }

  /**
   * B1 — rf2 is never looked up. Alice persists A' at X2, then every X3 (first send and all
   * resends) is lost. After A3 times out she restarts with (A', A); Bob must find rf2 = rf(A) and
   * the handshake must succeed without a downgrade, continuing the chain from A (chain length 2,
   * not 1 as after a zero-key fallback), in opportunistic and in strict mode (π1 = π2 = π3 = 1).
   */
  @ParameterizedTest(name = "strict={0}")
  @ValueSource(booleans = {false, true})
  void b01_interruptedHandshake_recoversThroughRf2(boolean strict) throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer bob = net.peer("bob", 2);
    RatchetState a = TestPeer.introduce(alice, bob);
    bob.requireRecognizedRatchet = strict;
    bob.acceptDecision = AcceptDecision.accept(strict, strict, null);
    int[] lostKid = {0};
    net.dropRule =
        d -> {
          if (!d.from().equals(alice.address) || !d.isX3(ID.length)) {
            return false;
          }
          if (lostKid[0] == 0) {
            lostKid[0] = d.kid();
          }
          return d.kid() == lostKid[0]; // every X3 of the first attempt, not of the next one
        };
    Session s =
        alice.open(bob, OpenOptions.builder().identity(ID).disallowDowngrade(strict).build());
    net.deliverAll();
    assertEquals(SessionState.A3, s.state());
    RatchetPair interrupted = alice.stored(bob);
    assertEquals(a, interrupted.state2(), "Alice persisted (A', A)");
    assertEquals(RatchetPair.of(a, null), bob.stored(alice), "Bob never saw an X3");

    bob.store.fingerprintsLookedUp.clear();
    net.run(12_000, 100); // A3 resends (all lost), timeout at 10 s, restart, new handshake
    assertTrue(net.dropped.size() >= 5, "X3 and its resends were lost: " + net.dropped.size());
    assertEquals(SessionState.S2, s.state(), alice.log());
    assertEquals(SessionState.S2, bob.session().state(), bob.log());
    assertTrue(
        bob.store.fingerprintsLookedUp.stream().anyMatch(f -> a.hasFingerprint(f)),
        "Bob looked up rf2 = rf(A)");
    assertTrue(alice.events(ZsspEvent.DowngradeWarning.class).isEmpty(), alice.log());
    assertTrue(
        bob.events(ZsspEvent.SessionEstablished.class).stream()
            .noneMatch(ZsspEvent.SessionEstablished::downgraded),
        bob.log());
    RatchetPair aliceNow = alice.stored(bob);
    assertEquals(aliceNow, bob.stored(alice), "ratchets in sync");
    assertNull(aliceNow.state2());
    assertNotEquals(interrupted.state1(), aliceNow.state1());
    assertEquals(2, aliceNow.state1().chainLength(), "chain continues from A (length 1)");
    assertEquals(2, bob.stored(alice).state1().chainLength());
  }

  /**
   * B2 — Alice's in-memory ratchet after X2 differs from what she stored. Alice holds (A', A) from
   * an interrupted handshake, Bob (A, none): rk2 succeeds. Her session pair must equal the stored
   * (N, A) right after X2, so the CAS at her first C1 succeeds and the session reaches S2 and
   * stays.
   */
  @Test
  void b02_successWithRk2_memoryEqualsStore() throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer bob = net.peer("bob", 2);
    RatchetState a = TestPeer.introduce(alice, bob);
    alice.store.put(bob.publicKey(), RatchetPair.of(randomState(2), a));
    Session s = alice.open(bob);
    net.deliverUntil(() -> s.state() == SessionState.A3);
    assertEquals(alice.stored(bob), probe.ratchet(s), "memory = storage after X2");
    assertEquals(a, probe.ratchet(s).state2(), "state_i = state2 (rk2 succeeded)");
    assertStaysEstablished(alice, bob, s);
  }

  /**
   * B2 with the zero-key fallback: Bob lost his storage, Alice (π2 = 0) downgrades. Her session
   * pair must be (N, state2) = (N, none), as stored, not (N, old state1), so she is not expired at
   * her first C1.
   */
  @Test
  void b02_successWithZeroFallback_memoryEqualsStore() throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer bob = net.peer("bob", 2);
    RatchetState a = TestPeer.introduce(alice, bob);
    bob.store.put(alice.publicKey(), RatchetPair.INITIAL); // Bob lost his record
    Session s = alice.open(bob);
    net.deliverUntil(() -> s.state() == SessionState.A3);
    assertEquals(1, alice.events(ZsspEvent.DowngradeWarning.class).size());
    assertEquals(alice.stored(bob), probe.ratchet(s), "memory = storage after X2");
    assertNull(probe.ratchet(s).state2(), "(N, state2) with state2 = none");
    assertNotEquals(a, probe.ratchet(s).state1());
    assertStaysEstablished(alice, bob, s);
  }

  private void assertStaysEstablished(TestPeer alice, TestPeer bob, Session s) throws Exception {
    net.deliverAll();
    assertEquals(SessionState.S2, s.state(), alice.log());
    assertEquals(alice.stored(bob), probe.ratchet(s));
    assertNull(probe.ratchet(s).state2(), "confirmed at C1 (CAS row 3)");
    assertEquals(alice.stored(bob), bob.stored(alice));
    net.run(30_000, 1_000);
    s.send(new byte[] {1}, 0, 1);
    net.deliverAll();
    assertEquals(SessionState.S2, s.state());
    assertEquals(1, bob.data.size());
    assertTrue(alice.events(ZsspEvent.SessionClosed.class).isEmpty(), alice.log());
    assertEquals(0, alice.drops(DropReason.RATCHET_STORE));
  }

  /**
   * B3 — Hello/Response storm. A strict Alice (π2 = 1) against a Bob who lost his storage: every X2
   * fails. Restarts must back off 1 s, 2 s, 4 s, 8 s, then every initialOfferTimeout (10 s): 9 X1s
   * in 60 s with service() every 100 ms (an immediate restart would storm).
   */
  @Test
  void b03_failingX2_restartsWithExponentialBackoff() throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer bob = net.peer("bob", 2);
    RatchetState a = randomState(5);
    alice.store.put(bob.publicKey(), RatchetPair.of(a, null)); // Bob has nothing
    long start = net.now;
    Session s = alice.open(bob, OpenOptions.builder().disallowDowngrade(true).build());
    net.deliverAll();
    net.run(60_000, 100);
    List<Long> x1 =
        net.sent.stream()
            .filter(d -> d.from().equals(alice.address))
            .filter(TestNetwork.Datagram::isX1Start)
            .map(d -> d.sentAt() - start)
            .toList();
    List<Long> gaps = new ArrayList<>();
    for (int i = 1; i < x1.size(); i++) {
      gaps.add(x1.get(i) - x1.get(i - 1));
    }
    long[] expected = {1_000, 2_000, 4_000, 8_000, 10_000, 10_000, 10_000, 10_000};
    assertEquals(expected.length, gaps.size(), "X1 times " + x1);
    for (int i = 0; i < expected.length; i++) {
      assertTrue(gaps.get(i) >= expected[i] && gaps.get(i) <= expected[i] + 100, "gaps " + gaps);
    }
    assertEquals(x1.size(), alice.drops(DropReason.AUTHENTICATION_FAILED), alice.log());
    assertEquals(SessionState.A1, s.state());
    assertTrue(alice.events(ZsspEvent.DowngradeWarning.class).isEmpty());
    assertEquals(RatchetPair.of(a, null), alice.stored(bob), "nothing written");
  }

  /**
   * B11 — the kid generator ignores pending half-open handshakes. With Bob's random source forced
   * to return the kid of a pending B2 (and of a live session), newKid must skip it, and both
   * handshakes must complete (a collision would overwrite the first B2).
   */
  @Test
  void b11_newKids_neverCollideWithHalfOpenOrSessionKids() throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer carol = net.peer("carol", 3);
    TestPeer bob = net.peer("bob", 2);
    Session s1 = alice.open(bob);
    net.deliverUntil(() -> s1.state() == SessionState.A3);
    List<TestNetwork.Datagram> heldX3 = net.take(d -> d.from().equals(alice.address));
    int pendingKid = probe.other(s1).sendKid; // Bob's kid_B of the pending B2
    assertEquals(1, bob.halfOpenCount());

    bob.random.forcedKids.add(pendingKid);
    assertNotEquals(pendingKid, probe.newKid(bob.ctx));
    assertTrue(bob.random.forcedKids.isEmpty());

    bob.random.forcedKids.add(pendingKid);
    Session s2 = carol.open(bob);
    net.deliverAll();
    assertTrue(bob.random.forcedKids.isEmpty(), "the forced kid was drawn for carol's B2");
    assertEquals(SessionState.S2, s2.state(), carol.log());
    assertNotEquals(pendingKid, probe.current(s2).sendKid);

    heldX3.forEach(net::deliver);
    net.deliverAll();
    assertEquals(SessionState.S2, s1.state(), alice.log());
    assertEquals(2, bob.ctx.sessions().size());
    assertEquals(pendingKid, probe.current(s1).sendKid);

    int liveKid = probe.current(s2).sendKid; // a recv kid of one of Bob's sessions
    bob.random.forcedKids.add(liveKid);
    assertNotEquals(liveKid, probe.newKid(bob.ctx));
  }

  /**
   * B12 — a transient storage error at X3 kills the handshake. The first CAS at Bob's X3 throws;
   * the B2 claim must be released, and Alice's X3 resend one second later must succeed.
   */
  @Test
  void b12_transientStoreErrorAtX3_releasesClaim_resendSucceeds() throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer bob = net.peer("bob", 2);
    bob.store.failNextCas = 1;
    Session s = alice.open(bob);
    net.deliverAll();
    assertEquals(SessionState.A3, s.state());
    assertEquals(1, bob.drops(DropReason.RATCHET_STORE));
    assertTrue(bob.ctx.sessions().isEmpty());
    assertEquals(1, bob.halfOpenCount(), "claim released");

    net.run(1_000, 100); // Alice's X3 resend
    assertEquals(SessionState.S2, s.state(), alice.log());
    assertEquals(SessionState.S2, bob.session().state());
    assertEquals(0, bob.halfOpenCount());
    assertEquals(alice.stored(bob), bob.stored(alice));
  }

  /**
   * B25 — after a ratchet conflict at X2 Alice restarts with a stale copy. Two sessions from Alice
   * to Bob race: the first advances the stored ratchet, so the second's CAS at X2 conflicts. It
   * must re-read the store before restarting and then succeed from the new pair (chain A=1 → 2 →
   * 3), without a downgrade.
   */
  @Test
  void b25_casConflictAtX2_rereadsStoreAndSucceeds() throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer bob = net.peer("bob", 2);
    RatchetState a = TestPeer.introduce(alice, bob);
    Session s1 = alice.open(bob);
    Session s2 = alice.open(bob);
    int loads = alice.store.loads;
    net.deliverAll();
    assertEquals(SessionState.S2, s1.state(), alice.log());
    assertEquals(SessionState.S2, s2.state(), alice.log());
    assertTrue(alice.drops(DropReason.RATCHET_STORE) >= 1, "the race produced a conflict");
    assertTrue(alice.store.loads > loads, "re-read after the conflict");
    assertTrue(alice.events(ZsspEvent.DowngradeWarning.class).isEmpty(), alice.log());
    RatchetPair stored = alice.stored(bob);
    assertEquals(stored, probe.ratchet(s2));
    assertEquals(stored, bob.stored(alice));
    assertEquals(a.chainLength() + 2, stored.state1().chainLength());
    s2.send(new byte[] {2}, 0, 1);
    net.deliverAll();
    assertArrayEquals(new byte[] {2}, bob.data.get(0));
  }

  /**
   * B13 and B25 together — the application may close the session when told of the conflict. A close
   * from inside that Dropped(RATCHET_STORE) callback must stick: no restart, no further X1, no kid
   * left registered.
   */
  @Test
  void b13_closeFromConflictCallback_preventsRestart() throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer bob = net.peer("bob", 2);
    TestPeer.introduce(alice, bob);
    Session s1 = alice.open(bob);
    Session s2 = alice.open(bob);
    int[] sentAtClose = {-1};
    alice.onEventHook =
        e -> {
          if (e instanceof ZsspEvent.Dropped d
              && d.reason() == DropReason.RATCHET_STORE
              && d.session() == s2) {
            s2.close();
            sentAtClose[0] = net.sent.size();
          }
        };
    net.deliverAll();
    assertTrue(sentAtClose[0] >= 0, "conflict reported");
    assertEquals(SessionState.S2, s1.state());
    assertEquals(SessionState.CLOSED, s2.state());
    assertFalse(
        net.sent.subList(sentAtClose[0], net.sent.size()).stream()
            .anyMatch(TestNetwork.Datagram::isX1),
        "no X1 after the close");
    assertEquals(List.of(s1), alice.ctx.sessions());
    assertEquals(1, bob.ctx.sessions().size());
    assertEquals(0, alice.drops(DropReason.INTERNAL_ERROR));
    long unknown = alice.drops(DropReason.UNKNOWN_KEY_ID);
    byte[] stray = new byte[32];
    System.arraycopy(Kid.bytes(probe.other(s2).recvKid), 0, stray, 0, 4);
    alice.ctx.receive(bob.address, stray, 0, stray.length);
    assertEquals(unknown + 1, alice.drops(DropReason.UNKNOWN_KEY_ID), "pending kid unregistered");
  }
}
