package io.zssp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zssp.wire.ReplayWindow;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The engine's compact window decides exactly as the reference's {@link ReplayWindow} (ZSSP-SPEC
 * §10.2) on every counter, across each widening (16 → 32 → 64 bits) and at the unsigned edges.
 */
class CompactReplayWindowTest {
  /** Counters near {@code base}: in order, reordered, replayed, far ahead, and far behind. */
  private static long next(SplittableRandom r, long base) {
    switch (r.nextInt(6)) {
      case 0:
        return base + r.nextInt(200) - 100;
      case 1:
        return base + r.nextInt(1 << 25); // beyond the 2^24 skip-ahead now and then
      case 2:
        return base - r.nextInt(1 << 16);
      case 3:
        return r.nextLong(); // anywhere, negative (≥ 2^63 unsigned) included
      case 4:
        return -1L - r.nextInt(300); // next to 2^64 - 1
      default:
        return base + r.nextInt(128);
    }
  }

  private final ReplayWindow reference = new ReplayWindow();
  private final CompactReplayWindow compact = new CompactReplayWindow();

  private void offer(long c) {
    assertEquals(reference.check(c), compact.check(c), "check " + Long.toUnsignedString(c));
    assertEquals(reference.update(c), compact.update(c), "update " + Long.toUnsignedString(c));
  }

  /**
   * Climbs every slot in rounds of 2^23 (honest progress can move a slot at most 2^24 at a time)
   * until {@code target}, each round a shuffled block of 128 counters plus noise around it.
   */
  @Test
  void decidesAsTheReference_fromZeroThroughEveryWidening() {
    SplittableRandom r = new SplittableRandom(42);
    long target = 0x1_0000_0000L + (1L << 25); // past 2^32: all three forms are visited
    for (long base = 0; base < target; base += 1L << 23) {
      long[] block = new long[128];
      for (int i = 0; i < 128; i++) {
        block[i] = base + i;
      }
      for (int i = 127; i > 0; i--) {
        int k = r.nextInt(i + 1);
        long t = block[i];
        block[i] = block[k];
        block[k] = t;
      }
      for (long c : block) {
        offer(c);
        offer(next(r, base));
      }
    }
    for (int i = 0; i < 200_000; i++) {
      offer(next(r, target));
    }
  }

  @Test
  void sequentialTraffic_andReplays_match() {
    for (long c = 0; c < 300_000; c++) {
      assertEquals(reference.update(c), compact.update(c));
      assertEquals(reference.update(c), compact.update(c)); // the replay: rejected by both
      if (c % 1_000 == 0) {
        assertEquals(reference.check(c - 129), compact.check(c - 129));
      }
    }
  }

  @Test
  void lastCounter_isNeverValid() {
    CompactReplayWindow w = new CompactReplayWindow();
    assertEquals(false, w.check(-1L));
    assertEquals(false, w.update(-1L));
    assertEquals(false, w.update(-2L)); // more than 2^24 ahead of an empty slot
    assertEquals(true, w.update((1L << 24) - 1)); // exactly 2^24 ahead: accepted, 32-bit form
    assertEquals(false, w.update((1L << 24) - 1));
  }
}
