package io.zssp.fuzz;

import io.zssp.fuzz.FragmentSchedule.Kind;
import io.zssp.fuzz.FragmentSchedule.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The reassembly targets' seeds in regression mode, made at test time: for both implementations,
 * schedules that deliver 1 to 4 messages of 1 byte to the 48-fragment maximum in order, in reverse,
 * interleaved, with every fragment twice, with a fragment missing, and with changed copies of each
 * kind, then a few hundred seeded random schedules.
 */
class ReassemblySeedsTest {
  @ParameterizedTest
  @EnumSource(Impl.class)
  void handWrittenSchedules_keepTheInvariants(Impl impl) {
    int max = FragmentSchedule.MAX_PAYLOAD;
    for (List<Integer> sizes :
        List.of(List.of(1), List.of(96), List.of(97), List.of(max), List.of(500, 1, max, 2000))) {
      int n = 0;
      for (int size : sizes) {
        n += Math.max(1, (size + 16 + 111) / 112);
      }
      for (boolean bobSends : new boolean[] {false, true}) {
        ReassemblyTargets.run(impl, schedule(bobSends, sizes, ops(n, false, 1), true));
        ReassemblyTargets.run(impl, schedule(bobSends, sizes, ops(n, true, 1), false));
        ReassemblyTargets.run(impl, schedule(bobSends, sizes, ops(n, false, 2), false));
        ReassemblyTargets.run(impl, schedule(bobSends, sizes, interleaved(n), false));
        for (Kind kind : Kind.values()) {
          List<Op> ops = new ArrayList<>();
          for (int i = 0; i < n; i++) {
            ops.add(new Op(kind, i, 7 * i + 3, 0x41));
          }
          ReassemblyTargets.run(impl, schedule(bobSends, sizes, ops, true));
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void randomSchedules_keepTheInvariants(Impl impl) {
    Random rnd = new Random(impl.ordinal());
    for (int round = 0; round < 150; round++) {
      List<Integer> sizes = new ArrayList<>();
      for (int i = 1 + rnd.nextInt(4); i > 0; i--) {
        sizes.add(1 + rnd.nextInt(rnd.nextBoolean() ? 300 : FragmentSchedule.MAX_PAYLOAD));
      }
      List<Op> ops = new ArrayList<>();
      for (int i = rnd.nextInt(120); i > 0; i--) {
        int k = rnd.nextInt(7);
        ops.add(
            new Op(
                k < 4 ? Kind.DELIVER : Kind.values()[k - 3],
                rnd.nextInt(4 * 48),
                rnd.nextInt(1 << 16),
                1 + rnd.nextInt(255)));
      }
      ReassemblyTargets.run(impl, schedule(rnd.nextBoolean(), sizes, ops, rnd.nextBoolean()));
    }
  }

  private static FragmentSchedule schedule(
      boolean bobSends, List<Integer> sizes, List<Op> ops, boolean flush) {
    return new FragmentSchedule(bobSends, sizes, ops, flush);
  }

  /** Every fragment {@code times} times, in order or in reverse. */
  private static List<Op> ops(int n, boolean reverse, int times) {
    List<Op> ops = new ArrayList<>();
    for (int t = 0; t < times; t++) {
      for (int i = 0; i < n; i++) {
        ops.add(new Op(Kind.DELIVER, reverse ? n - 1 - i : i, 0, 1));
      }
    }
    return ops;
  }

  /** Even fragments first, then odd, then the first one left out. */
  private static List<Op> interleaved(int n) {
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < n; i += 2) {
      ops.add(new Op(Kind.DELIVER, i, 0, 1));
    }
    for (int i = 1; i < n; i += 2) {
      ops.add(new Op(Kind.DELIVER, i, 0, 1));
    }
    return ops;
  }
}
