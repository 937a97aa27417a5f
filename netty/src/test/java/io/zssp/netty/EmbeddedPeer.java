package io.zssp.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.MockTicker;
import io.zssp.api.ContextConfig;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.OpenOptions;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Session;
import io.zssp.api.ZsspContext;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384KeyPair;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Test fixture: one ZSSP identity on a {@link ZsspTransport} whose one channel is an {@link
 * EmbeddedChannel} (ZSSP handler, then an {@link Inbox}), on a shared mock ticker that is also the
 * context's clock. {@link #pump} carries datagrams between two of them; every datagram handed in is
 * kept so that a test can check that the handler released it.
 */
final class EmbeddedPeer {
  static final CryptoProvider CRYPTO = DefaultCryptoProvider.create();

  final P384KeyPair key = CRYPTO.p384().generateKeyPair();
  final InetSocketAddress address;
  final ZsspTransport transport;
  final EmbeddedChannel channel;
  final Inbox inbox = new Inbox();
  final List<DatagramPacket> received = new ArrayList<>();

  EmbeddedPeer(
      InetSocketAddress address,
      MockTicker ticker,
      Function<ContextConfig, ZsspContext> implementation,
      SessionAcceptor acceptor) {
    this.address = address;
    ContextConfig.Builder config =
        ContextConfig.builder()
            .crypto(CRYPTO)
            .staticKey(key)
            .ratchetStore(new InMemoryRatchetStore())
            .clock(() -> TimeUnit.NANOSECONDS.toMillis(ticker.nanoTime()));
    this.transport = ZsspTransport.builder(implementation, config).acceptor(acceptor).build();
    this.channel =
        EmbeddedChannel.builder().ticker(ticker).handlers(transport.newHandler(), inbox).build();
  }

  Session open(EmbeddedPeer bob) throws RatchetStoreException {
    return transport.open(bob.key.publicKey(), bob.address, OpenOptions.builder().build());
  }

  /** Moves datagrams between {@code a} and {@code b} until none is in flight; returns the count. */
  static int pump(EmbeddedPeer a, EmbeddedPeer b) {
    int moved = 0;
    boolean any;
    do {
      any = false;
      a.channel.runPendingTasks();
      b.channel.runPendingTasks();
      for (EmbeddedPeer[] pair : new EmbeddedPeer[][] {{a, b}, {b, a}}) {
        DatagramPacket out;
        while ((out = pair[0].channel.readOutbound()) != null) {
          pair[1].receive(out, pair[0]);
          moved++;
          any = true;
        }
      }
    } while (any);
    return moved;
  }

  /** Hands {@code out}, sent by {@code from}, to this peer's channel. */
  void receive(DatagramPacket out, EmbeddedPeer from) {
    assertEquals(address, out.recipient(), "recipient");
    DatagramPacket in = new DatagramPacket(out.content(), address, from.address);
    received.add(in);
    channel.writeInbound(in);
  }

  /** How many datagrams handed to this peer are not released yet. */
  long unreleased() {
    return received.stream().filter(p -> p.refCnt() != 0).count();
  }
}
