package io.zssp.conformance.sim;

import io.zssp.api.ContextConfig;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspSettings;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Scenario 2: one session kept for simulated days over a moderately lossy link, with a short rekey
 * interval and periodic traffic. Rekeys must keep completing, both sides must report the same
 * rekeys (same chain lengths, in order, strictly increasing), the session must never need
 * re-establishing, the stored ratchets must agree every time both sides are idle (sampled every ten
 * virtual minutes) and at the end, and every owed payload must arrive exactly once.
 */
final class RekeyScenario {
  private static final long DAY_MILLIS = 86_400_000L;

  private RekeyScenario() {}

  static SeedOutcome run(long seed, Function<ContextConfig, ZsspContext> factory, long days) {
    Random r = SimWorld.parameters(seed);
    double loss = r.nextDouble() * 0.3;
    double dup = r.nextBoolean() ? 0 : r.nextDouble() * 0.1;
    long jitter = r.nextInt(501);
    long after = 20 * 60_000L + r.nextInt(20 * 60_000);
    ZsspSettings settings =
        ZsspSettings.builder()
            .rekeyAfterMillis(after)
            .rekeyMaxJitterMillis(1 + r.nextInt(5 * 60_000))
            .build();
    int minMtu = TwoPeerScenario.minMtuForX2(loss);
    int mtuA = minMtu + r.nextInt(1501 - minMtu);
    int mtuB = minMtu + r.nextInt(1501 - minMtu);
    String params =
        String.format(
            "loss %.2f dup %.2f jitter %d mtu %d/%d rekey %.1f min, %d days",
            loss, dup, jitter, mtuA, mtuB, after / 60_000.0, days);

    SimWorld w = new SimWorld(seed, factory, settings);
    w.duplicatesPossible = dup > 0;
    w.net.setDefaultProfile(new LinkProfile(loss, dup, 5, jitter));
    SimPeer alice = w.addPeer("alice", mtuA, SecurityFlags.OPPORTUNISTIC);
    SimPeer bob = w.addPeer("bob", mtuB, SecurityFlags.OPPORTUNISTIC);
    alice.start();
    bob.start();
    alice.dialer.dial(bob);
    SeedOutcome o = new SeedOutcome(seed, params);
    long t0 = w.net.nowMillis();
    if (!w.net.runUntil(t0 + 300_000, () -> w.pairUp(alice, bob))) {
      o.failures.add("no session within 300 s");
      return o.collect(w);
    }
    o.establishMillis = w.net.nowMillis() - t0;
    long opensAtUp = alice.stats.opens; // > 1 if the first handshake needed the app's re-open
    long acceptsAtUp = bob.stats.accepted;
    long end = t0 + days * DAY_MILLIS;
    Traffic.Profile periodic = new Traffic.Profile(10_000, 60_000, 0.05, Integer.MAX_VALUE);
    Traffic.start(alice, bob, periodic, end);
    Traffic.start(bob, alice, periodic, end);
    long[] syncChecks = new long[1];
    sampleSync(w, alice, bob, end, syncChecks);
    w.net.runUntil(end + jitter + 10);
    boolean idle = w.net.runUntil(end + 300_000, () -> w.pairIdle(alice, bob));
    o.check(idle, "sessions not both idle in S2 within 300 s of the end");
    long chain = idle ? w.checkRatchetsInSync(alice, bob) : -1;
    o.collect(w);

    long rekeysA = alice.stats.rekeys;
    long minRekeys = (days * DAY_MILLIS) / (after + 120_000) - 1;
    o.check(
        rekeysA >= minRekeys,
        "only " + rekeysA + " rekeys in " + days + " days, expected >= " + minRekeys);
    o.check(
        alice.stats.rekeyLog.equals(bob.stats.rekeyLog),
        "the two sides report different "
            + "rekeys: alice "
            + tail(alice.stats.rekeyLog)
            + " bob "
            + tail(bob.stats.rekeyLog));
    o.check(
        strictlyIncreasing(alice.stats.rekeyLog),
        "chain lengths not increasing: " + tail(alice.stats.rekeyLog));
    o.check(
        alice.stats.opens == opensAtUp && bob.stats.accepted == acceptsAtUp,
        "session was re-established: " + alice.stats + " / " + bob.stats);
    o.check(
        !idle || chain == 1 + rekeysA,
        "final chain length " + chain + " after " + rekeysA + " rekeys");
    o.check(syncChecks[0] > days * 24, "ratchets compared only " + syncChecks[0] + " times");
    for (SimPeer p : w.peers()) {
      o.check(p.stats.unexpectedCloses() == 0, p.name + ": unexpected close: " + p.stats.closed);
    }
    return o;
  }

  /** Every ten virtual minutes: if both sides are idle, their ratchets must agree. */
  private static void sampleSync(SimWorld w, SimPeer a, SimPeer b, long end, long[] count) {
    long now = w.net.nowMillis();
    if (now >= end) {
      return;
    }
    if (w.pairIdle(a, b)) {
      w.checkRatchetsInSync(a, b);
      count[0]++;
    }
    w.net.schedule(now + 600_000, () -> sampleSync(w, a, b, end, count));
  }

  private static boolean strictlyIncreasing(List<String> log) {
    long last = -1;
    for (String e : log) {
      long c = Long.parseLong(e.substring(e.indexOf('@') + 1));
      if (c <= last) {
        return false;
      }
      last = c;
    }
    return true;
  }

  private static String tail(List<String> log) {
    return log.subList(Math.max(0, log.size() - 5), log.size()).toString();
  }
}
