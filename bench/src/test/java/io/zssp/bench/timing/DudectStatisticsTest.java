package io.zssp.bench.timing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DudectStatisticsTest {
  @Test
  void welchTOnKnownSamples() {
    // {1,2,3,4,5}: mean 3, variance 2.5; {2,4,6,8,10}: mean 6, variance 10.
    // t = (3 - 6) / sqrt(2.5/5 + 10/5) = -3 / sqrt(2.5) = -1.897366...
    assertEquals(-1.8973665961010275, DudectStatistics.welchT(3, 2.5, 5, 6, 10, 5), 1e-12);
    assertEquals(0, DudectStatistics.welchT(7, 0, 10, 7, 0, 10));
  }

  @Test
  void momentsMatchTheTwoPassFormulas() {
    DudectStatistics.Moments m = new DudectStatistics.Moments();
    for (int x : new int[] {2, 4, 6, 8, 10}) {
      m.push(x);
    }
    assertEquals(6, m.mean, 1e-12);
    assertEquals(10, m.variance(), 1e-12);
  }

  @Test
  void cropThresholdsAreDudectsQuantiles() {
    long[] times = new long[1000];
    for (int i = 0; i < times.length; i++) {
      times[i] = times.length - i; // 1000 … 1, sorted they are 1 … 1000
    }
    long[] th = DudectStatistics.cropThresholds(times);
    assertEquals(DudectStatistics.CROPS, th.length);
    // Crop 0: q = 1 - 0.5^0.1 = 0.066967; sorted[66] = 67. Crop 9: q = 0.5; sorted[500] = 501.
    assertEquals(67, th[0]);
    assertEquals(501, th[9]);
    // Crop 99: q = 1 - 0.5^10 = 0.99902; sorted[999] = 1000.
    assertEquals(1000, th[99]);
    for (int i = 1; i < th.length; i++) {
      assertTrue(th[i] >= th[i - 1]);
    }
  }

  @Test
  void analyzeFindsTheKnownTOnAllMeasurements() {
    // Class 0 alternates 100/102, class 1 alternates 104/106, 1000 each: means 101 and 105,
    // variances 1000/999 each; t = -4 / sqrt(2 · (1000/999) / 1000) = -89.4...
    int n = 2000;
    long[] times = new long[n];
    byte[] classes = new byte[n];
    for (int i = 0; i < n; i++) {
      classes[i] = (byte) (i & 1);
      times[i] = (classes[i] == 0 ? 100 : 104) + ((i >> 1) & 1) * 2;
    }
    DudectStatistics.Result r = DudectStatistics.analyze(times, classes);
    double expected = -4 / Math.sqrt(2 * (1000.0 / 999) / 1000);
    assertEquals(expected, r.uncropped().t(), 1e-9);
    assertEquals(1000, r.uncropped().n0());
    // A crop (here, the measurements below 104: all of class 0 and none of class 1) may not count
    // with fewer than MIN_PER_CLASS per class; the maximum is at least the uncropped |t|.
    assertTrue(Math.abs(r.max().t()) >= Math.abs(expected));
    assertTrue(r.max().n0() >= DudectStatistics.MIN_PER_CLASS);
    assertTrue(r.max().n1() >= DudectStatistics.MIN_PER_CLASS);
    assertEquals(101, r.mean0(), 1e-12);
    assertEquals(105, r.mean1(), 1e-12);
    assertTrue(r.leakEvidence());
  }

  @Test
  void sameDistributionGivesNoEvidenceAndAShiftDoes() {
    SplittableRandom random = new SplittableRandom(42);
    int n = 200_000;
    long[] times = new long[n];
    byte[] classes = new byte[n];
    for (int i = 0; i < n; i++) {
      classes[i] = (byte) random.nextInt(2);
      times[i] = 1000 + (long) (random.nextGaussian() * 50);
    }
    DudectStatistics.Result same = DudectStatistics.analyze(times, classes);
    assertFalse(same.leakEvidence(), "t = " + same.max().t());
    for (int i = 0; i < n; i++) {
      times[i] += classes[i]; // one nanosecond slower for class 1, against a spread of 50
    }
    DudectStatistics.Result shifted = DudectStatistics.analyze(times, classes);
    assertTrue(shifted.leakEvidence(), "t = " + shifted.max().t());
  }

  @Test
  void rejectsMismatchedInput() {
    assertThrows(
        IllegalArgumentException.class, () -> DudectStatistics.analyze(new long[3], new byte[2]));
    assertThrows(
        IllegalArgumentException.class,
        () -> DudectStatistics.analyze(new long[] {1, 2}, new byte[] {0, 2}));
  }

  @Test
  void leakyCompareIsACorrectComparison() {
    byte[] a = {1, 2, 3};
    assertTrue(LeakyCompareForHarnessCheck.equals(a, a.clone(), 3));
    assertFalse(LeakyCompareForHarnessCheck.equals(a, new byte[] {1, 2, 4}, 3));
    assertArrayEquals(new byte[] {1, 2, 3}, a);
  }
}
