package io.zssp.micrometer;

import io.micrometer.core.instrument.Clock;
import io.zssp.api.ContextStats;
import io.zssp.api.ZsspContext;

/**
 * One {@link ZsspContext#stats()} snapshot shared by every meter of a {@link ZsspMetrics} for up to
 * {@code maxAgeNanos}: a scrape reads some forty meters, and each would otherwise take a snapshot
 * of its own (which counts sessions). The meters of one scrape then also agree with each other.
 * Thread-safe.
 */
final class StatsCache {
  private final ZsspContext context;
  private final Clock clock;
  private final long maxAgeNanos;
  private ContextStats last; // guarded by this
  private long takenAt; // guarded by this; the clock's monotonic time

  StatsCache(ZsspContext context, Clock clock, long maxAgeNanos) {
    this.context = context;
    this.clock = clock;
    this.maxAgeNanos = maxAgeNanos;
  }

  ZsspContext context() {
    return context;
  }

  /** The last snapshot if it is younger than the maximum age, else a new one. */
  synchronized ContextStats get() {
    long now = clock.monotonicTime();
    if (last == null || now - takenAt >= maxAgeNanos) {
      last = context.stats();
      takenAt = now;
    }
    return last;
  }
}
