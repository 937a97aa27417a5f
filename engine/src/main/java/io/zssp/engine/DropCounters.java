package io.zssp.engine;

import io.zssp.api.DropReason;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Drop counts by reason, updated from any thread without contention (one adder per reason). */
final class DropCounters {
  private final LongAdder[] counts = new LongAdder[DropReason.values().length];

  DropCounters() {
    for (int i = 0; i < counts.length; i++) {
      counts[i] = new LongAdder();
    }
  }

  void count(DropReason reason) {
    counts[reason.ordinal()].increment();
  }

  long get(DropReason reason) {
    return counts[reason.ordinal()].sum();
  }

  /** The non-zero counts (a snapshot; concurrent drops may or may not be included). */
  Map<DropReason, Long> snapshot() {
    EnumMap<DropReason, Long> out = new EnumMap<>(DropReason.class);
    for (DropReason r : DropReason.values()) {
      long n = counts[r.ordinal()].sum();
      if (n != 0) {
        out.put(r, n);
      }
    }
    return Map.copyOf(out);
  }
}
