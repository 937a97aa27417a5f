package io.zssp.bench;

import io.zssp.api.ContextConfig;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspEvent;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384KeyPair;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * How the work spreads over cores: one shared responder context ("Bob") and one initiator context
 * per benchmark thread, the same code run with 1 and with 2 threads so that the aggregate ratio is
 * the scaling factor. {@code payload*}: 1400-byte payloads (seal, send, receive, open) over 1,000
 * established sessions split between the threads, each thread cycling through its own. {@code
 * handshake*}: full handshakes (both sides, real P-384 and Kyber) by every thread against the one
 * shared responder. Datagrams never leave the thread that produced them (each thread's deliveries
 * go through its own queue, or straight into the receiver for the data path), so contention is only
 * what the implementation itself has: the reference serializes every call on its context, the
 * engine only calls on one session.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ScalingBenchmark {
  private static final int SESSIONS = 1000;
  private static final int PAYLOAD = 1400;
  private static final ThreadLocal<ArrayDeque<Object[]>> QUEUE =
      ThreadLocal.withInitial(ArrayDeque::new);
  private static final ThreadLocal<Boolean> DIRECT = ThreadLocal.withInitial(() -> false);
  private static final ThreadLocal<Session> LAST_ESTABLISHED_BY_BOB = new ThreadLocal<>();

  @Param({"reference", "engine"})
  public String impl;

  final CryptoProvider crypto = DefaultCryptoProvider.create();
  final Map<PeerAddress, ZsspContext> contexts = new ConcurrentHashMap<>();
  final AtomicInteger clients = new AtomicInteger();
  PeerAddress bobAddress;
  P384KeyPair bobKey;

  @Setup
  public void setup() {
    bobAddress = PeerAddress.ofBytes(new byte[] {10, 0, 0, 1});
    bobKey = crypto.p384().generateKeyPair();
    contexts.put(bobAddress, context(bobKey, bobAddress, true));
  }

  ZsspContext context(P384KeyPair key, PeerAddress self, boolean isBob) {
    return ZsspPair.implementation(impl)
        .apply(
            ContextConfig.builder()
                .crypto(crypto)
                .staticKey(key)
                .ratchetStore(new InMemoryRatchetStore())
                .application(new App(isBob))
                .sender(
                    (to, d, off, len) -> {
                      if (DIRECT.get()) {
                        contexts.get(to).receive(self, d, off, len);
                      } else {
                        QUEUE
                            .get()
                            .add(new Object[] {self, to, Arrays.copyOfRange(d, off, off + len)});
                      }
                      return true;
                    })
                .build());
  }

  /** Delivers everything queued on this thread, and what it causes, in order. */
  void deliverAll() {
    ArrayDeque<Object[]> q = QUEUE.get();
    Object[] d;
    while ((d = q.pollFirst()) != null) {
      byte[] bytes = (byte[]) d[2];
      contexts.get((PeerAddress) d[1]).receive((PeerAddress) d[0], bytes, 0, bytes.length);
    }
  }

  /** One benchmark thread's initiator: its context and its share of the 1,000 sessions. */
  @State(Scope.Thread)
  public static class Client {
    ZsspContext alice;
    Session[] sessions;
    int next;
    final byte[] payload = new byte[PAYLOAD];

    @Setup
    public void setup(ScalingBenchmark world, BenchmarkParams params) throws Exception {
      int id = world.clients.incrementAndGet();
      PeerAddress self = PeerAddress.ofBytes(new byte[] {10, 0, 1, (byte) id});
      alice = world.context(world.crypto.p384().generateKeyPair(), self, false);
      world.contexts.put(self, alice);
      sessions = new Session[SESSIONS / params.getThreads()];
      for (int i = 0; i < sessions.length; i++) {
        sessions[i] = world.handshake(alice);
      }
    }
  }

  Session handshake(ZsspContext alice) throws Exception {
    Session s = alice.open(bobKey.publicKey(), bobAddress, OpenOptions.builder().mtu(1500).build());
    deliverAll();
    if (s.state() != SessionState.S2) {
      throw new IllegalStateException("handshake did not complete: " + s.state());
    }
    return s;
  }

  private int payload(Client c) throws Exception {
    Session s = c.sessions[c.next];
    c.next = c.next + 1 == c.sessions.length ? 0 : c.next + 1;
    DIRECT.set(true);
    try {
      s.send(c.payload, 0, PAYLOAD);
    } finally {
      DIRECT.set(false);
    }
    return PAYLOAD;
  }

  private SessionState handshake(Client c) throws Exception {
    Session s = handshake(c.alice);
    s.close();
    LAST_ESTABLISHED_BY_BOB.get().close();
    QUEUE.get().clear();
    return s.state();
  }

  @Benchmark
  @Threads(1)
  public int payloadOneThread(Client c) throws Exception {
    return payload(c);
  }

  @Benchmark
  @Threads(2)
  public int payloadTwoThreads(Client c) throws Exception {
    return payload(c);
  }

  @Benchmark
  @Threads(1)
  public SessionState handshakeOneThread(Client c) throws Exception {
    return handshake(c);
  }

  @Benchmark
  @Threads(2)
  public SessionState handshakeTwoThreads(Client c) throws Exception {
    return handshake(c);
  }

  /** Bob's application also notes, per thread, the session each handshake established. */
  private static final class App extends IdleSessionFarm.Accepting {
    private final boolean isBob;

    App(boolean isBob) {
      this.isBob = isBob;
    }

    @Override
    public void onEvent(ZsspEvent event) {
      if (isBob && event instanceof ZsspEvent.SessionEstablished) {
        LAST_ESTABLISHED_BY_BOB.set(((ZsspEvent.SessionEstablished) event).session());
      }
    }
  }
}
