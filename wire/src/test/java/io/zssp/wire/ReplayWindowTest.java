package io.zssp.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Numbered table tests of the §10.2 anti-replay window, in the style of wireguard-go's
 * replay_test.go: each step is (operation, counter, expected result), run in order on one window.
 */
class ReplayWindowTest {
  private static final long SKIP = 1L << 24;
  private static final long U64_MAX = -1L; // 2^64 - 1
  private static final long U63 = Long.MIN_VALUE; // 2^63

  private record Step(boolean update, long counter, boolean expected) {}

  private static Step u(long counter, boolean expected) {
    return new Step(true, counter, expected);
  }

  private static Step c(long counter, boolean expected) {
    return new Step(false, counter, expected);
  }

  /** Runs the steps in order on a fresh window; returns "FAIL …" strings. */
  private static List<String> run(String table, Step... steps) {
    ReplayWindow w = new ReplayWindow();
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < steps.length; i++) {
      Step s = steps[i];
      boolean got = s.update() ? w.update(s.counter()) : w.check(s.counter());
      if (got != s.expected()) {
        String op = s.update() ? "update(" : "check(";
        failures.add(
            "FAIL "
                + table
                + " step "
                + (i + 1)
                + ": "
                + op
                + Long.toUnsignedString(s.counter())
                + ") = "
                + got);
      }
    }
    return failures;
  }

  @Test
  void freshWindow_acceptsBelow2To24_rejectsFromThere() {
    assertEquals(
        List.of(),
        run(
            "fresh",
            c(SKIP, false), /* 1: a = 2^24 + 1 > W + 2^24 */
            c(SKIP + 5, false), /* 2 */
            c(SKIP - 1, true), /* 3: the largest counter a fresh window accepts */
            u(SKIP - 1, true), /* 4 */
            u(SKIP - 1, false), /* 5: exact replay */
            u(0, true), /* 6: the lowest counter, still acceptable */
            u(0, false), /* 7: exact replay */
            c(SKIP, true), /* 8: W[0] = 1 now, so 2^24 is within reach of its residue class */
            c(
                SKIP + 128,
                false), /* 9: one step further in class 0 is beyond the skip-ahead limit */
            c(SKIP + 1, false), /* 10: class 1 is still fresh */
            u(1, true), /* 11 */
            u(SKIP, true), /* 12 */
            u(0, false), /* 13 */
            u(128, false))); /* 14: older than 2^24, the newest in class 0 */
  }

  @Test
  void reorder_within128_acceptedOnceEach() {
    List<Step> steps = new ArrayList<>();
    steps.add(u(227, true)); // 1: newest first
    for (long c = 100; c < 227; c++) {
      steps.add(u(c, true)); // 2..128: the 127 older ones arrive late: accepted
    }
    for (long c = 100; c <= 227; c++) {
      steps.add(u(c, false)); // 129..256: and every one is a replay afterwards
    }
    steps.add(u(99, false)); // 257: reordered by 128: 227 mod 128 = 99, so lost
    steps.add(u(355, true)); // 258: the next counter of class 99
    assertEquals(List.of(), run("reorder", steps.toArray(new Step[0])));
  }

  @Test
  void counterBehindNewestInItsClass_rejected() {
    assertEquals(
        List.of(),
        run(
            "behind",
            u(200, true), /* 1: class 72 */
            c(72, false), /* 2: never seen, but 128 behind 200 in class 72 */
            u(72, false), /* 3 */
            u(73, true), /* 4: class 73 is untouched */
            u(199, true), /* 5: class 71 */
            u(71, false), /* 6: 128 behind 199 */
            u(201, true), /* 7: 128 ahead of 73 in class 73 */
            u(73, false), /* 8 */
            u(328, true), /* 9: class 72 again, newer */
            u(200, false))); /* 10: replay of a superseded counter */
  }

  @Test
  void skipAhead_limitExactlyAt2To24_perResidueClass() {
    long base = 5;
    assertEquals(
        List.of(),
        run(
            "skip",
            u(base, true), /* 1: W[5] = 6 */
            c(base + SKIP + 128, false), /* 2: a = W + 2^24 + 128 */
            c(base + SKIP, true), /* 3: a = W + 2^24 exactly: the limit, inclusive */
            u(base + SKIP, true), /* 4: W[5] = 2^24 + 6 */
            u(base + 2 * SKIP + 128, false), /* 5: again one step past the new limit */
            u(base + 2 * SKIP, true), /* 6: and exactly at it */
            u(6 + SKIP, false), /* 7: class 6 is fresh: 2^24 + 6 is too far */
            u(6 + SKIP - 128, true))); /* 8: 2^24 - 122 is within a fresh class's reach */
  }

  @Test
  void highCounters_unsigned_freshWindowRejects() {
    assertEquals(
        List.of(),
        run(
            "high",
            c(U64_MAX, false), /* 1: 2^64 - 1 is never valid */
            u(U64_MAX, false), /* 2 */
            c(U63, false), /* 3: 2^63, negative as a Java long; far beyond a fresh window */
            u(U63 + 1, false), /* 4 */
            c(Long.MAX_VALUE, false), /* 5: 2^63 - 1 */
            u(-2L, false), /* 6: 2^64 - 2 */
            u(SKIP - 1, true))); /* 7: the window is untouched by the rejections */
  }

  @Test
  void isValid_unsignedTable_matchesSpecArithmetic() {
    long[][] table = {
      // {W, c, expected (1/0)}
      {0, 0, 1}, // 1: fresh
      {0, SKIP - 1, 1}, // 2
      {0, SKIP, 0}, // 3
      {Long.MAX_VALUE, Long.MAX_VALUE, 1}, // 4: a = 2^63, a signed compare would fail
      {Long.MAX_VALUE, Long.MAX_VALUE - 1, 0}, // 5: a = W: already seen
      {U63 - (SKIP >> 1), U63 + (SKIP >> 1) - 1, 1}, // 6: across 2^63, distance exactly 2^24
      {U63 - (SKIP >> 1), U63 + (SKIP >> 1), 0}, // 7: distance 2^24 + 1
      {-11L, -2L, 1}, // 8: W = 2^64 - 11; W + 2^24 would wrap
      {-11L, -12L, 0}, // 9: a = W
      {-1L, -2L, 0}, // 10: W = 2^64 - 1: nothing is newer
      {-2L, U64_MAX, 0}, // 11: c = 2^64 - 1 never valid
      {0, U64_MAX, 0}, // 12
      {U63, 5, 0}, // 13: small c below a huge W
      {5, U63, 0}, // 14: huge c above a small W
    };
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < table.length; i++) {
      boolean got = ReplayWindow.isValid(table[i][0], table[i][1]);
      if (got != (table[i][2] == 1)) {
        failures.add(
            "FAIL row "
                + (i + 1)
                + ": isValid("
                + Long.toUnsignedString(table[i][0])
                + ", "
                + Long.toUnsignedString(table[i][1])
                + ") = "
                + got);
      }
    }
    assertEquals(List.of(), failures);
  }

  @Test
  void check_repeated_doesNotModifyState() {
    ReplayWindow w = new ReplayWindow();
    for (int i = 0; i < 1000; i++) {
      assertTrue(w.check(42));
      assertFalse(w.check(SKIP));
    }
    assertTrue(w.update(42));
    assertFalse(w.check(42));
    assertFalse(w.update(42));
    assertTrue(w.check(42 + 128));
  }

  @Test
  void update_concurrentCopies_exactlyOneAccepted() throws Exception {
    for (int round = 0; round < 200; round++) {
      ReplayWindow w = new ReplayWindow();
      int[] accepted = new int[1];
      Thread[] threads = new Thread[4];
      for (int t = 0; t < threads.length; t++) {
        threads[t] =
            new Thread(
                () -> {
                  if (w.update(7)) {
                    synchronized (accepted) {
                      accepted[0]++;
                    }
                  }
                });
        threads[t].start();
      }
      for (Thread t : threads) {
        t.join();
      }
      assertEquals(1, accepted[0], "round " + round);
    }
  }
}
