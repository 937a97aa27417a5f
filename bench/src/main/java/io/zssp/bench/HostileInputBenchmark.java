package io.zssp.bench;

import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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
 * What a datagram that will be dropped costs the receiver, 1400 random bytes each: {@code
 * unknownKid} (a key id no session has: the cheapest drop), {@code sessionKid} (the key id of an
 * established session, so the header is unprotected and checked before the drop), and {@code
 * helloKid} (key id 0, the unauthenticated X1 path, from a different source each time). The
 * receiver has one established session. The figures that matter are time and allocation per drop.
 * {@code replayedX1*}: a captured X1 (both fragments) that the receiver is already answering,
 * replayed from its own source (answered with the stored X2; the harness copies those datagrams
 * into its queue, which counts in B/op) and from other sources (dropped).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HostileInputBenchmark {
  @Param({"reference", "engine"})
  public String impl;

  private static final int SIZE = 1400;
  private static final int VARIANTS = 1024;

  private ZsspPair pair;
  private final byte[][] garbage = new byte[VARIANTS][];
  private final PeerAddress[] sources = new PeerAddress[VARIANTS];
  private byte[] sessionKid;
  private final List<byte[]> capturedX1 = new ArrayList<>();
  private int i;

  @Setup
  public void setup() throws Exception {
    pair = new ZsspPair(impl, 1500);
    Session alice = pair.handshake(1500);
    byte[] probe = new byte[16];
    alice.send(probe, 0, probe.length);
    sessionKid = ((byte[]) pair.queue.peekFirst()[1]).clone(); // Bob's recv kid: bytes 0..4
    pair.queue.clear();
    // A captured X1 that Bob has answered (its B2 is alive: the virtual clock does not move).
    pair.alice.ctx.open(
        pair.bob.key.publicKey(), pair.bob.address, OpenOptions.builder().mtu(1500).build());
    for (Object[] d : pair.queue) {
      capturedX1.add((byte[]) d[1]);
    }
    pair.deliverTo(pair.bob);
    pair.queue.clear();
    SplittableRandom r = new SplittableRandom(9);
    for (int v = 0; v < VARIANTS; v++) {
      garbage[v] = new byte[SIZE];
      for (int k = 0; k < SIZE; k++) {
        garbage[v][k] = (byte) r.nextInt();
      }
      sources[v] = PeerAddress.ofBytes(new byte[] {9, 9, (byte) (v >> 8), (byte) v});
    }
  }

  private byte[] next(int k0, int k1, int k2, int k3) {
    byte[] d = garbage[i++ & (VARIANTS - 1)];
    d[0] = (byte) k0;
    d[1] = (byte) k1;
    d[2] = (byte) k2;
    d[3] = (byte) k3;
    return d;
  }

  @Benchmark
  public byte[] unknownKid() {
    byte[] d = next(0x7f, 0x7e, 0x7d, 0x7c ^ (i & 0x3f));
    pair.bob.ctx.receive(pair.alice.address, d, 0, d.length);
    return d;
  }

  @Benchmark
  public byte[] sessionKid() {
    byte[] d = next(sessionKid[0], sessionKid[1], sessionKid[2], sessionKid[3]);
    pair.bob.ctx.receive(pair.alice.address, d, 0, d.length);
    return d;
  }

  /** The captured X1 again from its own source: answered with the stored X2 (§14.2). */
  @Benchmark
  public int replayedX1SameSource() {
    for (byte[] d : capturedX1) {
      pair.bob.ctx.receive(pair.alice.address, d, 0, d.length);
    }
    int n = pair.queue.size(); // the X2 fragments (copied by the harness's queue)
    pair.queue.clear();
    return n;
  }

  /** The captured X1 from another source each time: dropped as a duplicate, nothing sent. */
  @Benchmark
  public int replayedX1OtherSource() {
    PeerAddress from = sources[i++ & (VARIANTS - 1)];
    for (byte[] d : capturedX1) {
      pair.bob.ctx.receive(from, d, 0, d.length);
    }
    return pair.queue.size();
  }

  @Benchmark
  public byte[] helloKid() {
    byte[] d = next(0, 0, 0, 0);
    pair.bob.ctx.receive(sources[i & (VARIANTS - 1)], d, 0, d.length);
    pair.queue.clear(); // a challenge or an error answer, if any, goes nowhere
    return d;
  }
}
