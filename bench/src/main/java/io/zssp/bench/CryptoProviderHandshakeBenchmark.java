package io.zssp.bench;

import io.zssp.api.Session;
import io.zssp.api.SessionState;
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
 * {@link HandshakeBenchmark} with the crypto provider as the parameter, on the engine by default
 * ({@code -p impl=reference} for the other): full XK handshakes per second (both sides on one
 * thread) and KK rekeys per second, default and native provider in one run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CryptoProviderHandshakeBenchmark {
  @Param({"engine"})
  public String impl;

  @Param({"default", "native"})
  public String crypto;

  private ZsspPair pair;
  private Session rekeying;

  @Setup
  public void setup() throws Exception {
    pair = new ZsspPair(impl, 1500, CryptoProviders.named(crypto));
    rekeying = pair.handshake(1500);
  }

  @Benchmark
  public SessionState fullHandshake() throws Exception {
    Session s = pair.handshake(1500);
    s.close();
    pair.bob.established.close();
    return s.state();
  }

  @Benchmark
  public SessionState rekey() {
    pair.now += 3_600_000; // past Alice's rekey deadline (at most an hour away)
    pair.alice.ctx.service(); // K1
    pair.deliverAll(); // K2, C1, C2
    if (rekeying.state() != SessionState.S2) {
      throw new IllegalStateException("rekey did not complete: " + rekeying.state());
    }
    return rekeying.state();
  }
}
