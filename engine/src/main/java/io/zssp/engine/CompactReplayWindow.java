package io.zssp.engine;

import io.zssp.api.ProtocolConstants;
import io.zssp.wire.ReplayWindow;

/**
 * The anti-replay window of ZSSP-SPEC §10.2 with exactly {@link ReplayWindow}'s decisions, in as
 * little memory as the counters allow. The 128 slot values (1 + the largest accepted counter of
 * each residue) only grow, so the window starts with no array, then holds them as unsigned 16-bit
 * values (272 bytes) while every value fits, as unsigned 32-bit values (528 bytes) up to 2^32 - 1,
 * and as 64-bit values (1,040 bytes) beyond. Each widening copies once; a session needs 65,535
 * packets for the second form and four billion for the third.
 *
 * <p>Not synchronized: the engine reads and writes it under the session's lock only.
 */
final class CompactReplayWindow {
  private static final int SLOTS = ProtocolConstants.REPLAY_WINDOW_SLOTS;
  private static final long MAX_16 = 0xFFFFL;
  private static final long MAX_32 = 0xFFFF_FFFFL;

  private short[] narrow16;
  private int[] narrow32;
  private long[] wide;

  /** CHECK(c): whether {@code counter} would be accepted now. */
  boolean check(long counter) {
    return ReplayWindow.isValid(slot(index(counter)), counter);
  }

  /** UPDATE(c): accepts and records {@code counter} if it passes CHECK. */
  boolean update(long counter) {
    int j = index(counter);
    if (!ReplayWindow.isValid(slot(j), counter)) {
      return false;
    }
    long value = counter + 1; // counter 2^64 - 1 is never valid, so value is not 0
    if (wide == null && Long.compareUnsigned(value, MAX_32) > 0) {
      long[] widened = new long[SLOTS];
      for (int i = 0; i < SLOTS; i++) {
        widened[i] = slot(i);
      }
      wide = widened;
      narrow16 = null;
      narrow32 = null;
    } else if (wide == null && narrow32 == null && value > MAX_16) {
      int[] widened = new int[SLOTS];
      for (int i = 0; i < SLOTS; i++) {
        widened[i] = (int) slot(i);
      }
      narrow32 = widened;
      narrow16 = null;
    } else if (wide == null && narrow32 == null && narrow16 == null) {
      narrow16 = new short[SLOTS];
    }
    if (wide != null) {
      wide[j] = value;
    } else if (narrow32 != null) {
      narrow32[j] = (int) value;
    } else {
      narrow16[j] = (short) value;
    }
    return true;
  }

  private long slot(int j) {
    if (wide != null) {
      return wide[j];
    }
    if (narrow32 != null) {
      return narrow32[j] & MAX_32;
    }
    return narrow16 == null ? 0 : narrow16[j] & MAX_16;
  }

  private static int index(long counter) {
    return (int) Long.remainderUnsigned(counter, SLOTS);
  }
}
