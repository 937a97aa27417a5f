package io.zssp.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.EventExecutor;
import io.zssp.api.PeerAddress;
import io.zssp.api.Session;
import io.zssp.api.ZsspEvent;
import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;

/**
 * The ZSSP handler of one datagram channel of a {@link ZsspTransport} (from {@link
 * ZsspTransport#newHandler()}; one per channel, not {@code @Sharable}).
 *
 * <ul>
 *   <li><b>Inbound.</b> Each {@link DatagramPacket} goes to the context's {@code receive}: a heap
 *       buffer's array in place, a direct buffer as a {@code ByteBuffer} view ({@code nioBuffer()},
 *       no copy here); the packet is released exactly once, when {@code receive} returns. Other
 *       messages pass through untouched. Every decrypted payload is fired to the next inbound
 *       handler as a {@link ZsspMessage} (a pooled heap buffer holding a copy of the plaintext,
 *       which that handler owns and must release); every {@link ZsspEvent} as a user event ({@code
 *       userEventTriggered}), with the context's {@code Dropped} events included. After a read
 *       batch ({@code channelReadComplete}) the handler runs {@code service()} and flushes the
 *       datagrams the batch produced.
 *   <li><b>Outbound.</b> A {@link ZsspMessage} written to the pipeline is sealed and sent on its
 *       session; the handler releases it then. Its promise succeeds once the datagrams are queued
 *       on the channel, and fails with the session's exception ({@code DataTooLargeException}, or
 *       {@code IllegalStateException} before the session can send). Like any write, the datagrams
 *       leave on the next {@code flush()}. Anything else written passes through.
 * </ul>
 *
 * <p><b>Threading.</b> Netty calls it on its channel's event loop only. The transport may call its
 * package-private methods from any thread; they hop to the event loop where needed.
 */
public final class ZsspDatagramHandler extends ChannelDuplexHandler {
  private final ZsspTransport transport;

  /** Set in handlerAdded; read by other threads that send or deliver through this channel. */
  private volatile ChannelHandlerContext ctx;

  // Event loop only.
  private boolean pendingFlush;
  private boolean pendingService;
  private InetSocketAddress lastSender;
  private PeerAddress lastPeer;

  ZsspDatagramHandler(ZsspTransport transport) {
    this.transport = transport;
  }

  /** The transport this handler serves. */
  public ZsspTransport transport() {
    return transport;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    transport.attach(this);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    transport.detach(this);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    transport.detach(this);
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof DatagramPacket)) {
      ctx.fireChannelRead(msg);
      return;
    }
    DatagramPacket packet = (DatagramPacket) msg;
    try {
      InetSocketAddress sender = packet.sender();
      if (!sender.equals(lastSender)) {
        lastPeer = PeerAddress.of(sender);
        lastSender = sender;
      }
      transport.receive(this, lastPeer, packet.content());
    } finally {
      packet.release();
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    transport.service(this); // and flushes what the batch produced
    ctx.fireChannelReadComplete();
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof ZsspMessage) {
      transport.send(this, (ZsspMessage) msg, promise);
      pendingService = true;
    } else {
      ctx.write(msg, promise);
    }
  }

  @Override
  public void flush(ChannelHandlerContext ctx) {
    if (pendingService) {
      pendingService = false;
      transport.service(this); // a send may have brought a deadline forward
    }
    pendingFlush = false;
    ctx.flush();
  }

  // ---------------------------------------------------------------- for the transport

  EventExecutor executor() {
    return ctx.executor();
  }

  /**
   * Writes one datagram of the context to {@code to}: on the event loop during a call of this
   * handler ({@code current}) without a flush (the call's end flushes), else with one, from any
   * thread. False if the channel cannot take it (not attached, closed, not writable, not a UDP
   * address).
   */
  boolean sendDatagram(PeerAddress to, byte[] datagram, int off, int len, boolean current) {
    ChannelHandlerContext c = ctx;
    if (c == null) {
      return false;
    }
    Channel channel = c.channel();
    if (!channel.isActive() || !channel.isWritable()) {
      return false;
    }
    InetSocketAddress recipient;
    if (current && to.equals(lastPeer)) {
      recipient = lastSender; // the usual reply: no address decoding
    } else {
      try {
        recipient = to.toInetSocketAddress();
      } catch (IllegalStateException e) {
        return false;
      }
    }
    ByteBuf buf = c.alloc().ioBuffer(len);
    buf.writeBytes(datagram, off, len);
    DatagramPacket packet = new DatagramPacket(buf, recipient);
    if (current) {
      c.write(packet, c.voidPromise());
      pendingFlush = true;
    } else {
      c.writeAndFlush(packet, c.voidPromise());
    }
    return true;
  }

  /** Flushes the datagrams written by calls of this handler; event loop only. */
  void flushIfPending() {
    if (pendingFlush) {
      pendingFlush = false;
      ctx.flush();
    }
  }

  /** Fires a copy of {@code payload[off, off+len)} to the next handler as a {@link ZsspMessage}. */
  void deliver(Session session, byte[] payload, int off, int len, boolean current) {
    ChannelHandlerContext c = ctx;
    if (c == null) {
      return;
    }
    ByteBuf buf = c.alloc().heapBuffer(len); // heap: a reply written back is sealed in place
    buf.writeBytes(payload, off, len);
    ZsspMessage msg = new ZsspMessage(session, buf);
    if (current) {
      c.fireChannelRead(msg);
      return;
    }
    try {
      c.executor()
          .execute(
              () -> {
                c.fireChannelRead(msg);
                c.fireChannelReadComplete();
              });
    } catch (RejectedExecutionException e) {
      msg.release(); // the event loop is shut down: nobody will read it
    }
  }

  /** Fires {@code event} to the next handler as a user event. */
  void fireEvent(ZsspEvent event, boolean current) {
    ChannelHandlerContext c = ctx;
    if (c == null) {
      return;
    }
    if (current) {
      c.fireUserEventTriggered(event);
      return;
    }
    try {
      c.executor().execute(() -> c.fireUserEventTriggered(event));
    } catch (RejectedExecutionException e) {
      // shut down: the event has no reader any more
    }
  }

  /** Fires {@code t} to the next handler's {@code exceptionCaught}, on the event loop. */
  void fireException(Throwable t) {
    ChannelHandlerContext c = ctx;
    if (c == null) {
      return;
    }
    if (c.executor().inEventLoop()) {
      c.fireExceptionCaught(t);
      return;
    }
    try {
      c.executor().execute(() -> c.fireExceptionCaught(t));
    } catch (RejectedExecutionException e) {
      // shut down: nothing left to report to
    }
  }

  void closeChannel() {
    ChannelHandlerContext c = ctx;
    if (c != null) {
      c.channel().close();
    }
  }
}
