package io.zssp.bench;

import io.zssp.api.OpenOptions;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The protocol in <em>CPU time</em> of the measuring thread, the default and the native provider
 * interleaved block by block, on the engine: full handshakes (both sides), Bob's X1 (X1 in, X2
 * out), KK rekeys, and one payload of 64, 1400 or 8000 bytes through Alice's send and Bob's receive
 * (as {@link CryptoProviderPayloadBenchmark}; a block sends 500 times as many payloads). A
 * complement to the JMH throughput benchmarks on a shared machine: CPU time does not count the time
 * other processes hold the cores, and interleaving small blocks spreads whatever noise remains
 * (frequency, caches) over both providers alike. Prints the median, the quartiles and the ratio
 * default/native per operation.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.zssp.bench.CryptoProviderCpuTime [rounds] [per-block]
 * </pre>
 *
 * <p>{@code -Dzssp.cpu.providers=A,B} compares two other providers by their {@link CryptoProviders}
 * names, {@code -Dzssp.cpu.ops=payload64,...} a subset of the operations.
 */
public final class CryptoProviderCpuTime {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final java.util.Map<String, byte[]> PAYLOADS =
      java.util.Map.of(
          "payload64", new byte[64], "payload1400", new byte[1400], "payload8000", new byte[8000]);

  private CryptoProviderCpuTime() {}

  public static void main(String[] args) throws Exception {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    int perBlock = args.length > 1 ? Integer.parseInt(args[1]) : 20;
    // Two providers by CryptoProviders' names, and the operations, may be chosen by property.
    String[] names = System.getProperty("zssp.cpu.providers", "default,native").split(",");
    String[] ops =
        System.getProperty(
                "zssp.cpu.ops", "fullHandshake,responderX1,rekey,payload64,payload1400,payload8000")
            .split(",");
    if (names.length != 2) {
      throw new IllegalArgumentException("zssp.cpu.providers names two providers");
    }
    ZsspPair[][] pairs = new ZsspPair[ops.length][2]; // a fresh pair per operation, as in JMH
    Session[][] rekeying = new Session[ops.length][2];
    for (int o = 0; o < ops.length; o++) {
      for (int p = 0; p < 2; p++) {
        pairs[o][p] = new ZsspPair("engine", 1500, CryptoProviders.named(names[p]));
        rekeying[o][p] = pairs[o][p].handshake(1500);
        pairs[o][p].direct = ops[o].startsWith("payload"); // one-way: delivered inside send
      }
    }
    List<List<List<Double>>> micros = new ArrayList<>(); // [op][provider] -> µs per operation
    for (int o = 0; o < ops.length; o++) {
      micros.add(List.of(new ArrayList<>(), new ArrayList<>()));
    }
    for (int round = -5; round < rounds; round++) { // five warm-up rounds, not recorded
      for (int o = 0; o < ops.length; o++) {
        for (int p = 0; p < 2; p++) {
          int count = ops[o].startsWith("payload") ? perBlock * 500 : perBlock;
          double us = block(ops[o], pairs[o][p], rekeying[o][p], count);
          if (round >= 0) {
            micros.get(o).get(p).add(us);
          }
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "CPU time per operation, engine, %d rounds x %d per provider, interleaved (µs: median"
            + " [q1-q3])%n",
        rounds,
        perBlock);
    System.out.printf(
        Locale.ROOT, "%-14s %28s %28s %8s%n", "operation", names[0], names[1], "ratio");
    for (int o = 0; o < ops.length; o++) {
      double[] d = sorted(micros.get(o).get(0));
      double[] n = sorted(micros.get(o).get(1));
      System.out.printf(
          Locale.ROOT,
          "%-14s %28s %28s %7.2fx%n",
          ops[o],
          quartiles(d),
          quartiles(n),
          median(d) / median(n));
    }
  }

  /** Mean CPU µs of {@code count} operations of kind {@code op} on {@code pair}. */
  private static double block(String op, ZsspPair pair, Session rekeying, int count)
      throws Exception {
    byte[] payload = PAYLOADS.get(op);
    if (payload != null) { // sub-microsecond operations: one clock reading per block
      long t0 = THREADS.getCurrentThreadCpuTime();
      for (int i = 0; i < count; i++) {
        rekeying.send(payload, 0, payload.length); // Bob receives every fragment inside
      }
      return (THREADS.getCurrentThreadCpuTime() - t0) / 1e3 / count;
    }
    long cpu = 0;
    for (int i = 0; i < count; i++) {
      switch (op) {
        case "fullHandshake":
          {
            long t0 = THREADS.getCurrentThreadCpuTime();
            Session s = pair.handshake(1500);
            cpu += THREADS.getCurrentThreadCpuTime() - t0;
            s.close();
            pair.bob.established.close();
            break;
          }
        case "responderX1":
          {
            Session alice =
                pair.alice.ctx.open(
                    pair.bob.key.publicKey(),
                    pair.bob.address,
                    OpenOptions.builder().mtu(1500).build());
            long t0 = THREADS.getCurrentThreadCpuTime();
            pair.deliverTo(pair.bob); // X1 in, X2 out
            cpu += THREADS.getCurrentThreadCpuTime() - t0;
            pair.deliverAll();
            if (alice.state() != SessionState.S2) {
              throw new IllegalStateException("handshake did not complete: " + alice.state());
            }
            alice.close();
            pair.bob.established.close();
            pair.queue.clear();
            break;
          }
        default:
          {
            pair.now += 3_600_000;
            long t0 = THREADS.getCurrentThreadCpuTime();
            pair.alice.ctx.service(); // K1
            pair.deliverAll(); // K2, C1, C2
            cpu += THREADS.getCurrentThreadCpuTime() - t0;
            if (rekeying.state() != SessionState.S2) {
              throw new IllegalStateException("rekey did not complete: " + rekeying.state());
            }
          }
      }
    }
    return cpu / 1e3 / count;
  }

  private static double[] sorted(List<Double> values) {
    double[] a = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(a);
    return a;
  }

  private static double median(double[] a) {
    return percentile(a, 0.5);
  }

  private static double percentile(double[] a, double q) {
    double pos = q * (a.length - 1);
    int lo = (int) Math.floor(pos);
    int hi = (int) Math.ceil(pos);
    return a[lo] + (a[hi] - a[lo]) * (pos - lo);
  }

  private static String quartiles(double[] a) {
    return String.format(
        Locale.ROOT,
        median(a) < 100 ? "%,.2f [%,.2f-%,.2f]" : "%,.0f [%,.0f-%,.0f]",
        median(a),
        percentile(a, 0.25),
        percentile(a, 0.75));
  }
}
