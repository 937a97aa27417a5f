package io.zssp.bench;

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
 * {@code service()} with nothing due, on a responder holding N established idle sessions (built by
 * {@link IdleSessionFarm}, stand-in P-384/Kyber): the timer work an idle server pays on every tick,
 * which must not grow with N. The reference does not fit a million sessions in 4 GB; run it with
 * {@code -p sessions=10000,100000}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xmx4g"})
public class IdleSessionsBenchmark {
  @Param({"engine"})
  public String impl;

  @Param({"10000", "100000", "1000000"})
  public int sessions;

  private IdleSessionFarm farm;

  @Setup
  public void setup() throws Exception {
    farm = new IdleSessionFarm(impl, impl, false);
    for (int step = Math.max(1, sessions / 10); farm.established < sessions; ) {
      farm.grow(Math.min(step, sessions - farm.established), 1000);
      farm.settle();
    }
  }

  @Benchmark
  public long serviceNothingDue() {
    return farm.bob.service();
  }
}
