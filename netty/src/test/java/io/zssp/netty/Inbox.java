package io.zssp.netty;

import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.zssp.api.Session;
import io.zssp.api.ZsspEvent;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test handler after the ZSSP handler: records every payload (a copy, then releases the message as
 * its owner must), every other message (released), every user event and every exception.
 * Thread-safe, {@code @Sharable}.
 */
@ChannelHandler.Sharable
final class Inbox extends ChannelInboundHandlerAdapter {
  /** One received payload. */
  record Payload(Session session, byte[] bytes) {}

  final ConcurrentLinkedQueue<Payload> payloads = new ConcurrentLinkedQueue<>();
  final List<Object> others = new CopyOnWriteArrayList<>();
  final List<ZsspEvent> events = new CopyOnWriteArrayList<>();
  final List<Throwable> errors = new CopyOnWriteArrayList<>();

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof ZsspMessage) {
        ZsspMessage m = (ZsspMessage) msg;
        payloads.add(new Payload(m.session(), ByteBufUtil.getBytes(m.content())));
      } else {
        others.add(msg);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof ZsspEvent) {
      events.add((ZsspEvent) evt);
    } else {
      ctx.fireUserEventTriggered(evt);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    errors.add(cause);
  }

  /** Recorded events of {@code type}. */
  <T extends ZsspEvent> List<T> events(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** The first established session, or null. */
  Session established() {
    List<ZsspEvent.SessionEstablished> e = events(ZsspEvent.SessionEstablished.class);
    return e.isEmpty() ? null : e.get(0).session();
  }
}
