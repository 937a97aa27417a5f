package io.zssp.conformance.bugs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zssp.api.AcceptDecision;
import io.zssp.api.ContextConfig;
import io.zssp.api.ContextStats;
import io.zssp.api.DropReason;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStore;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspEvent;
import io.zssp.api.ZsspSettings;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import io.zssp.crypto.RandomSource;
import io.zssp.wire.Kid;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Test fixture: one context of the implementation under test on a {@link TestNetwork}, with its own
 * random source (which can be forced to return chosen key ids), its own {@link TestStore}, a
 * configurable application (π1, the Accept decision, re-entrant hooks) and recorded events, data
 * and identities.
 */
final class TestPeer implements ZsspApplication {
  final TestNetwork net;
  final String name;
  final PeerAddress address;
  final ScriptedRandom random = new ScriptedRandom();
  final CryptoProvider crypto = DefaultCryptoProvider.withRandom(random);
  final P384KeyPair key = crypto.p384().generateKeyPair();
  final TestStore store = new TestStore();
  final ZsspContext ctx;
  final List<ZsspEvent> events = new ArrayList<>();
  final List<byte[]> data = new ArrayList<>();
  final List<byte[]> identities = new ArrayList<>();

  /** π1: drop X1s whose fingerprints match nothing. */
  boolean requireRecognizedRatchet;

  AcceptDecision acceptDecision = AcceptDecision.accept();

  /** Optional re-entrant hooks, run after the delivery is recorded. */
  BiConsumer<Session, byte[]> onDataHook;

  Consumer<ZsspEvent> onEventHook;

  TestPeer(
      TestNetwork net,
      String name,
      PeerAddress address,
      ZsspSettings settings,
      Consumer<ContextConfig.Builder> customize) {
    this.net = net;
    this.name = name;
    this.address = address;
    ContextConfig.Builder b =
        ContextConfig.builder()
            .crypto(crypto)
            .staticKey(key)
            .application(this)
            .ratchetStore(store)
            .settings(settings)
            .clock(() -> net.now)
            .sender(
                (to, d, off, len) -> {
                  net.transmit(address, to, Arrays.copyOfRange(d, off, off + len));
                  return true;
                });
    customize.accept(b);
    this.ctx = net.probe.newContext(b.build());
  }

  // ------------------------------------------------------------------ ZsspApplication

  @Override
  public boolean helloRequiresRecognizedRatchet(PeerAddress from) {
    return requireRecognizedRatchet;
  }

  @Override
  public AcceptDecision acceptSession(P384PublicKey remote, byte[] identity, PeerAddress from) {
    identities.add(identity);
    return acceptDecision;
  }

  @Override
  public void onData(Session session, byte[] payload, int off, int len) {
    byte[] copy = Arrays.copyOfRange(payload, off, off + len);
    data.add(copy);
    if (onDataHook != null) {
      onDataHook.accept(session, copy);
    }
  }

  @Override
  public void onEvent(ZsspEvent event) {
    events.add(event);
    if (onEventHook != null) {
      onEventHook.accept(event);
    }
  }

  // ------------------------------------------------------------------ helpers

  byte[] publicKey() {
    return key.publicKey().encoded();
  }

  Session open(TestPeer bob, OpenOptions options) throws RatchetStoreException {
    return ctx.open(bob.key.publicKey(), bob.address, options);
  }

  Session open(TestPeer bob) throws RatchetStoreException {
    return open(bob, OpenOptions.builder().identity(name.getBytes()).build());
  }

  /** The only live session (fails if there is not exactly one). */
  Session session() {
    assertEquals(1, ctx.sessions().size(), name + " sessions: " + ctx.sessions());
    return ctx.sessions().get(0);
  }

  /** Live B2 (half-open) entries of this peer's context. */
  int halfOpenCount() {
    return net.probe.halfOpenCount(ctx);
  }

  /** Partial X1s and challenges in this peer's hello reassembly. */
  int helloCacheSize() {
    return net.probe.helloCacheSize(ctx);
  }

