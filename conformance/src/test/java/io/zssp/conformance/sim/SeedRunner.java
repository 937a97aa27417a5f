package io.zssp.conformance.sim;

import io.zssp.api.DropReason;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;

/**
 * Runs one scenario over many seeds, in parallel (each seed is an independent, single-threaded,
 * deterministic simulation), prints a one-line summary and fails with the first failing seeds,
 * their parameters and traces. {@code -Dzssp.sim.seed=N} runs only seed N (to replay a failure).
 */
final class SeedRunner {
  private SeedRunner() {}

  /** Seed count: {@code -Dzssp.sim.seeds} (the two-peer count) scaled by {@code per1000}. */
  static int seeds(int per1000, int min) {
    int base = Integer.getInteger("zssp.sim.seeds", 2000);
    return Math.max(min, (int) ((long) base * per1000 / 1000));
  }

  static List<SeedOutcome> run(String scenario, int count, LongFunction<SeedOutcome> body) {
    long first = Long.getLong("zssp.sim.firstSeed", 1);
    Long only = Long.getLong("zssp.sim.seed");
    List<Long> seeds = new ArrayList<>();
    if (only != null) {
      seeds.add(only);
    } else {
      for (int i = 0; i < count; i++) {
        seeds.add(first + i);
      }
    }
    long wallStart = System.nanoTime();
    int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<SeedOutcome> outcomes = new ArrayList<>();
    try {
      List<Future<SeedOutcome>> futures = new ArrayList<>();
      for (long seed : seeds) {
        futures.add(pool.submit(() -> runOne(seed, body)));
      }
      for (Future<SeedOutcome> f : futures) {
        outcomes.add(f.get());
      }
    } catch (InterruptedException | ExecutionException e) {
      throw new AssertionError("seed runner failed", e);
    } finally {
      pool.shutdownNow();
    }
    double wall = (System.nanoTime() - wallStart) / 1e9;
    System.out.println(summary(scenario, outcomes, wall));
    List<SeedOutcome> failed = outcomes.stream().filter(o -> !o.failures.isEmpty()).toList();
    if (!failed.isEmpty()) {
      StringBuilder sb =
          new StringBuilder(
              scenario
                  + ": "
                  + failed.size()
                  + " of "
                  + outcomes.size()
                  + " seeds failed (replay one with -Dzssp.sim.seed=N)\n");
      for (SeedOutcome o : failed.subList(0, Math.min(3, failed.size()))) {
        sb.append("--- seed ").append(o.seed).append(" [").append(o.params).append("]\n");
        o.failures.stream().limit(8).forEach(f -> sb.append("  FAIL ").append(f).append('\n'));
        sb.append(o.traces).append('\n');
      }
      throw new AssertionError(sb.toString());
    }
    return outcomes;
  }

  private static SeedOutcome runOne(long seed, LongFunction<SeedOutcome> body) {
    try {
      return body.apply(seed);
    } catch (RuntimeException | AssertionError e) {
      SeedOutcome o = new SeedOutcome(seed, "threw");
      StringWriter sw = new StringWriter();
      e.printStackTrace(new PrintWriter(sw));
      o.failures.add("exception: " + sw);
      return o;
    }
  }

  static String summary(String scenario, List<SeedOutcome> outcomes, double wallSeconds) {
    long hs = 0, rk = 0, rs = 0, sent = 0, del = 0, owed = 0, virt = 0, maxEst = 0, slowSeed = 0;
    for (SeedOutcome o : outcomes) {
      hs += o.handshakes;
      rk += o.rekeys;
      rs += o.restarts;
      sent += o.sent;
      del += o.delivered;
      owed += o.owed;
      virt += o.virtualMillis;
      if (o.establishMillis > maxEst) {
        maxEst = o.establishMillis;
        slowSeed = o.seed;
      }
    }
    String slowest =
        maxEst == 0
            ? ""
            : String.format(", slowest establishment %.1f s (seed %d)", maxEst / 1000.0, slowSeed);
    long failed = outcomes.stream().filter(o -> !o.failures.isEmpty()).count();
    Map<DropReason, Long> drops = new EnumMap<>(DropReason.class);
    outcomes.forEach(o -> o.drops.forEach((r, n) -> drops.merge(r, n, Long::sum)));
    return String.format(
        "[zssp-sim] %s: %d seeds (%d failed), %d handshakes, %d rekeys, "
            + "%d restarts, payloads sent %d / delivered %d / owed %d / lost %d%s, virtual time "
            + "%.1f h, wall %.1f s%n[zssp-sim] %s drops: %s",
        scenario,
        outcomes.size(),
        failed,
        hs,
        rk,
        rs,
        sent,
        del,
        owed,
        sent - del,
        slowest,
        virt / 3.6e6,
        wallSeconds,
        scenario,
        drops);
  }
}
