package io.zssp.conformance.sim;

import io.zssp.api.ContextConfig;
import io.zssp.api.DropReason;
import io.zssp.api.RatchetPair;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspSettings;
import io.zssp.crypto.DefaultCryptoProvider;
import java.util.Random;
import java.util.function.Function;

/**
 * Scenario 3b: one side restarts having lost its ratchet store, under each combination of the
 * security flags of §9.7 that decides the outcome. Alice and Bob first establish (introduced by a
 * one-time password when π1 is set) and exchange pings; then the victim restarts with an empty
 * store, and the network runs for {@link #OBSERVE_MILLIS}. Seeds with {@code seed % 3 == 1} run on
 * a lossless link, where the expected event counts are exact; other seeds lose up to 15 %.
 */
final class StoreLossScenario {
  static final long OBSERVE_MILLIS = 90_000;

  /** Who loses the store, the flags of each side, and what must follow (§9.7 table). */
  enum Case {
    /** Bob holds a record, Alice sends zeros: NewDowngradedSession; no warning at Alice. */
    OPPORTUNISTIC_ALICE_LOSES(false, SecurityFlags.OPPORTUNISTIC, SecurityFlags.OPPORTUNISTIC),
    /** Bob knows no fingerprint: Alice's zero-key fallback, DowngradedRatchetKey at Alice. */
    OPPORTUNISTIC_BOB_LOSES(true, SecurityFlags.OPPORTUNISTIC, SecurityFlags.OPPORTUNISTIC),
    /** π1 at Bob drops Alice's zero-fingerprint X1: no session. */
    STRICT_ALICE_LOSES(false, SecurityFlags.STRICT, SecurityFlags.STRICT),
    /** π1 at Bob drops the X1 whose fingerprints he no longer knows: no session. */
    STRICT_BOB_LOSES(true, SecurityFlags.STRICT, SecurityFlags.STRICT),
    /** Only π2 (Alice): Bob answers with the zero ratchet, Alice refuses it (auth failure). */
    PI2_BOB_LOSES(true, new SecurityFlags(false, true, false, false), SecurityFlags.OPPORTUNISTIC),
    /** Only π3 (Bob): Bob rejects Alice's zero ratchet at X3 and sends D. */
    PI3_ALICE_LOSES(
        false, SecurityFlags.OPPORTUNISTIC, new SecurityFlags(false, false, true, false)),
    /** π3 + π4 (Bob): the same rejection, silently. */
    PI3_PI4_ALICE_LOSES(
        false, SecurityFlags.OPPORTUNISTIC, new SecurityFlags(false, false, true, true));

    final boolean bobLoses;
    final SecurityFlags alice;
    final SecurityFlags bob;

    Case(boolean bobLoses, SecurityFlags alice, SecurityFlags bob) {
      this.bobLoses = bobLoses;
      this.alice = alice;
      this.bob = bob;
    }

    boolean reconnects() {
      return this == OPPORTUNISTIC_ALICE_LOSES || this == OPPORTUNISTIC_BOB_LOSES;
    }
  }

  private StoreLossScenario() {}

