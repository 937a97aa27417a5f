package io.zssp.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Bounds what the command prints however fast events arrive (a flood of X1s must not become a flood
 * of log lines): per kind of line, at most {@code perSecond} lines in each second, and for the rest
 * one summary line ("… more …") once that second is over. Thread-safe.
 */
final class LogThrottle {
  private final int perSecond;
  private final LongSupplier nanoClock;
  private final Consumer<String> sink;
  private final Map<String, int[]> counts = new LinkedHashMap<>(); // kind -> {printed, suppressed}
  private long second = Long.MIN_VALUE;

  LogThrottle(int perSecond, LongSupplier nanoClock, Consumer<String> sink) {
    this.perSecond = perSecond;
    this.nanoClock = nanoClock;
    this.sink = sink;
  }

  /** Prints {@code line} unless {@code kind} has used up this second's lines. */
  synchronized void line(String kind, String line) {
    roll();
    int[] c = counts.computeIfAbsent(kind, k -> new int[2]);
    if (c[0] < perSecond) {
      c[0]++;
      sink.accept(line);
    } else {
      c[1]++;
    }
  }

  /** Prints the summaries still owed (at the end of a second, and on close). */
  synchronized void flush() {
    for (Map.Entry<String, int[]> e : counts.entrySet()) {
      int suppressed = e.getValue()[1];
      if (suppressed > 0) {
        sink.accept(
            "... "
                + suppressed
                + " more '"
                + e.getKey()
                + "' line"
                + (suppressed == 1 ? "" : "s")
                + " in that second (at most "
                + perSecond
                + " per second are printed)");
      }
    }
    counts.clear();
  }

  private void roll() {
    long s = Math.floorDiv(nanoClock.getAsLong(), 1_000_000_000L);
    if (s != second) {
      flush();
      second = s;
    }
  }
}
