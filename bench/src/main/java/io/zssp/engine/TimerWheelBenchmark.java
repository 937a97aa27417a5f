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
 * to 1 M sessions), measured on its {@link TimerWheel} with N members at spread-out deadlines:
 * {@code fire} is one due session popped by {@code service()} and re-armed up to 11 days later (so
 * the cascades between the wheel's levels are part of the cost); {@code reschedule} is a session
 * whose deadline moves (a packet sent or received changes it). The 4-ary heap it replaced was
 * measured by the same code as {@code TimerHeapBenchmark} (commit 925d7af). This class sits in the
 * engine's package (on the class path, a split package is allowed) because the wheel is
 * package-private.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx2g"})
public class TimerWheelBenchmark {
  private static final long SPREAD = 1_000_000_000L; // deadlines over ≈ 11 days of milliseconds

  @Param({"10000", "100000", "1000000"})
  public int members;

  private static final class Session extends TimerWheel.Member {}

  private final TimerWheel wheel = new TimerWheel(0);
  private final TimerWheel.Member[] due = new TimerWheel.Member[1];
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
      wheel.schedule(all[i], Math.floorMod(random(), SPREAD));
    }
  }

  @Benchmark
  public int fire() {
    long now = wheel.earliest(Long.MAX_VALUE - 1); // the next deadline: time jumps to it
    int n = wheel.pollDue(now, due);
    wheel.schedule(due[0], now + Math.floorMod(random(), SPREAD)); // re-armed
    return n;
  }

  /**
   * The baseline of {@code reschedule}: the same random session read, no timer work. At a million
   * sessions this one cache miss is most of an event's cost, whatever the timer structure.
   */
  @Benchmark
  public long touchSession() {
    Session s = all[(int) Math.floorMod(random(), (long) members)];
    return s.timerDeadline + Math.floorMod(random(), 2 * SPREAD);
  }

  @Benchmark
  public long reschedule() {
    Session s = all[(int) Math.floorMod(random(), (long) members)];
    long deadline = s.timerDeadline + Math.floorMod(random(), 2 * SPREAD) - SPREAD;
    wheel.schedule(s, Math.max(0, deadline)); // the wheel's tick stays 0: never overdue
    return deadline;
  }
}