  static SeedOutcome run(long seed, Case c, Function<ContextConfig, ZsspContext> factory) {
    Random r = SimWorld.parameters(seed);
    boolean lossless = seed % 3 == 1;
    double loss = lossless ? 0 : r.nextDouble() * 0.15;
    long jitter = lossless ? 0 : r.nextInt(301);
    int minMtu = TwoPeerScenario.minMtuForX2(loss);
    int mtuA = minMtu + r.nextInt(1501 - minMtu);
    int mtuB = minMtu + r.nextInt(1501 - minMtu);
    SeedOutcome o =
        new SeedOutcome(
            seed, String.format("%s loss %.2f jitter %d mtu %d/%d", c, loss, jitter, mtuA, mtuB));
    SimWorld w = new SimWorld(seed, factory, ZsspSettings.DEFAULTS);
    w.expectAuthenticationFailures = c == Case.PI2_BOB_LOSES;
    w.net.setDefaultProfile(new LinkProfile(loss, 0, 5, jitter));
    SimPeer alice = w.addPeer("alice", mtuA, c.alice);
    SimPeer bob = w.addPeer("bob", mtuB, c.bob);
    if (c.alice.pi1() || c.bob.pi1()) {
      w.introduce(alice, bob, DefaultCryptoProvider.create());
    }
    alice.dialer.silenceMillis = 15_000;
    alice.start();
    bob.start();
    alice.dialer.dial(bob);
    long t0 = w.net.nowMillis();
    long end = t0 + 1_000_000;
    Traffic.start(alice, bob, Traffic.Profile.PINGS, end);
    Traffic.start(bob, alice, Traffic.Profile.PINGS, end);
    if (!w.net.runUntil(t0 + 120_000, () -> w.pairIdle(alice, bob))) {
      o.failures.add("no first session within 120 s");
      return o.collect(w);
    }
    w.checkRatchetsInSync(alice, bob);
    w.net.runUntil(w.net.nowMillis() + 5_000 + r.nextInt(15_000));
    SimPeer victim = c.bobLoses ? bob : alice;
    SimPeer other = c.bobLoses ? alice : bob;
    RatchetPair othersBefore = other.storedPairFor(victim);
    SimStats a0 = snapshot(alice);
    SimStats b0 = snapshot(bob);
    long unrecognized0 = bob.drops(DropReason.UNRECOGNIZED_RATCHET);
    long authFailed0 = alice.drops(DropReason.AUTHENTICATION_FAILED);
    victim.restart(true);
    long lossAt = w.net.nowMillis();
    long newAlice = 0;
    if (c.reconnects()) {
      boolean up = w.net.runUntil(lossAt + OBSERVE_MILLIS, () -> w.pairIdle(alice, bob));
      o.check(up, "no new session within " + OBSERVE_MILLIS / 1000 + " s of the store loss");
      if (up) {
        o.check(w.checkRatchetsInSync(alice, bob) == 1, "the new chain does not start at 1");
      }
    } else {
      w.net.runUntil(lossAt + OBSERVE_MILLIS);
      o.check(
          alice.stats.established == a0.established && bob.stats.accepted == b0.accepted,
          "a session was established although the flags forbid it: "
              + alice.stats
              + " / "
              + bob.stats);
      o.check(
          other.storedPairFor(victim).equals(othersBefore),
          other.name
              + "'s ratchet record changed: "
              + othersBefore
              + " -> "
              + other.storedPairFor(victim));
    }
    newAlice = alice.stats.downgradeWarnings - a0.downgradeWarnings;
    long newDowngradedAccepts = bob.stats.acceptedDowngraded - b0.acceptedDowngraded;
    long rejections = alice.stats.rejected - a0.rejected;
    switch (c) {
      case OPPORTUNISTIC_ALICE_LOSES -> {
        o.check(newAlice == 0, "Alice warned " + newAlice + " times (first contact for her)");
        o.check(
            lossless ? newDowngradedAccepts == 1 : newDowngradedAccepts >= 1,
            "NewDowngradedSession count " + newDowngradedAccepts);
      }
      case OPPORTUNISTIC_BOB_LOSES -> {
        o.check(lossless ? newAlice == 1 : newAlice >= 1, "DowngradedRatchetKey count " + newAlice);
        o.check(
            newDowngradedAccepts == 0,
            "Bob had no record, yet " + newDowngradedAccepts + " downgraded accepts");
      }
      case STRICT_ALICE_LOSES, STRICT_BOB_LOSES -> {
        o.check(
            bob.drops(DropReason.UNRECOGNIZED_RATCHET) > unrecognized0, "π1 never dropped an X1");
        o.check(rejections == 0 && newAlice == 0, "unexpected rejection or warning");
      }
      case PI2_BOB_LOSES -> {
        o.check(
            alice.drops(DropReason.AUTHENTICATION_FAILED) > authFailed0,
            "Alice never refused the zero-ratchet X2");
        o.check(newAlice == 0, "Alice downgraded despite π2");
      }
      case PI3_ALICE_LOSES -> o.check(rejections >= 1, "Bob never rejected (no D)");
      case PI3_PI4_ALICE_LOSES -> o.check(rejections == 0, "a silent rejection sent D");
      default -> throw new AssertionError(c);
    }
    return o.collect(w);
  }

  private static SimStats snapshot(SimPeer p) {
    SimStats s = new SimStats();
    s.established = p.stats.established;
    s.accepted = p.stats.accepted;
    s.downgradeWarnings = p.stats.downgradeWarnings;
    s.acceptedDowngraded = p.stats.acceptedDowngraded;
    s.rejected = p.stats.rejected;
    return s;
  }
}
