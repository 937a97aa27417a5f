package io.zssp.netty;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.zssp.api.ContextConfig;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.OpenOptions;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Session;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384KeyPair;
import io.zssp.engine.EngineZssp;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Loopback test fixtures: context configurations, clients on their own ports, bounded waits. */
final class Loopback {
  static final CryptoProvider CRYPTO = DefaultCryptoProvider.create();
  static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  private Loopback() {}

  /** A configuration that lets {@code peers} handshakes from loopback run at once. */
  static ContextConfig.Builder config(P384KeyPair key, int peers) {
    return ContextConfig.builder()
        .crypto(CRYPTO)
        .staticKey(key)
        .ratchetStore(new InMemoryRatchetStore())
        .maxHalfOpen(Math.max(1024, peers))
        .maxHalfOpenPerSource(Math.max(16, peers)); // every peer is 127.0.0.1
  }

  /** A server's engine transport that accepts everyone. */
  static ZsspTransport server(P384KeyPair key, int peers) {
    return ZsspTransport.builder(EngineZssp::newContext, config(key, peers))
        .acceptor(SessionAcceptor.acceptAll())
        .build();
  }

  /** One client: its own engine transport on its own NIO channel (its own source port). */
  static final class Client {
    final ZsspTransport transport;
    final Channel channel;
    final Inbox inbox = new Inbox();
    Session session;

    Client(EventLoopGroup group) throws InterruptedException {
      transport =
          ZsspTransport.builder(EngineZssp::newContext, config(CRYPTO.p384().generateKeyPair(), 1))
              .build();
      channel =
          new Bootstrap()
              .group(group)
              .channelFactory(() -> new NioDatagramChannel())
              .handler(
                  new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                      ch.pipeline().addLast(transport.newHandler(), inbox);
                    }
                  })
              .bind(new InetSocketAddress(LOOPBACK, 0))
              .sync()
              .channel();
    }

    Session open(P384KeyPair server, InetSocketAddress at) throws RatchetStoreException {
      session = transport.open(server.publicKey(), at, OpenOptions.builder().build());
      return session;
    }

    void close() {
      transport.close();
      channel.close().awaitUninterruptibly();
    }
  }

  /** Polls {@code condition} every 2 ms; fails after {@code timeoutMillis}. */
  static void await(BooleanSupplier condition, long timeoutMillis, Supplier<String> message)
      throws InterruptedException {
    long end = System.currentTimeMillis() + timeoutMillis;
    for (; !condition.getAsBoolean(); Thread.sleep(2)) {
      assertTrue(System.currentTimeMillis() < end, () -> "timed out: " + message.get());
    }
  }
}
