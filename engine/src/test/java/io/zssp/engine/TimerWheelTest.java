package io.zssp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The timing wheel against a brute-force model: random schedules, reschedules (earlier and later),
 * removals and polls with time steps from one tick to years, so that every level, the cascades, the
 * overflow list and the overdue list are crossed. Every poll must return exactly the due members
 * (the earliest ones when the batch is short), and {@code earliest(now) <= now} exactly when
 * something is due. (Canonical bug B10 was a heap that lost its order on removal; the claim it
 * stands for — the timers come out due and in order — is what this checks.)
 */
class TimerWheelTest {
  private static final class M extends TimerWheel.Member {
    final int id;

    M(int id) {
      this.id = id;
    }

    @Override
    public String toString() {
      return "M" + id;
    }
  }

  /** Time steps and deadline distances: a tick, each level's span, the overflow, a stall. */
  private static final long[] SCALES = {
    1, 200, 70_000, 20_000_000, 5_000_000_000L, 400_000_000_000L
  };

  @Test
  void b10_randomOperations_pollExactlyTheDueMembers_earliestFirst() {
    long[] starts = {
      -7_000_000_000L, -1, (1L << 32) - 3, (5L << 32) - 300, Long.MAX_VALUE - (1L << 33), 0
    };
    for (int seed = 0; seed < 3_000; seed++) {
      check(seed, seed % 2 == 0 ? starts[seed / 2 % starts.length] : seed * 1_000_003L);
    }
  }

  /** {@code a + b}, kept below {@link Long#MAX_VALUE} (which means "not scheduled"). */
  private static long plus(long a, long b) {
    long sum = a + b;
    if (b > 0 && sum < a) {
      return Long.MAX_VALUE - 2;
    }
    return Math.min(sum, Long.MAX_VALUE - 2);
  }

