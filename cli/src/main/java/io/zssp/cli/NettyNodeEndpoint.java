package io.zssp.cli;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.zssp.api.AcceptDecision;
import io.zssp.api.ContextConfig;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Session;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspEvent;
import io.zssp.crypto.P384PublicKey;
import io.zssp.netty.SessionAcceptor;
import io.zssp.netty.ZsspBootstrap;
import io.zssp.netty.ZsspMessage;
import io.zssp.netty.ZsspNettyEndpoint;
import io.zssp.netty.ZsspTransport;
import io.zssp.udp.UdpEndpointOptions;
import java.net.InetSocketAddress;
import java.util.function.Function;

/**
 * A {@link CliNode} on {@code zssp-netty} ({@code listen --transport netty}): a {@link
 * ZsspTransport} bound by {@link ZsspBootstrap} (on Linux one epoll channel per core with {@code
 * SO_REUSEPORT}, one channel for the reference implementation; elsewhere one NIO channel). The
 * node's decisions become the transport's {@link SessionAcceptor}, and a handler after the ZSSP
 * handler hands every payload and event to the node, so the command behaves as on NIO. Owns the
 * transport, its channels and event loops.
 */
final class NettyNodeEndpoint implements NodeEndpoint {
  /** The smallest datagram the channels read whole (Netty's default for MTU 1,500). */
  private static final int MIN_DATAGRAM_BYTES = 2048;

  private final ZsspNettyEndpoint endpoint;

  private NettyNodeEndpoint(ZsspNettyEndpoint endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * Builds the context with {@code implementation} from {@code config} (the transport installs its
   * own sender and application) and binds the channels to {@code bind}. Datagrams up to {@code
   * max(2048, mtu)} bytes are read whole; the socket buffers are the sizes {@link
   * UdpEndpointOptions#DEFAULTS} asks for.
   *
   * @throws Exception whatever the bind throws ({@code java.net.BindException}, say); nothing is
   *     left open
   */
  static NettyNodeEndpoint start(
      InetSocketAddress bind,
      Function<ContextConfig, ZsspContext> implementation,
      ContextConfig.Builder config,
      int mtu,
      CliNode node)
      throws Exception {
    ZsspTransport transport =
        ZsspTransport.builder(implementation, config).acceptor(acceptor(node)).build();
    try {
      ChannelHandler handler = new ToNode(node);
      ZsspNettyEndpoint endpoint =
          ZsspBootstrap.of(transport)
              .channels(transport.isThreadSafe() ? 0 : 1) // 0: one per core
              .maxDatagramBytes(Math.max(MIN_DATAGRAM_BYTES, mtu))
              // The socket buffers the NIO endpoint asks for: a burst of fragments fits.
              .receiveBufferBytes(UdpEndpointOptions.DEFAULTS.receiveBufferBytes())
              .sendBufferBytes(UdpEndpointOptions.DEFAULTS.sendBufferBytes())
              .handler(() -> handler)
              .bind(bind);
      return new NettyNodeEndpoint(endpoint);
    } catch (Exception | Error e) {
      transport.close();
      throw e;
    }
  }

  private static SessionAcceptor acceptor(CliNode node) {
    return new SessionAcceptor() {
      @Override
      public AcceptDecision acceptSession(
          P384PublicKey remoteStaticKey, byte[] identity, PeerAddress from) {
        return node.acceptSession(remoteStaticKey, identity, from);
      }

      @Override
      public boolean helloRequiresRecognizedRatchet(PeerAddress from) {
        return node.helloRequiresRecognizedRatchet(from);
      }
    };
  }

  @Override
  public InetSocketAddress localAddress() {
    return endpoint.localAddress();
  }

  @Override
  public ZsspContext context() {
    return endpoint.transport().context();
  }

  @Override
  public Session open(P384PublicKey peer, InetSocketAddress to, OpenOptions options)
      throws RatchetStoreException {
    return endpoint.transport().open(peer, to, options);
  }

  @Override
  public Throwable failure() {
    return endpoint.transport().failure();
  }

  @Override
  public String describe() {
    int n = endpoint.channels().size();
    return "transport: netty ("
        + n
        + (endpoint.isEpoll()
            ? " epoll channel" + (n == 1 ? "" : "s") + ", SO_REUSEPORT)"
            : " NIO channel)");
  }

  @Override
  public void close() {
    endpoint.close();
  }

  /**
   * After the ZSSP handler in every channel (stateless, so one instance serves all): each {@link
   * ZsspMessage} is copied to the node's data handler and released, each {@link ZsspEvent} goes to
   * the node's event printer, and exceptions reported into the pipeline become (throttled) lines.
   */
  @ChannelHandler.Sharable
  private static final class ToNode extends ChannelInboundHandlerAdapter {
    private final CliNode node;

    ToNode(CliNode node) {
      this.node = node;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof ZsspMessage)) {
        ctx.fireChannelRead(msg);
        return;
      }
      ZsspMessage m = (ZsspMessage) msg;
      try {
        node.deliver(m.session(), ByteBufUtil.getBytes(m.content()));
      } finally {
        m.release();
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof ZsspEvent) {
        node.onEvent((ZsspEvent) evt);
      } else {
        ctx.fireUserEventTriggered(evt);
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      node.error("error on " + ctx.channel() + ": " + cause);
    }
  }
}
