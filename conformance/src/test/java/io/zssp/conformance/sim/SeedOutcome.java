package io.zssp.conformance.sim;

import io.zssp.api.DropReason;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** What one seed of a scenario produced: its failures and the numbers for the summary line. */
final class SeedOutcome {
  final long seed;
  final String params;
  final List<String> failures = new ArrayList<>();
  String traces = "";

  /** The network's counters (equal for equal seeds: the replay check). */
  String netStats = "";

  long handshakes;
  long rekeys;
  long restarts;
  long sent;
  long delivered;
  long owed;
  long virtualMillis;

  /** Virtual time from the first open to the first time the pair was up, if measured. */
  long establishMillis;

  /** Drops by reason, summed over every peer and process generation. */
  final Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);

  SeedOutcome(long seed, String params) {
    this.seed = seed;
    this.params = params;
  }

  /** Fills the numbers and failures from a finished world. */
  SeedOutcome collect(SimWorld w) {
    failures.addAll(w.violations());
    handshakes = w.sum(s -> s.established);
    rekeys = w.sum(s -> s.rekeys) / 2; // each rekey is reported by both sides
    restarts = w.sum(s -> s.restarts);
    sent = w.ledger.sent();
    delivered = w.ledger.delivered();
    owed = w.ledger.owed();
    virtualMillis = w.net.nowMillis() - SimWorld.START_MILLIS;
    netStats = w.net.stats();
    for (SimPeer p : w.peers()) {
      p.dropSummary().forEach((r, n) -> drops.merge(r, n, Long::sum));
    }
    if (!failures.isEmpty()) {
      traces = w.traces() + w.net.stats();
    }
    return this;
  }

  /** Records a failure if {@code ok} is false. */
  void check(boolean ok, String what) {
    if (!ok) {
      failures.add(what);
    }
  }
}
