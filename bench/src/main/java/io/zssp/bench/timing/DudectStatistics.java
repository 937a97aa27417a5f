package io.zssp.bench.timing;

import java.util.Arrays;

/**
 * The statistics of dudect (Reparaz, Balasch, Verbauwhede, "Dude, is my code constant time?", DATE
 * 2017, and its reference C code): Welch's t-test between the two input classes, run on all
 * measurements, on each of {@link #CROPS} percentile crops (measurements below the crop's threshold
 * only, which removes the long tail that interrupts and GC add), and as a second-order test
 * (squared distance to the class mean) on all measurements. The largest |t| over the tests with at
 * least {@link #MIN_PER_CLASS} measurements in each class is the statistic; |t| above {@link
 * #THRESHOLD} is evidence of a timing difference between the classes.
 */
public final class DudectStatistics {
  /** dudect's threshold on |t|: above it the two classes' timings differ (evidence of a leak). */
  public static final double THRESHOLD = 4.5;

  /** Number of percentile crops, as dudect's {@code DUDECT_NUMBER_PERCENTILES}. */
  public static final int CROPS = 100;

  /** A test counts only with at least this many measurements in each class. */
  public static final int MIN_PER_CLASS = 500;

  private DudectStatistics() {}

  /**
   * Welch's t statistic for two samples given by mean, unbiased variance and size: (m0 - m1) /
   * sqrt(v0/n0 + v1/n1). Zero when both variances are zero and the means are equal.
   */
  public static double welchT(
      double mean0, double var0, long n0, double mean1, double var1, long n1) {
    double se = Math.sqrt(var0 / n0 + var1 / n1);
    double diff = mean0 - mean1;
    if (se == 0) {
      return diff == 0 ? 0 : Math.copySign(Double.POSITIVE_INFINITY, diff);
    }
    return diff / se;
  }

  /** Online mean and variance of one class (Welford's algorithm, as dudect's {@code t_push}). */
  static final class Moments {
    long n;
    double mean;
    double m2;

    void push(double x) {
      n++;
      double delta = x - mean;
      mean += delta / n;
      m2 += delta * (x - mean);
    }

    double variance() {
      return n < 2 ? 0 : m2 / (n - 1);
    }
  }

  /**
   * dudect's crop thresholds: for crop i (0-based) the {@code 1 - 0.5^(10·(i+1)/CROPS)} quantile of
   * {@code times}, taken as {@code sorted[(int)(size·q)]}. Increasing; the last crops keep almost
   * everything.
   */
  public static long[] cropThresholds(long[] times) {
    long[] sorted = times.clone();
    Arrays.sort(sorted);
    long[] thresholds = new long[CROPS];
    for (int i = 0; i < CROPS; i++) {
      double q = 1 - Math.pow(0.5, 10.0 * (i + 1) / CROPS);
      thresholds[i] = sorted[(int) (sorted.length * q)];
    }
    return thresholds;
  }

  /** One test's outcome. */
  public record Test(String name, double t, long n0, long n1, double mean0, double mean1) {}

  /**
   * The outcome of all tests on one run: the test with the largest |t|, the test on all
   * measurements (uncropped, first order), and the run's size.
   */
  public record Result(Test max, Test uncropped, long measurements, double mean0, double mean1) {
    /** Whether |t| exceeds {@link #THRESHOLD}. */
    public boolean leakEvidence() {
      return Math.abs(max.t()) > THRESHOLD;
    }
  }

  /**
   * Runs every test on {@code times[i]} with class {@code classes[i]} (0 or 1) and returns the one
   * with the largest |t| among those with enough measurements.
   *
   * @throws IllegalArgumentException if the arrays differ in length or a class is not 0 or 1
   */
  public static Result analyze(long[] times, byte[] classes) {
    if (times.length != classes.length) {
      throw new IllegalArgumentException("times and classes differ in length");
    }
    long[] thresholds = cropThresholds(times);
    Moments[][] crops = new Moments[CROPS][2];
    for (Moments[] m : crops) {
      m[0] = new Moments();
      m[1] = new Moments();
    }
    Moments[] all = {new Moments(), new Moments()};
    for (int i = 0; i < times.length; i++) {
      int c = classes[i];
      if (c != 0 && c != 1) {
        throw new IllegalArgumentException("class must be 0 or 1, got " + c);
      }
      long x = times[i];
      all[c].push(x);
      for (int k = 0; k < CROPS; k++) {
        if (x < thresholds[k]) {
          crops[k][c].push(x);
        }
      }
    }
    Moments[] second = {new Moments(), new Moments()};
    for (int i = 0; i < times.length; i++) {
      int c = classes[i];
      double d = times[i] - all[c].mean;
      second[c].push(d * d);
    }
    Test uncropped = test("all", all);
    Test best = uncropped;
    Test secondOrder = test("2nd order", second);
    if (Math.abs(secondOrder.t()) > Math.abs(best.t()) && counts(secondOrder)) {
      best = secondOrder;
    }
    for (int k = 0; k < CROPS; k++) {
      Test t = test("crop " + k + " (<" + thresholds[k] + " ns)", crops[k]);
      if (counts(t) && Math.abs(t.t()) > Math.abs(best.t())) {
        best = t;
      }
    }
    return new Result(best, uncropped, times.length, all[0].mean, all[1].mean);
  }

  private static boolean counts(Test t) {
    return t.n0() >= MIN_PER_CLASS && t.n1() >= MIN_PER_CLASS;
  }

  private static Test test(String name, Moments[] m) {
    double t =
        m[0].n < 2 || m[1].n < 2
            ? 0
            : welchT(m[0].mean, m[0].variance(), m[0].n, m[1].mean, m[1].variance(), m[1].n);
    return new Test(name, t, m[0].n, m[1].n, m[0].mean, m[1].mean);
  }
}
