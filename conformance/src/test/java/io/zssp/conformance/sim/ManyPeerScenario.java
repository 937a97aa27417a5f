package io.zssp.conformance.sim;

import io.zssp.api.ContextConfig;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

/**
 * Scenario 4: eight peers on one shared lossy network, each opening sessions to two random others
 * (one initiator per pair), traffic both ways on every pair, rekeys every minute, and one peer
 * restarting mid-run (keeping its store). Every pair must establish, re-establish after the restart
 * without downgrade or rejection, end idle with agreeing ratchets, and every owed payload must
 * arrive exactly once, at the right peer, on the right session.
 */
final class ManyPeerScenario {
  private static final int PEERS = 8;
  private static final long TRAFFIC_MILLIS = 180_000;

  private ManyPeerScenario() {}

  static SeedOutcome run(long seed, Function<ContextConfig, ZsspContext> factory) {
    Random r = SimWorld.parameters(seed);
    double loss = r.nextDouble() * 0.2;
    double dup = r.nextBoolean() ? 0 : r.nextDouble() * 0.1;
    long jitter = r.nextInt(501);
    ZsspSettings settings =
        ZsspSettings.builder().rekeyAfterMillis(60_000).rekeyMaxJitterMillis(10_000).build();
    SimWorld w = new SimWorld(seed, factory, settings);
    w.duplicatesPossible = dup > 0;
    w.net.setDefaultProfile(new LinkProfile(loss, dup, 5, jitter));
    int minMtu = TwoPeerScenario.minMtuForX2(loss);
    List<SimPeer> peers = new ArrayList<>();
    for (int i = 0; i < PEERS; i++) {
      SimPeer p =
          w.addPeer("p" + i, minMtu + r.nextInt(1501 - minMtu), SecurityFlags.OPPORTUNISTIC);
      peers.add(p);
    }
    List<SimPeer[]> pairs = new ArrayList<>();
    for (SimPeer p : peers) {
      for (int k = 0; k < 2; k++) {
        List<SimPeer> free = new ArrayList<>();
        for (SimPeer q : peers) {
          if (q != p && !contains(pairs, p, q)) {
            free.add(q);
          }
        }
        if (!free.isEmpty()) { // everyone else may already have picked p
          pairs.add(new SimPeer[] {p, free.get(r.nextInt(free.size()))});
        }
      }
    }
    SimPeer victim = peers.get(r.nextInt(PEERS));
    SeedOutcome o =
        new SeedOutcome(
            seed,
            String.format(
                "loss %.2f dup %.2f jitter %d, %d pairs, " + "restart %s",
                loss, dup, jitter, pairs.size(), victim.name));
    peers.forEach(SimPeer::start);
    long t0 = w.net.nowMillis();
    for (SimPeer[] pair : pairs) {
      pair[0].dialer.dial(pair[1]);
    }
    if (!w.net.runUntil(t0 + 120_000, () -> allUp(w, pairs))) {
      o.failures.add("not all pairs up within 120 s: " + down(w, pairs));
      return o.collect(w);
    }
    o.establishMillis = w.net.nowMillis() - t0;
    long stop = w.net.nowMillis() + TRAFFIC_MILLIS;
    Traffic.Profile profile = new Traffic.Profile(100, 900, 0.1, Integer.MAX_VALUE);
    for (SimPeer p : peers) {
      p.dialer.silenceMillis = 15_000; // the keep-alive needs the traffic
    }
    for (SimPeer[] pair : pairs) {
      Traffic.start(pair[0], pair[1], profile, stop);
      Traffic.start(pair[1], pair[0], profile, stop);
    }
    w.net.schedule(w.net.nowMillis() + 30_000 + r.nextInt(90_000), () -> victim.restart(false));
    w.net.runUntil(stop + jitter + 10);
    boolean idle = w.net.runUntil(stop + 180_000, () -> allIdle(w, pairs));
    o.check(idle, "not all pairs idle within 180 s after the traffic: " + down(w, pairs));
    if (idle) {
      for (SimPeer[] pair : pairs) {
        w.checkRatchetsInSync(pair[0], pair[1]);
      }
    }
    o.collect(w);
    for (SimPeer p : peers) {
      SimStats s = p.stats;
      o.check(
          s.downgradeWarnings == 0 && s.acceptedDowngraded == 0 && s.rejected == 0,
          p.name + ": downgrade or rejection: " + s);
      o.check(
          s.unexpectedCloses() == 0 || p == victim || isPartnerOf(pairs, p, victim),
          p.name + ": unexpected close: " + s.closed);
    }
    return o;
  }

  private static boolean contains(List<SimPeer[]> pairs, SimPeer a, SimPeer b) {
    for (SimPeer[] p : pairs) {
      if ((p[0] == a && p[1] == b) || (p[0] == b && p[1] == a)) {
        return true;
      }
    }
    return false;
  }

  private static boolean isPartnerOf(List<SimPeer[]> pairs, SimPeer p, SimPeer victim) {
    return contains(pairs, p, victim);
  }

  private static boolean allUp(SimWorld w, List<SimPeer[]> pairs) {
    return pairs.stream().allMatch(p -> w.pairUp(p[0], p[1]));
  }

  private static boolean allIdle(SimWorld w, List<SimPeer[]> pairs) {
    return pairs.stream().allMatch(p -> w.pairIdle(p[0], p[1]));
  }

  private static String down(SimWorld w, List<SimPeer[]> pairs) {
    StringBuilder sb = new StringBuilder();
    for (SimPeer[] p : pairs) {
      if (!w.pairIdle(p[0], p[1])) {
        sb.append(p[0].name).append("->").append(p[1].name).append(' ');
      }
    }
    return sb.toString();
  }
}
