package io.zssp.bench;

import io.zssp.api.DataTooLargeException;
import io.zssp.api.Session;
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
 * {@link PayloadBenchmark} with the crypto provider as the parameter (engine by default): one
 * payload through Alice's {@code send} and Bob's {@code receive} of every fragment, MTU 1500, the
 * default and the native provider in one run. With {@code -prof gc}, the allocation per payload
 * (the engine's own path allocates nothing; what remains is the provider's AES-GCM).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CryptoProviderPayloadBenchmark {
  @Param({"engine"})
  public String impl;

  @Param({"default", "native"})
  public String crypto;

  @Param({"64", "1400", "8000"})
  public int size;

  private ZsspPair pair;
  private Session alice;
  private byte[] payload;

  @Setup
  public void setup() throws Exception {
    pair = new ZsspPair(impl, 1500, CryptoProviders.named(crypto));
    alice = pair.handshake(1500);
    pair.direct = true;
    payload = new byte[size];
    new java.util.Random(size).nextBytes(payload);
  }

  @Benchmark
  public long sealAndOpen() throws DataTooLargeException {
    alice.send(payload, 0, payload.length); // Bob receives every fragment inside this call
    return pair.bob.bytesReceived;
  }
}
