package io.zssp.bench;

import io.zssp.api.ChallengePolicy;
import io.zssp.api.ContextConfig;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.Session;
import io.zssp.api.ZsspContext;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.P384KeyPair;
import io.zssp.engine.EngineLimits;
import io.zssp.engine.EngineZssp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A responder answering X1s with its handshake workers (issue 9 item 4, issue 10 item 3): one
 * receiving thread (JMH's) hands a batch of {@value #BATCH} distinct, valid X1s to an engine
 * context with {@code workers} handshake threads (0: inline, on the receiving thread) and waits
 * until every X2 has been sent. The score is X1s answered per second; the ratio of 2 workers to 1
 * is the scaling of responder handshake work across cores.
 *
 * <p>The X1s come from initiator contexts in the trial setup (each a real open); between batches
 * Bob's clock jumps past the half-open lifetime and {@code service()} expires the entries, so the
 * same X1s are answered afresh (de-duplication only spans an entry's life). The challenge is off.
 *
 * <p>The warm-up is long on purpose: the JIT goes on compiling the P-384 and Kyber code for about
 * 30 s ({@code -XX:+PrintCompilation}: 300 compilations in the 5 s after a 9 s warm-up, 35 after 30
 * s), and while it does, its threads take a core's share from two workers but only the idle core's
 * from one, which understated the scaling (async-profiler: the C2 threads had 18–27 % of the CPU
 * samples of a 2-worker measurement after a 6 s warm-up).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 6, time = 5)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class HandshakeWorkersBenchmark {
  static final int BATCH = 64;
  private static final int DISTINCT_X1S = 256;

  @Param({"0", "1", "2"})
  public int workers;

  /**
   * The crypto provider of both sides: {@code default}, or {@code native} (AWS-LC through ACCP).
   */
  @Param({"default"})
  public String crypto;

  private CryptoProvider cryptoProvider;
  private final AtomicLong bobSent = new AtomicLong();
  private volatile long now = 1_000_000;
  private ZsspContext bob;
  private final List<byte[][]> x1s = new ArrayList<>(); // per X1: its fragments
  private final List<PeerAddress> sources = new ArrayList<>();
  private int fragmentsPerX2;
  private int next;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    cryptoProvider = CryptoProviders.named(crypto);
    P384KeyPair bobKey = cryptoProvider.p384().generateKeyPair();
    PeerAddress bobAddress = PeerAddress.ofBytes(new byte[] {10, 0, 0, 2});
    bob =
        EngineZssp.newContext(
            ContextConfig.builder()
                .crypto(cryptoProvider)
                .staticKey(bobKey)
                .application(new IdleSessionFarm.Accepting())
                .ratchetStore(new InMemoryRatchetStore())
                .clock(() -> now)
                .challengePolicy(ChallengePolicy.OFF)
                .sender(
                    (to, d, off, len) -> {
                      bobSent.incrementAndGet();
                      return true;
                    })
                .build(),
            EngineLimits.builder().handshakeWorkers(workers).handshakeQueue(2 * BATCH).build());
    List<byte[]> captured = new ArrayList<>();
    ZsspContext alice =
        EngineZssp.newContext(
            ContextConfig.builder()
                .crypto(cryptoProvider)
                .staticKey(cryptoProvider.p384().generateKeyPair())
                .application(new IdleSessionFarm.Accepting())
                .ratchetStore(new InMemoryRatchetStore())
                .clock(() -> now)
                .sender(
                    (to, d, off, len) -> {
                      captured.add(Arrays.copyOfRange(d, off, off + len));
                      return true;
                    })
                .build());
    for (int i = 0; i < DISTINCT_X1S; i++) {
      captured.clear();
      Session s = alice.open(bobKey.publicKey(), bobAddress, OpenOptions.builder().build());
      x1s.add(captured.toArray(new byte[0][]));
      sources.add(PeerAddress.ofBytes(new byte[] {10, 1, (byte) (i >> 8), (byte) i}));
      s.close();
    }
    long before = bobSent.get();
    answer(1); // fragmentsPerX2 is 0: returns at once; the X2's fragments go out in one flush
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (bobSent.get() == before && System.nanoTime() < deadline) {
      LockSupport.parkNanos(1_000_000);
    }
    Thread.sleep(100);
    fragmentsPerX2 = (int) (bobSent.get() - before);
    if (fragmentsPerX2 < 1) {
      throw new IllegalStateException("Bob did not answer the X1");
    }
  }

  /** Bob's clock passes the half-open lifetime: the last batch's entries expire. */
  @Setup(Level.Invocation)
  public void expireHalfOpen() {
    now += 60_000;
    bob.service();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    bob.close();
  }

  /** Hands {@code n} X1s to Bob on this thread and waits until their X2s are all sent. */
  private void answer(int n) {
    long target = bobSent.get() + (long) n * Math.max(1, fragmentsPerX2);
    for (int i = 0; i < n; i++) {
      int k = next++ % DISTINCT_X1S;
      for (byte[] fragment : x1s.get(k)) {
        bob.receive(sources.get(k), fragment, 0, fragment.length);
      }
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (fragmentsPerX2 > 0 && bobSent.get() < target) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("X2s missing: " + (target - bobSent.get()) + " datagrams");
      }
      // Long enough that the waiting thread takes almost no CPU from the workers (a batch takes
      // tens of milliseconds), short enough that the batch's end is seen within 1 % of it.
      LockSupport.parkNanos(200_000);
    }
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long x1s() {
    answer(BATCH);
    return bobSent.get();
  }
}
