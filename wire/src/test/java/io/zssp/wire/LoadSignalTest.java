package io.zssp.wire;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The §15.2 load signal: rate or occupancy engages it, hysteresis releases it. */
class LoadSignalTest {
  @Test
  void rateAboveBudget_engages_evenWithAnEmptyTable() {
    LoadSignal s = new LoadSignal(100);
    for (int i = 0; i < 100; i++) {
      s.countX1(5_000 + i);
    }
    assertFalse(s.underLoad(5_500, 0, 1024), "exactly the budget");
    s.countX1(5_600);
    assertTrue(s.underLoad(5_600, 0, 1024), "one over the budget");
    assertTrue(s.underLoad(6_100, 0, 1024), "the previous second still counts");
  }

  @Test
  void hysteresis_releasesOnlyAtHalfTheBudgetAndAQuarterFull() {
    LoadSignal s = new LoadSignal(100);
    for (int i = 0; i < 150; i++) {
      s.countX1(1_000);
    }
    assertTrue(s.underLoad(1_000, 0, 1024));
    for (int i = 0; i < 60; i++) {
      s.countX1(2_000); // 60/s: below the budget, above half of it
    }
    assertTrue(s.underLoad(2_999, 0, 1024), "this second 60, the last 150");
    for (int i = 0; i < 60; i++) {
      s.countX1(3_000);
    }
    assertTrue(s.underLoad(3_500, 0, 1024), "60/s is above half the budget: still engaged");
    for (int i = 0; i < 50; i++) {
      s.countX1(4_000);
    }
    assertTrue(s.underLoad(4_100, 0, 1024), "last second 60");
    assertFalse(s.underLoad(5_000, 0, 1024), "last second 50 = half: released");
    assertFalse(s.underLoad(9_000, 0, 1024));
  }

  @Test
  void occupancy_engagesAboveHalf_andReleasesAtAQuarter() {
    LoadSignal s = new LoadSignal(100);
    assertFalse(s.underLoad(0, 512, 1024));
    assertTrue(s.underLoad(0, 513, 1024));
    assertTrue(s.underLoad(0, 300, 1024), "between a quarter and a half: still engaged");
    assertFalse(s.underLoad(0, 256, 1024));
  }

  @Test
  void aGapOfSeconds_forgetsTheOldRate() {
    LoadSignal s = new LoadSignal(10);
    for (int i = 0; i < 11; i++) {
      s.countX1(1_000);
    }
    assertTrue(s.underLoad(1_000, 0, 100));
    assertFalse(s.underLoad(3_000, 0, 100), "two seconds later nothing was counted");
    assertThrows(IllegalArgumentException.class, () -> new LoadSignal(0));
  }
}
