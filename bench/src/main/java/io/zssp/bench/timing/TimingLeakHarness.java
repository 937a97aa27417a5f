package io.zssp.bench.timing;

import io.zssp.bench.CryptoProviders;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.accp.NativeCryptoProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A dudect-style timing test of ZSSP's secret-dependent operations (docs/TIMING.md). For each
 * target it prepares a pool of inputs per class, draws the class of every measurement at random,
 * times each call (or batch of calls) with {@link System#nanoTime}, discards the warm-up, and runs
 * {@link DudectStatistics} on the rest. Not a CI test: a documented command, for example
 *
 * <pre>
 * taskset -c 1 java -cp bench/target/benchmarks.jar io.zssp.bench.timing.TimingLeakHarness \
 *     --target all --provider all --measurements 1000000 --max-seconds 60
 * </pre>
 *
 * Options: {@code --target NAME|all} (a name or a prefix of one, e.g. {@code p384}), {@code
 * --provider default|bouncycastle|native|all}, {@code --measurements N} per target (after warm-up),
 * {@code --max-seconds S} per target (fewer measurements for slow operations), {@code --warmup F}
 * the fraction of measurements discarded first (0.1), {@code --pool P} inputs per class (1024),
 * {@code --seed S}, {@code --markdown} for a Markdown table. Exit status 0 whatever the verdicts.
 */
public final class TimingLeakHarness {
  private static volatile long sink;

  private TimingLeakHarness() {}

  /** Options as parsed. */
  record Options(
      String target,
      String provider,
      int measurements,
      double maxSeconds,
      double warmup,
      int pool,
      long seed,
      boolean markdown) {
    static Options parse(String[] args) {
      String target = "all";
      String provider = "all";
      int measurements = 1_000_000;
      double maxSeconds = 60;
      double warmup = 0.1;
      int pool = 1024;
      long seed = System.nanoTime();
      boolean markdown = false;
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        if (a.equals("--markdown")) {
          markdown = true;
          continue;
        }
        if (i + 1 >= args.length) {
          throw new IllegalArgumentException("missing value after " + a);
        }
        String v = args[++i];
        switch (a) {
          case "--target" -> target = v;
          case "--provider" -> provider = v;
          case "--measurements" -> measurements = Integer.parseInt(v);
          case "--max-seconds" -> maxSeconds = Double.parseDouble(v);
          case "--warmup" -> warmup = Double.parseDouble(v);
          case "--pool" -> pool = Integer.parseInt(v);
          case "--seed" -> seed = Long.parseLong(v);
          default -> throw new IllegalArgumentException("unknown option " + a);
        }
      }
      return new Options(target, provider, measurements, maxSeconds, warmup, pool, seed, markdown);
    }
  }

  /** One target's outcome. */
  record Row(TimingTarget target, DudectStatistics.Result result, double seconds) {}

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    List<TimingTarget> targets = new ArrayList<>();
    if (o.provider().equals("all") || o.provider().equals("default")) {
      targets.addAll(TimingTargets.all("default", DefaultCryptoProvider.create()));
    }
    if (o.provider().equals("all") || o.provider().equals("bouncycastle")) {
      targets.addAll(
          TimingTargets.all(
              "bouncycastle",
              CryptoProviders.withBouncyCastleP384(DefaultCryptoProvider.create())));
    }
    if (o.provider().equals("all") || o.provider().equals("native")) {
      if (NativeCryptoProvider.isAvailable()) {
        targets.addAll(TimingTargets.all("native", NativeCryptoProvider.create()));
      } else {
        System.out.println(
            "native provider unavailable: " + NativeCryptoProvider.unavailableReason().orElse("?"));
      }
    }
    targets.removeIf(t -> !o.target().equals("all") && !t.name().startsWith(o.target()));
    System.out.printf(
        Locale.ROOT,
        "zssp timing-leak harness: JDK %s (%s), %d CPUs, measurements %d, max %.0f s per target,"
            + " warm-up %.0f%%, pool %d, seed %d%n",
        System.getProperty("java.version"),
        System.getProperty("java.vm.name"),
        Runtime.getRuntime().availableProcessors(),
        o.measurements(),
        o.maxSeconds(),
        o.warmup() * 100,
        o.pool(),
        o.seed());
    List<Row> rows = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(o.seed());
    for (TimingTarget t : targets) {
      Row row = measure(t, o, random.split());
      rows.add(row);
      System.out.println(line(row, false));
    }
    System.out.println();
    System.out.println(header(o.markdown()));
    for (Row row : rows) {
      System.out.println(line(row, o.markdown()));
    }
    System.out.println("(sink " + (sink & 0xff) + ")");
  }

  /** Prepares, measures and analyses one target. */
  static Row measure(TimingTarget t, Options o, SplittableRandom random) throws Exception {
    t.prepare(o.pool(), random);
    int warm = (int) (o.measurements() * o.warmup());
    int total = warm + o.measurements();
    byte[] classes = new byte[total];
    int[] index = new int[total];
    int[] next = new int[2];
    for (int i = 0; i < total; i++) {
      int c = random.nextInt(2);
      classes[i] = (byte) c;
      index[i] = next[c]++ % o.pool();
    }
    long[] times = new long[total];
    long acc = 0;
    System.gc();
    long start = System.nanoTime();
    long deadline = start + (long) (o.maxSeconds() * 1e9);
    int done = 0;
    while (done < total) {
      t.load(classes[done], index[done]);
      long t0 = System.nanoTime();
      acc += t.run();
      long t1 = System.nanoTime();
      times[done++] = t1 - t0;
      if ((done & 255) == 0 && t1 > deadline) {
        break;
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    sink += acc;
    // The warm-up is the same fraction of what was measured when the deadline cut the run short.
    int skip = done == total ? warm : (int) (done * o.warmup());
    long[] kept = java.util.Arrays.copyOfRange(times, skip, done);
    byte[] keptClasses = java.util.Arrays.copyOfRange(classes, skip, done);
    return new Row(t, DudectStatistics.analyze(kept, keptClasses), seconds);
  }

  private static String header(boolean markdown) {
    if (markdown) {
      return "| target | provider | classes (0 \\| 1) | batch | N | mean 0 / mean 1 (ns) | max \\|t\\|"
          + " (test) | verdict |\n|---|---|---|---|---|---|---|---|";
    }
    return String.format(
        Locale.ROOT,
        "%-36s %-8s %-46s %5s %9s %21s %9s  %s",
        "target",
        "provider",
        "classes (0 | 1)",
        "batch",
        "N",
        "mean 0 / mean 1 (ns)",
        "max |t|",
        "verdict (test)");
  }

  private static String line(Row r, boolean markdown) {
    DudectStatistics.Result res = r.result();
    TimingTarget t = r.target();
    String verdict = res.leakEvidence() ? "LEAK EVIDENCE" : "no evidence";
    String means = String.format(Locale.ROOT, "%.0f / %.0f", res.mean0(), res.mean1());
    if (markdown) {
      return String.format(
          Locale.ROOT,
          "| %s | %s | %s | %d | %d | %s | %.2f (%s) | %s |",
          t.name(),
          t.provider(),
          t.classes().replace("|", "\\|"),
          t.batch(),
          res.measurements(),
          means,
          Math.abs(res.max().t()),
          res.max().name(),
          verdict);
    }
    return String.format(
        Locale.ROOT,
        "%-36s %-8s %-46s %5d %9d %21s %9.2f  %s (%s, %.0f s)",
        t.name(),
        t.provider(),
        t.classes(),
        t.batch(),
        res.measurements(),
        means,
        Math.abs(res.max().t()),
        verdict,
        res.max().name(),
        r.seconds());
  }
}
