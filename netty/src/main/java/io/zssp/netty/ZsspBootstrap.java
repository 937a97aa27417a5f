package io.zssp.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.zssp.api.ProtocolConstants;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Binds the channels of a {@link ZsspTransport} to one local address and port, each on its own
 * event loop of a new group, with the transport's handler first in each pipeline and the
 * application's handler after it.
 *
 * <p>On Linux where Netty's native epoll transport loads ({@link #epollAvailable()}), it binds N
 * {@code EpollDatagramChannel}s with {@code SO_REUSEPORT} (N = {@link #channels(int)}, by default
 * the number of cores): the kernel hashes each peer's address and port to one of the sockets, so
 * receive, decryption and the application's handler run on N cores, and one peer stays on one
 * channel. Each epoll channel reads up to 16 datagrams per system call ({@code recvmmsg}).
 * Elsewhere, or with {@link #nio(boolean) nio(true)}, it binds one NIO channel whatever {@link
 * #channels(int)} says. Several channels need a thread-safe context (the engine). Where outgoing
 * datagrams leave is said in {@link ZsspTransport}.
 *
 * <p>A builder: not thread-safe; {@link #bind} may be called more than once (a new group each
 * time).
 */
public final class ZsspBootstrap {
  /** Datagrams one epoll read may take with {@code recvmmsg}. */
  private static final int DATAGRAMS_PER_READ = 16;

  private final ZsspTransport transport;
  private int channels;
  private boolean nio;
  private Supplier<? extends ChannelHandler> next;
  private int maxDatagramBytes = 2048;
  private int receiveBufferBytes;
  private int sendBufferBytes;

  private ZsspBootstrap(ZsspTransport transport) {
    this.transport = Objects.requireNonNull(transport, "transport");
  }

  /** A bootstrap for {@code transport}'s channels. */
  public static ZsspBootstrap of(ZsspTransport transport) {
    return new ZsspBootstrap(transport);
  }

  /** Whether Netty's native epoll transport is usable here. */
  public static boolean epollAvailable() {
    return Epoll.isAvailable();
  }

  /** Why epoll is not usable here (null if it is). */
  public static Throwable epollUnavailabilityCause() {
    return Epoll.unavailabilityCause();
  }

  /**
   * How many epoll channels (and event loops) to bind; 0 (the default) means one per core. NIO
   * binds one.
   */
  public ZsspBootstrap channels(int channels) {
    if (channels < 0) {
      throw new IllegalArgumentException(
          "channels must be 0 (one per core) or more, got " + channels);
    }
    this.channels = channels;
    return this;
  }

  /** Use NIO (one channel) even where epoll is available. */
  public ZsspBootstrap nio(boolean nio) {
    this.nio = nio;
    return this;
  }

  /**
   * The application's handler, added after the ZSSP handler in each channel's pipeline: called once
   * per channel (return the same instance only if it is {@code @Sharable}).
   */
  public ZsspBootstrap handler(Supplier<? extends ChannelHandler> next) {
    this.next = Objects.requireNonNull(next, "next");
    return this;
  }

  /**
   * The largest datagram read whole (default 2,048 bytes, enough for the default MTU of 1,500); a
   * longer one is truncated by the socket and then fails authentication (dropped). Raise it to the
   * largest MTU peers use.
   */
  public ZsspBootstrap maxDatagramBytes(int bytes) {
    if (bytes < ProtocolConstants.MIN_TRANSPORT_MTU
        || bytes > ProtocolConstants.MAX_DATAGRAM_SIZE_IN_BYTES) {
      throw new IllegalArgumentException("maxDatagramBytes must be 128..65535, got " + bytes);
    }
    this.maxDatagramBytes = bytes;
    return this;
  }

  /** {@code SO_RCVBUF} of each channel (0, the default: the OS's). */
  public ZsspBootstrap receiveBufferBytes(int bytes) {
    this.receiveBufferBytes = Math.max(0, bytes);
    return this;
  }

  /** {@code SO_SNDBUF} of each channel (0, the default: the OS's). */
  public ZsspBootstrap sendBufferBytes(int bytes) {
    this.sendBufferBytes = Math.max(0, bytes);
    return this;
  }

  /**
   * Binds the channels to {@code local} (port 0: a free port, the same for all) in a new event loop
   * group that the returned endpoint owns.
   *
   * @throws IllegalStateException if several channels are asked of a transport whose context is not
   *     thread-safe
   * @throws InterruptedException if interrupted while binding (nothing is left open)
   * @throws io.netty.channel.ChannelException or another exception of the bind (nothing is left
   *     open)
   */
  public ZsspNettyEndpoint bind(InetSocketAddress local) throws InterruptedException {
    boolean epoll = !nio && Epoll.isAvailable();
    int n = !epoll ? 1 : channels > 0 ? channels : Runtime.getRuntime().availableProcessors();
    if (n > 1 && !transport.isThreadSafe()) {
      throw new IllegalStateException(
          n + " channels share one context, which must be thread-safe (the engine): bind 1");
    }
    IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
    EventLoopGroup group =
        new MultiThreadIoEventLoopGroup(n, new DefaultThreadFactory("zssp-netty", true), io);
    List<Channel> bound = new ArrayList<>(n);
    try {
      Bootstrap b = bootstrap(group, epoll, family(local));
      Channel first = b.bind(local).sync().channel();
      bound.add(first);
      InetSocketAddress actual = (InetSocketAddress) first.localAddress();
      while (bound.size() < n) {
        bound.add(b.bind(actual).sync().channel());
      }
      return new ZsspNettyEndpoint(transport, group, bound, actual, epoll);
    } catch (InterruptedException | RuntimeException | Error e) {
      for (Channel c : bound) {
        c.close();
      }
      group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
      throw e;
    }
  }

  private Bootstrap bootstrap(EventLoopGroup group, boolean epoll, SocketProtocolFamily family) {
    Bootstrap b = new Bootstrap().group(group);
    if (epoll) {
      b.channelFactory(() -> new EpollDatagramChannel(family))
          .option(EpollChannelOption.SO_REUSEPORT, true)
          .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, maxDatagramBytes)
          .option(
              ChannelOption.RCVBUF_ALLOCATOR,
              new FixedRecvByteBufAllocator(maxDatagramBytes * DATAGRAMS_PER_READ));
    } else {
      b.channelFactory(() -> new NioDatagramChannel(family))
          .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(maxDatagramBytes));
    }
    if (receiveBufferBytes > 0) {
      b.option(ChannelOption.SO_RCVBUF, receiveBufferBytes);
    }
    if (sendBufferBytes > 0) {
      b.option(ChannelOption.SO_SNDBUF, sendBufferBytes);
    }
    Supplier<? extends ChannelHandler> app = next;
    return b.handler(
        new ChannelInitializer<DatagramChannel>() {
          @Override
          protected void initChannel(DatagramChannel ch) {
            ch.pipeline().addLast("zssp", transport.newHandler());
            if (app != null) {
              ch.pipeline().addLast(app.get());
            }
          }
        });
  }

  private static SocketProtocolFamily family(InetSocketAddress local) {
    if (local.isUnresolved()) {
      throw new IllegalArgumentException("unresolved bind address: " + local);
    }
    return local.getAddress() instanceof Inet4Address
        ? SocketProtocolFamily.INET
        : SocketProtocolFamily.INET6;
  }
}
