package io.zssp.wire;

import io.zssp.api.ProtocolConstants;

/**
 * The per-session anti-replay window of ZSSP-SPEC §10.2, shared by packet types 3..8 and by all key
 * generations of one session. One session owns one window.
 *
 * <pre>
 * W[0..128): unsigned 64-bit, all 0    (W[j] = 1 + largest accepted counter c with c mod 128 = j)
 * CHECK(c):  a = c + 1 (c = 2^64 - 1 is never valid)
 *            valid iff W[c mod 128] &lt; a &lt;= W[c mod 128] + 2^24
 * UPDATE(c): atomically, if CHECK(c) then W[c mod 128] = a and accept, else reject
 * </pre>
 *
 * <p>All arithmetic is unsigned: counters from 2^63 on are negative Java longs.
 *
 * <p><b>Thread safety:</b> safe for concurrent use. Both methods synchronize on the window, so
 * {@link #update} is the atomic check-and-set the spec requires (two concurrent copies of one
 * packet cannot both be accepted), and {@link #check} never sees a torn 64-bit slot. Under
 * concurrency {@link #check} is advisory: a later {@link #update} of the same counter may fail.
 */
public final class ReplayWindow {
  private static final int SLOTS = ProtocolConstants.REPLAY_WINDOW_SLOTS;
  private static final long MAX_SKIP_AHEAD = ProtocolConstants.REPLAY_MAX_SKIP_AHEAD;

  private final long[] slots = new long[SLOTS];

  /**
   * CHECK(c): whether {@code counter} would be accepted now. Does not change the window. Run on
   * every fragment of a type 3..8 packet before reassembly and decryption.
   */
  public synchronized boolean check(long counter) {
    return isValid(slots[slot(counter)], counter);
  }

  /**
   * UPDATE(c): accepts {@code counter} and records it if it passes CHECK, otherwise rejects it and
   * changes nothing. Run only after the packet's AEAD has verified.
   *
   * @return {@code true} if the counter was accepted (the packet may be processed)
   */
  public synchronized boolean update(long counter) {
    int j = slot(counter);
    if (!isValid(slots[j], counter)) {
      return false;
    }
    slots[j] = counter + 1;
    return true;
  }

  /**
   * The CHECK predicate for one slot value: {@code w < c + 1 <= w + 2^24}, unsigned, without
   * overflowing {@code w + 2^24} near 2^64.
   */
  public static boolean isValid(long w, long counter) {
    if (counter == -1L) {
      return false; // 2^64 - 1: a = 2^64 does not exist
    }
    long a = counter + 1;
    return Long.compareUnsigned(w, a) < 0 && Long.compareUnsigned(a - w, MAX_SKIP_AHEAD) <= 0;
  }

  private static int slot(long counter) {
    return (int) Long.remainderUnsigned(counter, SLOTS);
  }
}
