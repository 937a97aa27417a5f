package io.zssp.fuzz;

import io.zssp.api.AcceptDecision;
import io.zssp.api.ContextConfig;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.PeerAddress;
import io.zssp.api.Session;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspEvent;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One endpoint of a {@link HandshakeFixture}: a context of the implementation under test on an
 * in-memory wire with a manual clock, an accepting application that records what it is told, and a
 * count of what the context sent. Single-threaded.
 */
final class Peer implements ZsspApplication {
  static final CryptoProvider CRYPTO = DefaultCryptoProvider.create();

  /** Where a datagram a context sends goes. */
  interface Wire {
    void transmit(PeerAddress from, PeerAddress to, byte[] datagram);
  }

  final String name;
  final PeerAddress address;
  final P384KeyPair key;
  final ZsspContext ctx;
  final List<byte[]> data = new ArrayList<>();

  /** Every event other than {@link ZsspEvent.Dropped}, in order. */
  final List<ZsspEvent> events = new ArrayList<>();

  long droppedEvents;
  long sent;

  Peer(
      String name,
      PeerAddress address,
      P384KeyPair key,
      Impl impl,
      HandshakeFixture.Options options,
      LongSupplier clock,
      Wire wire) {
    this.name = name;
    this.address = address;
    this.key = key;
    this.ctx =
        impl.probe.newContext(
            ContextConfig.builder()
                .crypto(CRYPTO)
                .staticKey(key)
                .application(this)
                .ratchetStore(new InMemoryRatchetStore())
                .settings(options.settings())
                .mtu(options.responderMtu())
                .clock(clock::getAsLong)
                .sender(
                    (to, d, off, len) -> {
                      sent++;
                      wire.transmit(address, to, Arrays.copyOfRange(d, off, off + len));
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
    data.add(Arrays.copyOfRange(payload, off, off + len));
  }

  @Override
  public void onEvent(ZsspEvent event) {
    if (event instanceof ZsspEvent.Dropped) {
      droppedEvents++;
    } else {
      events.add(event);
    }
  }

  /** The only session (fails if there is not exactly one). */
  Session session() {
    List<Session> all = ctx.sessions();
    if (all.size() != 1) {
      throw new IllegalStateException(name + " has " + all.size() + " sessions, expected 1");
    }
    return all.get(0);
  }

  @Override
  public String toString() {
    return name;
  }
}
