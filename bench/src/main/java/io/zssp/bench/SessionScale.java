package io.zssp.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * The memory-scaling run: one responder with N established idle sessions in this JVM; prints the
 * retained heap per session and how long setting them up took. Run it with the heap it needs, e.g.
 *
 * <pre>
 * java -Xmx4g -cp bench/target/benchmarks.jar io.zssp.bench.SessionScale engine 1000000
 * </pre>
 *
 * Arguments: implementation ({@code engine} or {@code reference}), session count, and optionally
 * {@code keep-ratchets} to hold every peer's ratchet record in an in-memory store as well (by
 * default the store keeps nothing, so the figure is the sessions' own). P-384 and Kyber are {@link
 * InsecureStandInCrypto}'s stand-ins; everything else is real. With {@code -Dzssp.scale.json=FILE}
 * the result is also appended to FILE as one JSON line (the input of {@code
 * bench/scripts/Charts.java}).
 */
public final class SessionScale {
  private SessionScale() {}

  public static void main(String[] args) throws Exception {
    String impl = args.length > 0 ? args[0] : "engine";
    int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    boolean keepRatchets = args.length > 2 && args[2].equals("keep-ratchets");
    IdleSessionFarm farm = new IdleSessionFarm(impl, impl, keepRatchets);
    farm.idle(60_000);
    long before = usedHeapAfterGc();
    long t0 = System.nanoTime();
    int step = Math.max(1, sessions / 10);
    while (farm.established < sessions) {
      farm.grow(Math.min(step, sessions - farm.established), 1000);
      farm.settle(); // as time passes on a real server, the new sessions go idle
      System.out.printf(
          Locale.ROOT,
          "  %,d sessions established (%.0f s)%n",
          farm.established,
          (System.nanoTime() - t0) / 1e9);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    farm.settle();
    long after = usedHeapAfterGc();
    System.out.printf(
        Locale.ROOT,
        "%s: %,d idle established sessions (responder side%s), %,.0f bytes of heap each;"
            + " set up in %.1f s (%,.0f handshakes/s with stand-in P-384/Kyber); JDK %s, max heap"
            + " %,d MB%n",
        impl,
        farm.established,
        keepRatchets ? ", with in-memory ratchet records" : "",
        (after - before) / (double) farm.established,
        seconds,
        farm.established / seconds,
        System.getProperty("java.version"),
        Runtime.getRuntime().maxMemory() >> 20);
    String json = System.getProperty("zssp.scale.json");
    if (json != null) { // one line per run, for bench/scripts/Charts.java
      Files.writeString(
          Path.of(json),
          String.format(
              Locale.ROOT,
              "{\"impl\": \"%s\", \"sessions\": %d, \"bytesPerSession\": %.0f,"
                  + " \"setupSeconds\": %.1f, \"jdk\": \"%s\", \"maxHeapMiB\": %d}%n",
              impl,
              farm.established,
              (after - before) / (double) farm.established,
              seconds,
              System.getProperty("java.version"),
              Runtime.getRuntime().maxMemory() >> 20),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    }
    if (Boolean.getBoolean("zssp.scale.pause")) {
      Thread.sleep(Long.MAX_VALUE); // for jcmd GC.class_histogram
    }
    if (farm.bob.sessions().size() != sessions) {
      throw new IllegalStateException("expected " + sessions + " sessions");
    }
  }

  static long usedHeapAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }
}