  private static void check(int seed, long start) {
    Random r = new Random(seed);
    TimerWheel wheel = new TimerWheel(start);
    Map<M, Long> model = new HashMap<>();
    Map<M, Boolean> overdue = new HashMap<>(); // already past the wheel's tick when scheduled
    List<M> members = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      members.add(new M(i));
    }
    long now = start;
    String where = "";
    for (int op = 0; op < 300; op++) {
      where = "seed " + seed + " op " + op;
      M m = members.get(r.nextInt(members.size()));
      long scale = SCALES[r.nextInt(SCALES.length)];
      switch (r.nextInt(7)) {
        case 0:
        case 1:
          // Mostly ahead; sometimes already past (the overdue list).
          long d = plus(now, (long) (r.nextDouble() * scale) - (r.nextInt(8) == 0 ? scale / 2 : 0));
          if (r.nextInt(4) == 0) { // the last tick of a block of some level: a cascade's edge
            int bits = 8 * (1 + r.nextInt(4));
            d = plus((d >> bits) << bits, (1L << bits) - 1);
          }
          overdue.put(m, d < wheel.currentTick());
          wheel.schedule(m, d);
          model.put(m, d);
          assertTrue(m.isScheduled(), where);
          assertEquals(d, m.timerDeadline, where);
          break;
        case 2:
          wheel.remove(m);
          model.remove(m);
          assertFalse(m.isScheduled(), where);
          break;
        case 3:
          wheel.schedule(m, Long.MAX_VALUE);
          model.remove(m);
          break;
        case 4:
          // A caller whose clock reading is older: nothing that is not due at it comes out.
          long stale = now - 1 - r.nextInt(3);
          TimerWheel.Member[] few = new TimerWheel.Member[8];
          int k = wheel.pollDue(stale, few);
          for (int i = 0; i < k; i++) {
            Long deadline = model.remove((M) few[i]);
            assertTrue(deadline != null && deadline <= stale, where + ": stale poll " + few[i]);
          }
          break;
        default:
          long min = model.values().stream().min(Comparator.naturalOrder()).orElse(Long.MAX_VALUE);
          assertTrue(wheel.earliest(now) <= min, where + ": earliest later than a deadline");
          now = plus(now, (long) (r.nextDouble() * scale));
          final long t = now;
          boolean anyDue = model.values().stream().anyMatch(v -> v <= t);
          assertEquals(anyDue, wheel.earliest(now) <= now, where + ": earliest says due");
          TimerWheel.Member[] out = new TimerWheel.Member[1 + r.nextInt(8)];
          int n = wheel.pollDue(now, out);
          List<Long> due = model.values().stream().filter(v -> v <= t).sorted().toList();
          assertEquals(Math.min(due.size(), out.length), n, where + ": how many");
          long latestOnTime = Long.MIN_VALUE; // the latest returned that was not overdue
          for (int i = 0; i < n; i++) {
            M got = (M) out[i];
            Long deadline = model.remove(got);
            assertTrue(deadline != null && deadline <= now, where + ": not due " + got);
            assertFalse(got.isScheduled(), where);
            if (!overdue.get(got)) {
              latestOnTime = Math.max(latestOnTime, deadline);
            }
          }
          // A short batch takes overdue members first, then the earliest ticks: nothing due is
          // left behind that should have come before what was returned.
          if (n == out.length && latestOnTime != Long.MIN_VALUE) {
            for (Map.Entry<M, Long> left : model.entrySet()) {
              if (left.getValue() <= now) {
                assertFalse(overdue.get(left.getKey()), where + ": overdue left behind");
                assertTrue(left.getValue() >= latestOnTime, where + ": earlier tick left behind");
              }
            }
          }
          long rest = model.values().stream().min(Comparator.naturalOrder()).orElse(Long.MAX_VALUE);
          assertTrue(wheel.earliest(now) <= rest, where + ": earliest after the rest");
      }
      assertEquals(model.size(), wheel.size(), where);
    }
    // Everything left comes out once time has passed all of it.
    TimerWheel.Member[] all = new TimerWheel.Member[64];
    int n = wheel.pollDue(Long.MAX_VALUE - 1, all);
    assertEquals(model.size(), n, where + ": the rest");
    assertEquals(0, wheel.size());
    assertEquals(Long.MAX_VALUE, wheel.earliest(Long.MAX_VALUE - 1));
  }

  @Test
  void ticksComeOutInOrder_acrossEveryLevel() {
    long start = 1_700_000_000_000L;
    TimerWheel wheel = new TimerWheel(start);
    Random r = new Random(1);
    Map<M, Long> deadlines = new HashMap<>();
    for (int i = 0; i < 2_000; i++) {
      M m = new M(i);
      long d = start + 1 + (long) (r.nextDouble() * SCALES[i % SCALES.length]);
      deadlines.put(m, d);
      wheel.schedule(m, d);
    }
    long previous = Long.MIN_VALUE;
    TimerWheel.Member[] out = new TimerWheel.Member[1];
    for (int i = 0; i < deadlines.size(); i++) {
      long next = wheel.earliest(Long.MAX_VALUE - 1); // exact: something is due by then
      assertEquals(1, wheel.pollDue(next, out), "member " + i);
      long d = deadlines.get((M) out[0]);
      assertEquals(next, d, "member " + i + ": earliest was not its deadline");
      assertTrue(d >= previous, "member " + i + " out of order");
      previous = d;
    }
    assertEquals(0, wheel.size());
  }

  @Test
  void aMemberRescheduledAfterNow_isNotReturnedTwiceByOneService() {
    TimerWheel wheel = new TimerWheel(0);
    M m = new M(0);
    wheel.schedule(m, 5);
    TimerWheel.Member[] out = new TimerWheel.Member[4];
    assertEquals(1, wheel.pollDue(10, out));
    wheel.schedule(m, 11); // what serviceOne does: strictly after now
    assertEquals(0, wheel.pollDue(10, out));
    assertTrue(wheel.earliest(10) > 10);
    // A deadline already past when set is due at once, and only once.
    wheel.schedule(m, 3);
    assertEquals(3, wheel.earliest(10));
    assertEquals(1, wheel.pollDue(10, out));
    assertEquals(0, wheel.pollDue(10, out));
    // A caller whose clock reading is older than the wheel's tick (another thread's, say) is not
    // handed a member that is overdue for the wheel but not yet due for it.
    wheel.schedule(m, 8);
    assertEquals(8, wheel.earliest(7));
    assertEquals(0, wheel.pollDue(7, out));
    assertEquals(1, wheel.pollDue(8, out));
  }

  /**
   * The last tick of a 2^32-tick block drained, then the overflow members of the next block are
   * due: the wheel must not step past the block's first tick without cascading them (they would
   * wait 2^32 ms, 50 days).
   */
  @Test
  void overflowMembers_areCascadedWhenTheirBlockStarts_afterItsPreviousLastTickWasDrained() {
    long b = 396L << 32;
    TimerWheel w = new TimerWheel(b - 10_000);
    M a = new M(0);
    M c = new M(1);
    w.schedule(a, b - 1);
    w.schedule(c, b + 10); // another 2^32 block: the overflow list
    TimerWheel.Member[] out = new TimerWheel.Member[8];
    assertEquals(1, w.pollDue(b - 1, out));
    assertTrue(w.earliest(b + 10) <= b + 10);
    assertEquals(1, w.pollDue(b + 10, out));
    assertEquals(c, out[0]);
  }

  /** Far deadlines and a clock jump of centuries: caught up at once, not block by block. */
  @Test
  void overflowCatchUp_jumpsToTheEarliestBlock() {
    TimerWheel w = new TimerWheel(0);
    M near = new M(0);
    M far = new M(1);
    w.schedule(near, 3L << 40);
    w.schedule(far, Long.MAX_VALUE - 1);
    TimerWheel.Member[] out = new TimerWheel.Member[8];
    long started = System.nanoTime();
    assertEquals(3L << 40, w.earliest(3L << 40));
    assertEquals(1, w.pollDue(1L << 52, out));
    assertEquals(near, out[0]);
    assertEquals(1, w.pollDue(Long.MAX_VALUE - 1, out));
    assertEquals(far, out[0]);
    // Block by block this was 2^20 and 2^31 cascades (seconds to minutes).
    assertTrue(System.nanoTime() - started < 2_000_000_000L, "catching up took long");
  }

  @Test
  void removeFromHeadMiddleAndTailOfOneSlot() {
    TimerWheel wheel = new TimerWheel(0);
    List<M> ms = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      M m = new M(i);
      ms.add(m);
      wheel.schedule(m, 100); // one slot, linked at its head: 4, 3, 2, 1, 0
    }
    wheel.remove(ms.get(4)); // head
    wheel.remove(ms.get(2)); // middle
    wheel.remove(ms.get(0)); // tail
    wheel.remove(ms.get(0)); // twice: nothing
    assertEquals(2, wheel.size());
    TimerWheel.Member[] out = new TimerWheel.Member[8];
    assertEquals(2, wheel.pollDue(100, out));
    assertEquals(
        List.of(1, 3), List.of(((M) out[0]).id, ((M) out[1]).id).stream().sorted().toList());
  }
}
