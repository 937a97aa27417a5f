package io.zssp.bench;

import io.zssp.api.AcceptDecision;
import io.zssp.api.ContextConfig;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetStore;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspEvent;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import io.zssp.engine.EngineZssp;
import io.zssp.reference.ReferenceZssp;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Two contexts of one implementation wired back to back in memory, on one thread, with a virtual
 * clock: what the protocol benchmarks drive. Datagrams queue (as copies) until {@link
 * #deliverAll()}; once {@link #direct} is set, each datagram is handed to the other side's {@code
 * receive} from inside the sender callback instead, so that the harness itself allocates nothing
 * and a benchmark's allocation figure is the implementation's own.
 */
final class ZsspPair {
  /** The implementations by the names the benchmarks' {@code impl} parameter uses. */
  static Function<ContextConfig, ZsspContext> implementation(String name) {
    switch (name) {
      case "reference":
        return ReferenceZssp::newContext;
      case "engine":
        return EngineZssp::newContext;
      default:
        throw new IllegalArgumentException("impl must be reference or engine: " + name);
    }
  }

  /** One side: a context and the application that counts what it receives. */
  final class Side implements ZsspApplication {
    final PeerAddress address;
    final P384KeyPair key;
    final ZsspContext ctx;
    long bytesReceived;
    Session established;

    Side(int n, Function<ContextConfig, ZsspContext> implementation, int mtu, RatchetStore store) {
      address = PeerAddress.ofBytes(new byte[] {10, 0, 0, (byte) n});
      key = crypto.p384().generateKeyPair();
      ctx =
          implementation.apply(
              ContextConfig.builder()
                  .crypto(crypto)
                  .staticKey(key)
                  .application(this)
                  .ratchetStore(store)
                  .clock(() -> now)
                  .mtu(mtu)
                  .sender(
                      (to, d, off, len) -> {
                        if (direct) {
                          (this == alice ? bob : alice).ctx.receive(address, d, off, len);
                        } else {
                          queue.add(new Object[] {to, Arrays.copyOfRange(d, off, off + len), this});
                        }
                        return true;
                      })
                  .build());
    }

    @Override
    public AcceptDecision acceptSession(P384PublicKey remote, byte[] identity, PeerAddress from) {
      return AcceptDecision.accept();
    }

    @Override
    public void onData(Session session, byte[] payload, int off, int len) {
      bytesReceived += len;
    }

    @Override
    public void onEvent(ZsspEvent event) {
      if (event instanceof ZsspEvent.SessionEstablished) {
        established = ((ZsspEvent.SessionEstablished) event).session();
      }
    }
  }

  final CryptoProvider crypto;
  final ArrayDeque<Object[]> queue = new ArrayDeque<>();
  long now = 1_000_000;

  /** Deliver each datagram as it is sent (one-way traffic only: no answers are expected). */
  boolean direct;

  final Side alice;
  final Side bob;

  ZsspPair(String implementation, int mtu) {
    this(implementation, mtu, DefaultCryptoProvider.create());
  }

  /** Both sides on {@code crypto} (their static keys too). */
  ZsspPair(String implementation, int mtu, CryptoProvider crypto) {
    this(implementation, mtu, crypto, new InMemoryRatchetStore());
  }

  /** As above, Bob's ratchet records in {@code bobStore} (Alice's in memory). */
  ZsspPair(String implementation, int mtu, CryptoProvider crypto, RatchetStore bobStore) {
    this.crypto = crypto;
    Function<ContextConfig, ZsspContext> impl = implementation(implementation);
    alice = new Side(1, impl, mtu, new InMemoryRatchetStore());
    bob = new Side(2, impl, mtu, bobStore);
  }

  /** Delivers every queued datagram, and whatever they cause, in order. */
  void deliverAll() {
    Object[] d;
    while ((d = queue.pollFirst()) != null) {
      Side from = (Side) d[2];
      Side to = from == alice ? bob : alice;
      byte[] bytes = (byte[]) d[1];
      to.ctx.receive(from.address, bytes, 0, bytes.length);
    }
  }

  /**
   * Delivers every datagram queued for {@code to} now (all fragments of its next packets), leaving
   * queued whatever {@code to} sends in answer.
   *
   * @return the number of bytes delivered
   */
  int deliverTo(Side to) {
    ArrayDeque<Object[]> mine = new ArrayDeque<>();
    queue.removeIf(d -> d[2] != to && mine.add(d));
    int bytes = 0;
    for (Object[] d : mine) {
      byte[] b = (byte[]) d[1];
      to.ctx.receive(((Side) d[2]).address, b, 0, b.length);
      bytes += b.length;
    }
    return bytes;
  }

  /** Alice opens a session to Bob and both reach S2; returns Alice's session. */
  Session handshake(int mtu) throws RatchetStoreException {
    Session s =
        alice.ctx.open(bob.key.publicKey(), bob.address, OpenOptions.builder().mtu(mtu).build());
    deliverAll();
    if (s.state() != SessionState.S2) {
      throw new IllegalStateException("handshake did not complete: " + s.state());
    }
    return s;
  }
}
