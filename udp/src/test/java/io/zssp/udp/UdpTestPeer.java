package io.zssp.udp;

import static org.junit.jupiter.api.Assertions.fail;

import io.zssp.api.AcceptDecision;
import io.zssp.api.ContextConfig;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStore;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Session;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspEvent;
import io.zssp.api.ZsspSettings;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import io.zssp.engine.EngineZssp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Test fixture: one ZSSP identity (key, ratchet store, application) that runs on a {@link
 * UdpEndpoint} with the reference implementation, and can be restarted on a new endpoint. Records
 * events; data goes to {@link #data} unless {@link #onData} is set. Thread-safe where the I/O
 * thread and the test thread meet (queues, volatile fields).
 */
final class UdpTestPeer implements ZsspApplication, AutoCloseable {
  static final CryptoProvider CRYPTO = DefaultCryptoProvider.create();
  static final InetAddress V4_LOOPBACK = InetAddress.getLoopbackAddress();

  final String name;
  final P384KeyPair key;
  final RatchetStore store;
  final ConcurrentLinkedQueue<ZsspEvent> events = new ConcurrentLinkedQueue<>();
  final LinkedBlockingQueue<byte[]> data = new LinkedBlockingQueue<>();

  /** π1. */
  volatile boolean requireRecognizedRatchet;

  volatile AcceptDecision acceptDecision = AcceptDecision.accept();

  /** If set, gets every delivery (a private copy) instead of {@link #data}; runs on the caller. */
  volatile BiConsumer<Session, byte[]> onData;

  /** The implementation {@link #start} builds (the engine unless a test says otherwise). */
  Function<ContextConfig, ZsspContext> implementation = EngineZssp::newContext;

  /** The current endpoint (replaced by {@link #start}). */
  volatile UdpEndpoint endpoint;

  /** An identity with {@code key} (e.g. another peer's, to model a restart) and {@code store}. */
  UdpTestPeer(String name, P384KeyPair key, RatchetStore store) {
    this.name = name;
    this.key = key;
    this.store = store;
  }

  UdpTestPeer(String name, RatchetStore store) {
    this(name, CRYPTO.p384().generateKeyPair(), store);
  }

  UdpTestPeer(String name) {
    this(name, new InMemoryRatchetStore());
  }

  /** Starts a new endpoint for this identity on {@code bind} (closing nothing). */
  UdpEndpoint start(
      InetSocketAddress bind, ZsspSettings settings, int mtu, UdpEndpointOptions options)
      throws IOException {
    ContextConfig.Builder config =
        ContextConfig.builder()
            .crypto(CRYPTO)
            .staticKey(key)
            .application(this)
            .ratchetStore(store)
            .settings(settings)
            .mtu(mtu);
    endpoint = UdpEndpoint.start(bind, implementation, config, options);
    return endpoint;
  }

  /** Starts on 127.0.0.1 (any port) with default settings. */
  UdpEndpoint start(int mtu) throws IOException {
    return start(
        new InetSocketAddress(V4_LOOPBACK, 0),
        ZsspSettings.DEFAULTS,
        mtu,
        UdpEndpointOptions.DEFAULTS);
  }

  /** Opens a session to {@code bob} at {@code to}. */
  Session open(UdpTestPeer bob, InetSocketAddress to, int mtu, boolean disallowDowngrade)
      throws RatchetStoreException {
    return endpoint.open(
        bob.key.publicKey(),
        to,
        OpenOptions.builder()
            .identity(name.getBytes(StandardCharsets.UTF_8))
            .mtu(mtu)
            .disallowDowngrade(disallowDowngrade)
            .build());
  }

  Session open(UdpTestPeer bob, int mtu) throws RatchetStoreException {
    return open(bob, bob.endpoint.localAddress(), mtu, false);
  }

  /** The current endpoint's context. */
  ZsspContext context() {
    return endpoint.context();
  }

  /** Stores the same OTP-derived ratchet (chain length 1) for each other in both stores (§9.2). */
  static void introduce(UdpTestPeer a, UdpTestPeer b) throws RatchetStoreException {
    byte[] otp = new byte[32];
    CRYPTO.random().nextBytes(otp);
    RatchetState s = RatchetState.fromOneTimePassword(otp, CRYPTO.hmacSha512());
    Arrays.fill(otp, (byte) 0);
    put(a.store, b.key.publicKey(), s);
    put(b.store, a.key.publicKey(), s);
  }

  private static void put(RatchetStore store, P384PublicKey peer, RatchetState s)
      throws RatchetStoreException {
    byte[] k = peer.encoded();
    if (!store.compareAndSwap(k, store.load(k), RatchetPair.of(s, null))) {
      fail("concurrent write while introducing");
    }
  }

  /** The chain length of this peer's newest stored ratchet for {@code other}. */
  long chainLength(UdpTestPeer other) throws RatchetStoreException {
    return store.load(other.key.publicKey().encoded()).state1().chainLength();
  }

  /** Recorded events of {@code type} (a snapshot). */
  <T extends ZsspEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Waits (bounded) for an event of {@code type} matching {@code test}. */
  <T extends ZsspEvent> T awaitEvent(Class<T> type, Predicate<T> test, long timeoutMillis) {
    Object[] found = new Object[1];
    waitUntil(
        () -> {
          for (ZsspEvent e : events) {
            if (type.isInstance(e) && test.test(type.cast(e))) {
              found[0] = e;
              return true;
            }
          }
          return false;
        },
        timeoutMillis,
        () -> name + ": no " + type.getSimpleName() + " in " + log());
    return type.cast(found[0]);
  }

  /** Waits (bounded) for a session to be established and returns it. */
  Session awaitEstablished(long timeoutMillis) {
    return awaitEvent(ZsspEvent.SessionEstablished.class, e -> true, timeoutMillis).session();
  }

  /** The events other than drops, and the drop counts, for failure messages. */
  String log() {
    UdpEndpoint ep = endpoint;
    return events.stream().filter(e -> !(e instanceof ZsspEvent.Dropped)).toList()
        + (ep == null ? "" : " drops " + ep.context().dropCounts() + " " + ep.stats());
  }

  /** Polls {@code condition} every 2 ms until it holds; fails after {@code timeoutMillis}. */
  static void waitUntil(BooleanSupplier condition, long timeoutMillis, Supplier<String> message) {
    long end = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - end > 0) {
        fail("timed out after " + timeoutMillis + " ms: " + message.get());
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        fail("interrupted");
      }
    }
  }

  // ---------------------------------------------------------------- ZsspApplication

  @Override
  public boolean helloRequiresRecognizedRatchet(PeerAddress from) {
    return requireRecognizedRatchet;
  }

  @Override
  public AcceptDecision acceptSession(P384PublicKey remote, byte[] identity, PeerAddress from) {
    return acceptDecision;
  }

  @Override
  public void onData(Session session, byte[] payload, int off, int len) {
    byte[] copy = Arrays.copyOfRange(payload, off, off + len);
    BiConsumer<Session, byte[]> handler = onData;
    if (handler != null) {
      handler.accept(session, copy);
    } else {
      data.add(copy);
    }
  }

  @Override
  public void onEvent(ZsspEvent event) {
    events.add(event);
  }

  @Override
  public void close() {
    UdpEndpoint ep = endpoint;
    if (ep != null) {
      ep.close();
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
