package io.zssp.netty;

import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What {@link ZsspBootstrap#bind} returns: the bound channels of one {@link ZsspTransport}, all on
 * one local address and port, and the event loop group they run on. It owns the transport, the
 * channels and the group; {@link #close()} releases all three. Thread-safe.
 */
public final class ZsspNettyEndpoint implements AutoCloseable {
  private static final long SHUTDOWN_TIMEOUT_MILLIS = 5_000;

  private final ZsspTransport transport;
  private final EventLoopGroup group;
  private final List<Channel> channels;
  private final InetSocketAddress localAddress;
  private final boolean epoll;

  ZsspNettyEndpoint(
      ZsspTransport transport,
      EventLoopGroup group,
      List<Channel> channels,
      InetSocketAddress localAddress,
      boolean epoll) {
    this.transport = transport;
    this.group = group;
    this.channels = List.copyOf(channels);
    this.localAddress = localAddress;
    this.epoll = epoll;
  }

  /** The transport (and through it the context) these channels serve. */
  public ZsspTransport transport() {
    return transport;
  }

  /** The bound channels (one on NIO). */
  public List<Channel> channels() {
    return channels;
  }

  /** The local address and port every channel is bound to. */
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  /** Whether the channels are epoll ones with {@code SO_REUSEPORT} (else one NIO channel). */
  public boolean isEpoll() {
    return epoll;
  }

  /** Waits until every channel is closed (by {@link #close()}, or a fatal error). */
  public void awaitClosed() throws InterruptedException {
    for (Channel c : channels) {
      c.closeFuture().await();
    }
  }

  /**
   * Closes the transport (the context first, so {@code SessionClosed} events still reach the
   * pipelines), the channels, and shuts the event loops down (waiting up to 5 s). Idempotent.
   */
  @Override
  public void close() {
    transport.close();
    for (Channel c : channels) {
      c.close().awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS);
    }
    group
        .shutdownGracefully(0, SHUTDOWN_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS)
        .awaitUninterruptibly(SHUTDOWN_TIMEOUT_MILLIS);
  }

  @Override
  public String toString() {
    return "ZsspNettyEndpoint["
        + localAddress
        + ", "
        + channels.size()
        + (epoll ? " epoll channels (SO_REUSEPORT)]" : " NIO channel]");
  }
}
