package io.zssp.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link ReassemblyTargets} input does: which peer sends, the sizes of up to 4 messages, a
 * sequence of operations on their fragments (deliver, or deliver a copy with its payload changed,
 * its protected header changed, or its length changed), and whether every fragment not yet
 * delivered is delivered at the end, in order.
 */
record FragmentSchedule(boolean bobSends, List<Integer> sizes, List<Op> ops, boolean flush) {
  /** Largest payload at {@link ReassemblyTargets#MTU}: 48 × (128 − 16) − 16. */
  static final int MAX_PAYLOAD = 48 * (ReassemblyTargets.MTU - 16) - 16;

  /** Operations per input, at most. */
  static final int MAX_OPS = 200;

  enum Kind {
    /** The fragment as sent. */
    DELIVER,
    /**
     * A copy with one byte at or after 20 (the unprotected payload) XORed with a non-zero value.
     */
    PAYLOAD,
    /** A copy with one byte in 0..20 (key id and protected header) XORed with a non-zero value. */
    HEADER,
    /** A copy cut or zero-extended to another length. */
    LENGTH
  }

  /**
   * One operation on fragment {@code fragment} (an index into all the messages' fragments, modulo
   * their number).
   */
  record Op(Kind kind, int fragment, int position, int value) {}

  static FragmentSchedule read(FuzzedDataProvider in) {
    boolean bobSends = in.consumeBoolean();
    boolean flush = in.consumeBoolean();
    int messages = in.consumeInt(1, 4);
    List<Integer> sizes = new ArrayList<>();
    for (int i = 0; i < messages; i++) {
      sizes.add(in.consumeInt(1, MAX_PAYLOAD));
    }
    List<Op> ops = new ArrayList<>();
    while (in.remainingBytes() > 0 && ops.size() < MAX_OPS) {
      int k = in.consumeInt(0, 6); // DELIVER has 4 of 7 shares
      Kind kind = k < 4 ? Kind.DELIVER : Kind.values()[k - 3];
      ops.add(
          new Op(
              kind,
              in.consumeInt(0, 4 * 48 - 1),
              in.consumeInt(0, 1 << 16),
              in.consumeInt(1, 255)));
    }
    return new FragmentSchedule(bobSends, sizes, ops, flush);
  }
}
