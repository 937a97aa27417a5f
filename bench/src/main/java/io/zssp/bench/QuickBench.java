package io.zssp.bench;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code zssp bench}: a short run of the protocol benchmarks (payloads at 64, 1400 and 8000 B, full
 * handshake, KK rekey, hostile datagrams) for both implementations, on this machine, with JMH and
 * {@code -prof gc}; prints one table with the engine's speed-up over the reference and the bytes
 * allocated per operation. About two minutes. Extra arguments are JMH options (e.g. {@code -f 3}
 * for three forks, {@code -jvm PATH} for another JDK). The full set and the documented figures come
 * from the commands in {@code docs/BENCHMARKS.md}.
 */
public final class QuickBench {
  private static final String SET =
      "io.zssp.bench.(PayloadBenchmark|HandshakeBenchmark|HostileInputBenchmark)\\..*";

  private QuickBench() {}

  public static void main(String[] args) throws Exception {
    CommandLineOptions given = new CommandLineOptions(args);
    ChainedOptionsBuilder b = new OptionsBuilder().parent(given).shouldDoGC(true);
    if (given.getIncludes().isEmpty()) {
      b.include(SET);
    }
    if (!given.getWarmupIterations().hasValue()) {
      b.warmupIterations(2);
    }
    if (!given.getWarmupTime().hasValue()) {
      b.warmupTime(TimeValue.seconds(1));
    }
    if (!given.getMeasurementIterations().hasValue()) {
      b.measurementIterations(3);
    }
    if (!given.getMeasurementTime().hasValue()) {
      b.measurementTime(TimeValue.seconds(1));
    }
    if (!given.getForkCount().hasValue()) {
      b.forks(1);
    }
    if (given.getProfilers().isEmpty()) {
      b.addProfiler(GCProfiler.class);
    }
    Options options = b.build();
    System.out.println(
        "zssp bench: the protocol benchmarks, reference and engine side by side (JDK "
            + System.getProperty("java.version")
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " cores); about two minutes ...");
    Collection<RunResult> results = new Runner(options).run();
    System.out.println();
    System.out.print(table(results));
  }

  /** One row per benchmark and parameter set, the implementations side by side. */
  static String table(Collection<RunResult> results) {
    Map<String, Map<String, RunResult>> rows = new LinkedHashMap<>();
    for (RunResult r : results) {
      var params = r.getParams();
      String impl = params.getParam("impl");
      StringBuilder name = new StringBuilder(shortName(params.getBenchmark()));
      for (String key : params.getParamsKeys()) {
        if (!key.equals("impl")) {
          name.append(' ').append(key).append('=').append(params.getParam(key));
        }
      }
      rows.computeIfAbsent(name.toString(), k -> new LinkedHashMap<>()).put(impl, r);
    }
    List<String[]> lines = new ArrayList<>();
    lines.add(
        new String[] {
          "benchmark", "unit", "reference", "engine", "speed-up", "B/op ref", "B/op eng"
        });
    for (var e : rows.entrySet()) {
      RunResult ref = e.getValue().get("reference");
      RunResult eng = e.getValue().get("engine");
      RunResult any = ref != null ? ref : eng;
      String unit = any.getPrimaryResult().getScoreUnit();
      String speedUp = "—";
      if (ref != null && eng != null) {
        double a = ref.getPrimaryResult().getScore();
        double b = eng.getPrimaryResult().getScore();
        speedUp = String.format(Locale.ROOT, "%.2f×", unit.endsWith("/op") ? a / b : b / a);
      }
      lines.add(
          new String[] {e.getKey(), unit, score(ref), score(eng), speedUp, alloc(ref), alloc(eng)});
    }
    int[] width = new int[lines.get(0).length];
    for (String[] l : lines) {
      for (int i = 0; i < l.length; i++) {
        width[i] = Math.max(width[i], l[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (String[] l : lines) {
      for (int i = 0; i < l.length; i++) {
        String cell = l[i];
        String pad = " ".repeat(width[i] - cell.length());
        out.append(i == 0 ? cell + pad : "  " + pad + cell);
      }
      out.append('\n');
    }
    out.append("speed-up: engine over reference (higher is better, whatever the unit);")
        .append(" B/op: bytes allocated per operation.\n");
    return out.toString();
  }

  private static String shortName(String benchmark) {
    String[] parts = benchmark.split("\\.");
    return parts[parts.length - 2].replace("Benchmark", "") + "." + parts[parts.length - 1];
  }

  private static String score(RunResult r) {
    if (r == null) {
      return "—";
    }
    double s = r.getPrimaryResult().getScore();
    return String.format(Locale.ROOT, s >= 100 ? "%,.0f" : "%,.2f", s);
  }

  private static String alloc(RunResult r) {
    if (r == null) {
      return "—";
    }
    Result<?> a = r.getSecondaryResults().get("gc.alloc.rate.norm");
    return a == null ? "—" : String.format(Locale.ROOT, "%,.0f", a.getScore());
  }
}
