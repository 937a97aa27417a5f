package io.zssp.engine;

import io.zssp.api.AcceptDecision;
import io.zssp.api.ContextConfig;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspEvent;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Test fixture for engine tests: engine contexts on an in-memory network with a virtual clock that
 * moves only when told. Datagrams queue up until delivered; delivery may happen on any thread.
 * Peers record events and payloads; hooks let a test run code inside the callbacks.
 */
final class TestNet {
  final AtomicLong now = new AtomicLong(10_000_000);
  final ConcurrentLinkedQueue<Object[]> queue = new ConcurrentLinkedQueue<>();
  final Map<PeerAddress, Peer> peers = new ConcurrentHashMap<>();

  /** One engine context and its application. */
  final class Peer implements ZsspApplication {
    final String name;
    final PeerAddress address;
    final CryptoProvider crypto;
    final P384KeyPair key;
    final InMemoryRatchetStore store = new InMemoryRatchetStore();
    final EngineContext ctx;
    final List<ZsspEvent> events = new CopyOnWriteArrayList<>();
    final List<byte[]> data = new CopyOnWriteArrayList<>();
    volatile BiConsumer<Session, byte[]> onDataHook;
    volatile Consumer<ZsspEvent> onEventHook;

    Peer(
        String name,
        PeerAddress address,
        CryptoProvider crypto,
        Consumer<ContextConfig.Builder> customize,
        EngineLimits limits) {
      this.name = name;
      this.address = address;
      this.crypto = crypto;
      this.key = crypto.p384().generateKeyPair();
      ContextConfig.Builder b =
          ContextConfig.builder()
              .crypto(crypto)
              .staticKey(key)
              .application(this)
              .ratchetStore(store)
              .clock(now::get)
              .sender(
                  (to, d, off, len) -> {
                    queue.add(new Object[] {address, to, Arrays.copyOfRange(d, off, off + len)});
                    return true;
                  });
      customize.accept(b);
      this.ctx = (EngineContext) EngineZssp.newContext(b.build(), limits);
      peers.put(address, this);
    }

    @Override
    public AcceptDecision acceptSession(P384PublicKey remote, byte[] identity, PeerAddress from) {
      return AcceptDecision.accept();
    }

    @Override
    public void onData(Session session, byte[] payload, int off, int len) {
      byte[] copy = Arrays.copyOfRange(payload, off, off + len);
      data.add(copy);
      BiConsumer<Session, byte[]> hook = onDataHook;
      if (hook != null) {
        hook.accept(session, copy);
      }
    }

    @Override
    public void onEvent(ZsspEvent event) {
      events.add(event);
      Consumer<ZsspEvent> hook = onEventHook;
      if (hook != null) {
        hook.accept(event);
      }
    }

    Session open(Peer to) throws RatchetStoreException {
      return ctx.open(to.key.publicKey(), to.address, OpenOptions.builder().build());
    }

    long drops(io.zssp.api.DropReason reason) {
      return ctx.dropCounts().getOrDefault(reason, 0L);
    }

    /** The session whose peer is {@code other} (the newest one). */
    Session sessionWith(Peer other) {
      Session found = null;
      for (Session s : ctx.sessions()) {
        if (s.remoteStaticKey().equals(other.key.publicKey())) {
          found = s;
        }
      }
      return found;
    }
  }

  static PeerAddress address(int n) {
    return PeerAddress.ofBytes(new byte[] {10, 9, (byte) (n >> 8), (byte) n});
  }

  Peer peer(String name, int n) {
    return peer(name, n, DefaultCryptoProvider.create());
  }

  Peer peer(String name, int n, CryptoProvider crypto) {
    return peer(name, n, crypto, b -> {});
  }

  Peer peer(String name, int n, CryptoProvider crypto, Consumer<ContextConfig.Builder> customize) {
    return new Peer(name, address(n), crypto, customize, EngineLimits.DEFAULTS);
  }

  Peer peer(String name, PeerAddress address, EngineLimits limits) {
    return new Peer(name, address, DefaultCryptoProvider.create(), b -> {}, limits);
  }

  Peer peer(
      String name,
      PeerAddress address,
      CryptoProvider crypto,
      Consumer<ContextConfig.Builder> customize,
      EngineLimits limits) {
    return new Peer(name, address, crypto, customize, limits);
  }

  /**
   * Delivers until nothing is queued and no peer has handshake work in flight (peers with handshake
   * workers produce datagrams on their own threads).
   */
  void settle() throws InterruptedException {
    for (int round = 0; round < 1000; round++) {
      deliverAll();
      boolean idle = true;
      for (Peer p : peers.values()) {
        idle &= p.ctx.workers.awaitIdle(10_000);
      }
      if (idle && queue.isEmpty()) {
        return;
      }
    }
    throw new AssertionError("the network did not settle");
  }

  /** Delivers one queued datagram on the calling thread; false if none. */
  boolean deliverOne() {
    Object[] d = queue.poll();
    if (d == null) {
      return false;
    }
    deliver(d);
    return true;
  }

  /** Takes every datagram queued now (a packet's fragments, say) off the network, in order. */
  List<Object[]> take() {
    List<Object[]> out = new ArrayList<>();
    for (Object[] d = queue.poll(); d != null; d = queue.poll()) {
      out.add(d);
    }
    return out;
  }

  /** Delivers datagrams taken with {@link #take()}, on the calling thread. */
  void deliver(List<Object[]> datagrams) {
    for (Object[] d : datagrams) {
      deliver(d);
    }
  }

  private void deliver(Object[] d) {
    byte[] bytes = (byte[]) d[2];
    peers.get((PeerAddress) d[1]).ctx.receive((PeerAddress) d[0], bytes, 0, bytes.length);
  }

  /** Delivers until the queue is empty (bounded, against storms). */
  void deliverAll() {
    for (int i = 0; i < 100_000 && deliverOne(); i++) {
      // keep going
    }
  }

  /** Advances the clock and services every peer. */
  void advance(long millis) {
    now.addAndGet(millis);
    for (Peer p : new ArrayList<>(peers.values())) {
      p.ctx.service();
    }
  }

  /** Opens a session from {@code a} to {@code b} and runs the handshake to S2 on both sides. */
  Session establish(Peer a, Peer b) throws RatchetStoreException {
    Session s = a.open(b);
    deliverAll();
    if (s.state() != SessionState.S2) {
      throw new AssertionError("handshake did not complete: " + s.state() + " " + a.events);
    }
    return s;
  }
}
