package io.zssp.engine;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine's per-event timer cost (issue 9: it must not grow more than logarithmically from 10 k
 * to 1 M sessions), measured on its {@link TimerHeap} with N members at spread-out deadlines:
 * {@code fire} is one due session popped by {@code service()} and re-armed a keepalive later;
 * {@code reschedule} is a session whose deadline moves (a packet sent or received changes it). This
 * class sits in the engine's package (on the class path, a split package is allowed) because the
 * heap is package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class TimerHeapBenchmark {
  private static final long SPREAD = 1_000_000_000L; // deadlines over ≈ 11 days of milliseconds

  @Param({"10000", "100000", "1000000"})
  public int members;

  private static final class Session extends TimerHeap.Member {}

  private final TimerHeap heap = new TimerHeap();
  private final TimerHeap.Member[] due = new TimerHeap.Member[1];
  private Session[] all;
  private long seed = 0x9E3779B97F4A7C15L;

  private long random() {
    seed ^= seed << 13; // xorshift64
    seed ^= seed >>> 7;
    seed ^= seed << 17;
    return seed;
  }

  @Setup
  public void setup() {
    all = new Session[members];
    for (int i = 0; i < members; i++) {
      all[i] = new Session();
      heap.schedule(all[i], Math.floorMod(random(), SPREAD));
    }
  }

  @Benchmark
  public int fire() {
    long now = heap.earliest();
    int n = heap.pollDue(now, due);
    heap.schedule(due[0], now + Math.floorMod(random(), SPREAD)); // re-armed
    return n;
  }

  @Benchmark
  public long reschedule() {
    Session s = all[(int) Math.floorMod(random(), (long) members)];
    long deadline = s.heapDeadline + Math.floorMod(random(), 2 * SPREAD) - SPREAD;
    heap.schedule(s, Math.max(0, deadline));
    return deadline;
  }
}
