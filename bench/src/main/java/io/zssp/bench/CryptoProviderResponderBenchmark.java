package io.zssp.bench;

import io.zssp.api.OpenOptions;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link ResponderBenchmark} with the crypto provider as the parameter (engine by default): {@code
 * x1} = Bob receiving an X1 and answering X2 (key generation, two ECDH, Kyber encapsulation),
 * {@code x3} = Bob receiving the X3 and reaching S1 (one ECDH, the ratchet store, C1); Alice's work
 * is outside the measured time. Both providers in one run; a responder's handshake rate is 1 / (x1
 * + x3).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CryptoProviderResponderBenchmark {
  @Param({"engine"})
  public String impl;

  @Param({"default", "native"})
  public String crypto;

  private ZsspPair pair;
  private Session alice;

  @Setup(Level.Trial)
  public void setup() {
    pair = new ZsspPair(impl, 1500, CryptoProviders.named(crypto));
  }

  /** Alice's X1, queued for Bob. */
  @Setup(Level.Invocation)
  public void aliceOpens() throws Exception {
    alice =
        pair.alice.ctx.open(
            pair.bob.key.publicKey(), pair.bob.address, OpenOptions.builder().mtu(1500).build());
  }

  @TearDown(Level.Invocation)
  public void closeBoth() {
    pair.deliverAll();
    if (alice.state() != SessionState.S2) {
      throw new IllegalStateException("handshake did not complete: " + alice.state());
    }
    alice.close();
    pair.bob.established.close();
    pair.queue.clear();
  }

  @Benchmark
  public int x1() {
    return pair.deliverTo(pair.bob); // X1 in, X2 out
  }

  @State(Scope.Thread)
  public static class AfterX2 {
    /** Alice processes Bob's X2 (outside the measured time): X3 is queued for Bob. */
    @Setup(Level.Invocation)
    public void aliceAnswers(CryptoProviderResponderBenchmark b) {
      b.pair.deliverTo(b.pair.bob); // X1 → X2
      b.pair.deliverTo(b.pair.alice); // X2 → X3
    }
  }

  @Benchmark
  public int x3(AfterX2 ready) {
    return pair.deliverTo(pair.bob); // X3 in, C1 out
  }
}
