package io.zssp.conformance.sim;

import io.zssp.api.ChallengePolicy;
import io.zssp.api.ContextConfig;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspSettings;
import java.util.Random;
import java.util.function.Function;

/**
 * Scenario 1: Alice and Bob over one lossy, reordering, duplicating link with random MTUs; Alice
 * opens, both send numbered payloads of every size while established, then the link drains.
 *
 * <p>Loss is drawn up to 50 % per direction. One combination cannot work by design and is not
 * drawn: Bob sends X2 once per X1 he assembles (it is never resent on its own), so an X2 of f
 * fragments arrives with probability (1 − loss)^f; at MTU 128 (15 fragments) and 50 % loss that is
 * 3·10^-5, and no implementation of the protocol could establish in bounded time. Bob's MTU is
 * therefore drawn from the range where one X2 arrives with probability at least 10 %. In the worst
 * corner drawn (a 16-fragment X1 and an X2 arriving with p = 0.1, both at 50 % loss) establishing
 * takes about a minute on average; the limit is 600 s.
 *
 * <p>One seed in eight has Bob demand the proof-of-work challenge for every X1 (§12). Its loss is
 * drawn up to 30 % only: the answered X1 keeps the header nonce of the unanswered one (§12.2), so
 * in Bob's hello cache its fragments mix with stale ones that are never replaced (§6.7), and with a
 * 10 s A1 cycle that restarts it all, a 14-fragment X1 at 45 % loss succeeds in about one cycle in
 * 30 (found by the 20000-seed soak: seeds 20643, 20716, 28316 did not establish in 300 s).
 */
final class TwoPeerScenario {
  private static final long ESTABLISH_LIMIT_MILLIS = 600_000;
  private static final long TRAFFIC_MILLIS = 10_000;
  private static final long DRAIN_MILLIS = 60_000;

  private TwoPeerScenario() {}

  static SeedOutcome run(long seed, Function<ContextConfig, ZsspContext> factory) {
    Random r = SimWorld.parameters(seed);
    boolean clean = r.nextInt(10) == 0;
    boolean challenge = r.nextInt(8) == 0;
    double maxLoss = challenge ? 0.3 : 0.5;
    double lossAb = clean ? 0 : r.nextDouble() * maxLoss;
    double lossBa = clean ? 0 : r.nextDouble() * maxLoss;
    double dup = clean || r.nextBoolean() ? 0 : r.nextDouble() * 0.2;
    long delay = 1 + r.nextInt(100);
    long jitter = r.nextInt(4) == 0 ? 0 : r.nextInt(1001);
    int mtuA = 128 + r.nextInt(1373);
    int minMtuB = minMtuForX2(lossBa);
    int mtuB = minMtuB + r.nextInt(1500 - minMtuB + 1);
    ZsspSettings settings = ZsspSettings.DEFAULTS;
    if (r.nextInt(10) < 3) {
      long after = 8_000 + r.nextInt(12_001);
      settings =
          ZsspSettings.builder()
              .rekeyAfterMillis(after)
              .rekeyMaxJitterMillis(1 + r.nextInt(3_000))
              .build();
    }
    String params =
        String.format(
            "loss %.2f/%.2f dup %.2f delay %d+%d mtu %d/%d rekey %ds",
            lossAb, lossBa, dup, delay, jitter, mtuA, mtuB, settings.rekeyAfterMillis() / 1000);

    SimWorld w = new SimWorld(seed, factory, settings);
    w.duplicatesPossible = dup > 0;
    SimPeer alice = w.addPeer("alice", mtuA, SecurityFlags.OPPORTUNISTIC);
    SimPeer bob = w.addPeer("bob", mtuB, SecurityFlags.OPPORTUNISTIC);
    w.net.setLink(alice.address, bob.address, new LinkProfile(lossAb, dup, delay, jitter));
    w.net.setLink(bob.address, alice.address, new LinkProfile(lossBa, dup, delay, jitter));
    alice.identityPadding = r.nextInt(300);
    if (challenge) {
      w.challengePolicy = ChallengePolicy.ALWAYS;
      params += " challenge";
    }
    alice.start();
    bob.start();
    long t0 = w.net.nowMillis();
    alice.dialer.dial(bob);
    SeedOutcome o = new SeedOutcome(seed, params);
    if (!w.net.runUntil(t0 + ESTABLISH_LIMIT_MILLIS, () -> w.pairUp(alice, bob))) {
      o.failures.add("no session within " + ESTABLISH_LIMIT_MILLIS / 1000 + " s");
      return o.collect(w);
    }
    o.establishMillis = w.net.nowMillis() - t0;
    long stop = w.net.nowMillis() + TRAFFIC_MILLIS;
    Traffic.start(alice, bob, Traffic.Profile.BUSY, stop);
    Traffic.start(bob, alice, Traffic.Profile.BUSY, stop);
    // Drain: no more sends; let every datagram land, then stop when both sessions are idle in S2.
    w.net.runUntil(stop + Math.max(alice.maxDelayTo(bob), bob.maxDelayTo(alice)) + 1);
    boolean idle = w.net.runUntil(stop + DRAIN_MILLIS, () -> w.pairIdle(alice, bob));
    o.check(idle, "sessions not both idle in S2 within " + DRAIN_MILLIS / 1000 + " s of draining");
    if (idle) {
      o.check(w.checkRatchetsInSync(alice, bob) >= 1, "chain length below 1");
    }
    o.collect(w);
    o.check(!challenge || bob.stats.challengesIssued > 0, "ChallengePolicy.ALWAYS, no challenge");
    if (lossAb == 0 && lossBa == 0) {
      o.check(
          o.delivered == o.sent,
          "lossless link: " + o.sent + " sent, " + o.delivered + " delivered");
    }
    for (SimPeer p : w.peers()) {
      o.check(
          p.stats.downgradeWarnings == 0
              && p.stats.acceptedDowngraded == 0
              && p.stats.rejected == 0,
          p.name + ": unexpected downgrade or rejection: " + p.stats);
      o.check(p.stats.unexpectedCloses() == 0, p.name + ": unexpected close: " + p.stats.closed);
    }
    return o;
  }

  /** The smallest MTU at which one X2 (1653 bytes, never resent) arrives with p ≥ 0.1. */
  static int minMtuForX2(double loss) {
    int maxFragments =
        loss <= 0 ? 48 : (int) Math.min(48, Math.floor(Math.log(0.1) / Math.log(1 - loss)));
    return Math.max(128, 16 + (1653 + maxFragments - 1) / maxFragments);
  }
}
