package io.zssp.cli;

import io.zssp.api.OpenOptions;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Session;
import io.zssp.api.ZsspContext;
import io.zssp.crypto.P384PublicKey;
import io.zssp.udp.UdpEndpoint;
import java.net.InetSocketAddress;

/**
 * The socket side of a {@link CliNode}: one bound local address serving one context, on NIO ({@link
 * UdpEndpoint}) or on Netty ({@link NettyNodeEndpoint}). The node owns it; every method may be
 * called from any thread.
 */
interface NodeEndpoint extends AutoCloseable {
  /** The bound local address (with the actual port when bound to port 0). */
  InetSocketAddress localAddress();

  /** The context this endpoint drives. */
  ZsspContext context();

  /** Opens a session to {@code peer} at {@code to} and makes sure its timers run. */
  Session open(P384PublicKey peer, InetSocketAddress to, OpenOptions options)
      throws RatchetStoreException;

  /** The fatal error that closed the endpoint (it never stays alive but deaf), or null. */
  Throwable failure();

  /** One line for the user: which transport runs, e.g. {@code transport: nio (…)}. */
  String describe();

  /** Closes the context (every session), then the sockets and threads; idempotent. */
  @Override
  void close();

  /** {@link UdpEndpoint}: one {@code DatagramChannel}, one selector thread. */
  static NodeEndpoint of(UdpEndpoint udp) {
    return new NodeEndpoint() {
      @Override
      public InetSocketAddress localAddress() {
        return udp.localAddress();
      }

      @Override
      public ZsspContext context() {
        return udp.context();
      }

      @Override
      public Session open(P384PublicKey peer, InetSocketAddress to, OpenOptions options)
          throws RatchetStoreException {
        return udp.open(peer, to, options);
      }

      @Override
      public Throwable failure() {
        return udp.failure();
      }

      @Override
      public String describe() {
        return "transport: nio (one DatagramChannel, one selector thread)";
      }

      @Override
      public void close() {
        udp.close();
      }
    };
  }
}
