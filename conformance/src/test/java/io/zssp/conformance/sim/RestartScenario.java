package io.zssp.conformance.sim;

import io.zssp.api.ContextConfig;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspSettings;
import io.zssp.crypto.DefaultCryptoProvider;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Scenario 3a: persistent (strict) mode with process restarts. Alice and Bob were introduced by a
 * one-time password (§9.2) and set π1 = π2 = π3 = 1, so no session can ever fall back to the zero
 * ratchet. Either process restarts at random moments (mid-handshake, mid-rekey, mid-traffic),
 * keeping its static key and ratchet store; Alice's application re-opens (on close, on a handshake
 * deadline, or after 15 s without data, which is how she notices that Bob restarted).
 *
 * <p>Required: the session re-establishes after every restart without a single downgrade or
 * rejection (both stores always share a ratchet, §9.4/§9.6), the chain length at each establishment
 * strictly increases on both sides (continuity, never a reset), the stored ratchets agree once
 * idle, and every owed payload arrives exactly once.
 */
final class RestartScenario {
  private static final long RUN_MILLIS = 600_000;
  private static final long RECOVERY_LIMIT_MILLIS = 180_000;

  private RestartScenario() {}

  static SeedOutcome run(long seed, Function<ContextConfig, ZsspContext> factory) {
    Random r = SimWorld.parameters(seed);
    double loss = r.nextDouble() * 0.2;
    double dup = r.nextBoolean() ? 0 : r.nextDouble() * 0.1;
    long jitter = r.nextInt(501);
    int minMtu = TwoPeerScenario.minMtuForX2(loss);
    int mtuA = minMtu + r.nextInt(1501 - minMtu);
    int mtuB = minMtu + r.nextInt(1501 - minMtu);
    ZsspSettings settings =
        ZsspSettings.builder().rekeyAfterMillis(30_000).rekeyMaxJitterMillis(5_000).build();
    String params =
        String.format("loss %.2f dup %.2f jitter %d mtu %d/%d", loss, dup, jitter, mtuA, mtuB);

    SimWorld w = new SimWorld(seed, factory, settings);
    w.duplicatesPossible = dup > 0;
    w.net.setDefaultProfile(new LinkProfile(loss, dup, 5, jitter));
    SimPeer alice = w.addPeer("alice", mtuA, SecurityFlags.STRICT);
    SimPeer bob = w.addPeer("bob", mtuB, SecurityFlags.STRICT);
    w.introduce(alice, bob, DefaultCryptoProvider.create());
    alice.dialer.silenceMillis = 15_000;
    alice.start();
    bob.start();
    alice.dialer.dial(bob);
    long t0 = w.net.nowMillis();
    long end = t0 + RUN_MILLIS;
    Traffic.start(alice, bob, Traffic.Profile.PINGS, end);
    Traffic.start(bob, alice, Traffic.Profile.PINGS, end);
    long at = t0;
    while (true) {
      at += 1_000 + r.nextInt(90_000);
      if (at >= end) {
        break;
      }
      SimPeer victim = r.nextBoolean() ? alice : bob;
      w.net.schedule(at, () -> victim.restart(false));
    }
    w.net.runUntil(end);
    SeedOutcome o = new SeedOutcome(seed, params);
    boolean idle = w.net.runUntil(end + RECOVERY_LIMIT_MILLIS, () -> w.pairIdle(alice, bob));
    o.check(
        idle,
        "no idle session pair within "
            + RECOVERY_LIMIT_MILLIS / 1000
            + " s after the last restart");
    long chain = idle ? w.checkRatchetsInSync(alice, bob) : -1;
    o.collect(w);
    o.check(!idle || chain >= 2, "chain length " + chain + " (the OTP ratchet has length 1)");
    for (SimPeer p : w.peers()) {
      SimStats s = p.stats;
      o.check(
          s.downgradeWarnings == 0 && s.acceptedDowngraded == 0 && s.rejected == 0,
          p.name + ": downgrade or rejection with surviving stores: " + s);
      o.check(
          strictlyIncreasing(s.chainAtEstablishment),
          p.name
              + ": chain length at establishment did not strictly increase: "
              + s.chainAtEstablishment);
    }
    o.check(o.restarts >= 5, "only " + o.restarts + " restarts");
    o.check(alice.stats.established >= 1, "never established");

    return o;
  }

  static boolean strictlyIncreasing(List<Long> values) {
    for (int i = 1; i < values.size(); i++) {
      if (values.get(i) <= values.get(i - 1)) {
        return false;
      }
    }
    return true;
  }
}