  /** What this peer's store holds for {@code other}. */
  RatchetPair stored(TestPeer other) throws RatchetStoreException {
    return store.load(other.publicKey());
  }

  /** The context's counters and occupancy now. */
  ContextStats stats() {
    return ctx.stats();
  }

  long drops(DropReason reason) {
    return ctx.dropCounts().getOrDefault(reason, 0L);
  }

  <T extends ZsspEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Events of {@code type} other than {@link ZsspEvent.Dropped}, for readable failure messages. */
  String log() {
    return name
        + " events "
        + events.stream().filter(e -> !(e instanceof ZsspEvent.Dropped)).toList()
        + " drops "
        + ctx.dropCounts();
  }

  /** Stores the same OTP-derived state (chain length 1) for each other on both peers (§9.2). */
  static RatchetState introduce(TestPeer a, TestPeer b) {
    byte[] otp = new byte[32];
    a.random.nextBytes(otp);
    RatchetState s = RatchetState.fromOneTimePassword(otp, a.crypto.hmacSha512());
    a.store.put(b.publicKey(), RatchetPair.of(s, null));
    b.store.put(a.publicKey(), RatchetPair.of(s, null));
    return s;
  }

  /**
   * Opens a session from {@code alice} to {@code bob} and runs the handshake to S2 on both sides.
   */
  static Session establish(TestPeer alice, TestPeer bob) throws RatchetStoreException {
    Session a = alice.open(bob);
    alice.net.deliverAll();
    assertEquals(SessionState.S2, a.state(), alice.log());
    return a;
  }

  @Override
  public String toString() {
    return name;
  }

  // ------------------------------------------------------------------ store and random

  /**
   * A {@link RatchetStore} over an {@link InMemoryRatchetStore} that counts calls, records the
   * fingerprints looked up, and can inject failures and concurrent writes.
   */
  static final class TestStore implements RatchetStore {
    final InMemoryRatchetStore inner = new InMemoryRatchetStore();
    int loads;
    int casCalls;
    final List<byte[]> fingerprintsLookedUp = new ArrayList<>();

    /** The next this-many CAS calls throw a RatchetStoreException. */
    int failNextCas;

    /** Run once, just before the next CAS (e.g. a concurrent writer). */
    Runnable beforeNextCas;

    @Override
    public RatchetPair load(byte[] peer) throws RatchetStoreException {
      loads++;
      return inner.load(peer);
    }

    @Override
    public RatchetState findByFingerprint(byte[] fingerprint) throws RatchetStoreException {
      fingerprintsLookedUp.add(fingerprint.clone());
      return inner.findByFingerprint(fingerprint);
    }

    @Override
    public boolean compareAndSwap(byte[] peer, RatchetPair expected, RatchetPair replacement)
        throws RatchetStoreException {
      casCalls++;
      Runnable hook = beforeNextCas;
      beforeNextCas = null;
      if (hook != null) {
        hook.run();
      }
      if (failNextCas > 0) {
        failNextCas--;
        throw new RatchetStoreException("injected transient failure");
      }
      return inner.compareAndSwap(peer, expected, replacement);
    }

    void put(byte[] peer, RatchetPair pair) {
      inner.put(peer, pair);
    }
  }

  /** SecureRandom, except that 4-byte requests (key ids only) can be forced. */
  static final class ScriptedRandom implements RandomSource {
    private final SecureRandom random = new SecureRandom();
    final Deque<Integer> forcedKids = new ArrayDeque<>();

    @Override
    public synchronized void nextBytes(byte[] out, int off, int len) {
      if (len == 4 && !forcedKids.isEmpty()) {
        byte[] kid = Kid.bytes(forcedKids.removeFirst());
        System.arraycopy(kid, 0, out, off, 4);
        return;
      }
      byte[] tmp = new byte[len];
      random.nextBytes(tmp);
      System.arraycopy(tmp, 0, out, off, len);
    }
  }
}
