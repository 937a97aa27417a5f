package io.zssp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The timer heap against a brute-force model (canonical bug B10: the performance crate's removal
 * from the middle of its heap only sifts down, so 204 of 2000 random heaps came out of order after
 * 8 removals). Random schedules, reschedules (earlier and later) and removals; every poll must
 * return exactly the due members, earliest first.
 */
class TimerHeapTest {
  private static final class M extends TimerHeap.Member {
    final int id;

    M(int id) {
      this.id = id;
    }

    @Override
    public String toString() {
      return "M" + id;
    }
  }

  @Test
  void b10_randomOperations_pollInDeadlineOrder_exactlyTheDueMembers() {
    for (int seed = 0; seed < 2_000; seed++) {
      Random r = new Random(seed);
      TimerHeap heap = new TimerHeap();
      Map<M, Long> model = new HashMap<>();
      List<M> members = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        members.add(new M(i));
      }
      long now = 0;
      for (int op = 0; op < 300; op++) {
        M m = members.get(r.nextInt(members.size()));
        switch (r.nextInt(5)) {
          case 0:
          case 1:
            long d = now + r.nextInt(1_000);
            heap.schedule(m, d);
            model.put(m, d);
            break;
          case 2:
            heap.remove(m);
            model.remove(m);
            break;
          case 3:
            heap.schedule(m, Long.MAX_VALUE);
            model.remove(m);
            break;
          default:
            now += r.nextInt(200);
            TimerHeap.Member[] out = new TimerHeap.Member[1 + r.nextInt(8)];
            int n = heap.pollDue(now, out);
            final long t = now;
            List<Long> expected =
                model.values().stream().filter(v -> v <= t).sorted().limit(out.length).toList();
            assertEquals(expected.size(), n, "seed " + seed + " op " + op);
            for (int i = 0; i < n; i++) {
              M got = (M) out[i];
              Long deadline = model.remove(got);
              assertEquals(expected.get(i), deadline, "seed " + seed + " op " + op + ": order");
              assertEquals(-1, got.heapIndex);
            }
            // What is left starts where the model says.
            long rest =
                model.values().stream().min(Comparator.naturalOrder()).orElse(Long.MAX_VALUE);
            assertEquals(rest, heap.earliest(), "seed " + seed);
        }
        assertEquals(model.size(), heap.size(), "seed " + seed);
      }
    }
  }

  @Test
  void removeFromTheMiddle_keepsTheHeapOrderedBothWays() {
    TimerHeap heap = new TimerHeap();
    List<M> ms = new ArrayList<>();
    for (int i = 0; i < 15; i++) {
      M m = new M(i);
      ms.add(m);
      heap.schedule(m, i * 10L);
    }
    // Remove interior members whose replacement (the last leaf) must move up, then down.
    heap.remove(ms.get(13));
    heap.remove(ms.get(3));
    heap.schedule(ms.get(14), 5); // earlier: must sift up past its parents
    heap.schedule(ms.get(0), 1_000); // later: must sift down
    TimerHeap.Member[] out = new TimerHeap.Member[20];
    int n = heap.pollDue(Long.MAX_VALUE - 1, out);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(((M) out[i]).id);
    }
    assertEquals(List.of(14, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0), order);
    assertEquals(Long.MAX_VALUE, heap.earliest());
  }
}
