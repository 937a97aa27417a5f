package io.zssp.conformance.sim;

import io.zssp.api.ContextConfig;
import io.zssp.api.DropReason;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspSettings;
import java.util.function.Function;

/**
 * A scripted run (found by the restart soak, seed 79 of {@link RestartScenario}): Alice's session
 * restarts from A3 after it already accepted data from Bob, then completes with a new Bob session.
 *
 * <ol>
 *   <li>Bob's C1s (his only 32-byte datagrams here) are dropped, so Alice stays in A3 while Bob, in
 *       S1, sends 5 payloads (session counters 1..5). Alice accepts them on the pending key set (P
 *       is valid in A3, §11.5), which sets her anti-replay window (§10.2).
 *   <li>Alice's A3 times out (T5): new kid, keys and X1, same session. Bob accepts the new X3 as a
 *       new session (his application closes the first), whose send counter starts again at 0.
 *   <li>Once established, the new Bob session sends 5 payloads with counters 1..5.
 * </ol>
 *
 * Those 5 must be delivered: they are authentic packets of the live session pair, and every key
 * they could be confused with is retired. An implementation that keeps the session's replay window
 * across T5 (as ZSSP-SPEC §11.3 T5 and the whitepaper's δ(A3, τ) = A1 literally do) rejects them as
 * REPLAYED; so would it reject the new session's C1 resends, until the new counter overtakes the
 * old one.
 */
final class A3RestartScenario {
  private A3RestartScenario() {}

  static SeedOutcome run(long seed, Function<ContextConfig, ZsspContext> factory) {
    SimWorld w = new SimWorld(seed, factory, ZsspSettings.DEFAULTS);
    SimPeer alice = w.addPeer("alice", 1500, SecurityFlags.OPPORTUNISTIC);
    SimPeer bob = w.addPeer("bob", 1500, SecurityFlags.OPPORTUNISTIC);
    boolean[] dropBobsC1 = {true};
    w.net.setFilter((from, to, d) -> dropBobsC1[0] && from.equals(bob.address) && d.length == 32);
    alice.start();
    bob.start();
    alice.dialer.dial(bob);
    SeedOutcome o = new SeedOutcome(seed, "scripted");
    long t0 = w.net.nowMillis();
    o.check(w.net.runUntil(t0 + 5_000, () -> bob.liveSession(alice) != null), "Bob never accepted");
    for (int i = 0; i < 5; i++) {
      o.check(bob.sendPayload(alice, 100) == 100, "Bob could not send in S1");
      w.net.runUntil(w.net.nowMillis() + 100);
    }
    o.check(
        alice.stats.payloadsDelivered == 5,
        "Alice (A3) received " + alice.stats.payloadsDelivered + " of Bob's 5 payloads sent in S1");
    o.check(
        w.net.runUntil(t0 + 15_000, () -> alice.liveSession(bob).state() == SessionState.A1),
        "Alice never left A3");
    dropBobsC1[0] = false;
    o.check(w.net.runUntil(t0 + 30_000, () -> w.pairUp(alice, bob)), "no session after T5");
    o.check(bob.stats.accepted == 2, "Bob accepted " + bob.stats.accepted + " sessions");
    long replayed = alice.drops(DropReason.REPLAYED);
    for (int i = 0; i < 5; i++) {
      bob.sendPayload(alice, 100);
      w.net.runUntil(w.net.nowMillis() + 100);
    }
    w.net.runUntil(w.net.nowMillis() + 2_000);
    o.check(
        alice.stats.payloadsDelivered == 10,
        "after T5 Alice received "
            + (alice.stats.payloadsDelivered - 5)
            + " of the new Bob session's 5 payloads; "
            + (alice.drops(DropReason.REPLAYED) - replayed)
            + " were dropped as REPLAYED");
    return o.collect(w);
  }
}
