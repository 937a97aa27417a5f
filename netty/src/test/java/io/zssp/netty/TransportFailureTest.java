package io.zssp.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import io.zssp.api.ZsspContext;
import io.zssp.engine.EngineZssp;
import io.zssp.reference.ReferenceZssp;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Failures never kill a channel silently: an exception from the context is fired into the pipeline
 * and the channel goes on; a VirtualMachineError closes the transport and its channels and is
 * reported. A context that is not thread-safe refuses a second channel.
 */
class TransportFailureTest {
  private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 40003);
  private static final InetSocketAddress SELF = new InetSocketAddress("127.0.0.1", 40004);

  private final MockTicker ticker = Ticker.newMockTicker();

  /** Set to make the context's {@code receive} throw it. */
  private volatile Throwable failure;

  /** The engine behind a proxy whose {@code receive} throws {@link #failure} when it is set. */
  private ZsspContext failing(ZsspContext inner) {
    InvocationHandler h =
        (proxy, method, args) -> {
          Throwable t = failure;
          if (t != null && method.getName().equals("receive")) {
            throw t;
          }
          try {
            return method.invoke(inner, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        };
    return (ZsspContext)
        Proxy.newProxyInstance(
            ZsspContext.class.getClassLoader(), new Class<?>[] {ZsspContext.class}, h);
  }

  private EmbeddedPeer failingPeer() {
    return new EmbeddedPeer(
        SELF,
        ticker,
        config -> failing(EngineZssp.newContext(config)),
        SessionAcceptor.acceptAll());
  }

  private static void receiveJunk(EmbeddedPeer p) {
    DatagramPacket d = new DatagramPacket(Unpooled.buffer().writeZero(64), SELF, PEER);
    p.received.add(d);
    p.channel.writeInbound(d);
  }

  @Test
  void runtimeException_fromTheContext_isReported_andTheChannelGoesOn() {
    EmbeddedPeer p = failingPeer();
    RuntimeException boom = new IllegalStateException("context bug");
    failure = boom;
    receiveJunk(p);
    assertEquals(List.of(boom), p.inbox.errors);
    assertTrue(p.channel.isActive());
    assertFalse(p.transport.isClosed());

    failure = null;
    receiveJunk(p); // processed again: dropped as malformed, counted
    assertEquals(
        1L, p.transport.context().dropCounts().values().stream().mapToLong(Long::longValue).sum());
    assertEquals(0, p.unreleased());
    p.transport.close();
    p.channel.finishAndReleaseAll();
  }

  @Test
  void virtualMachineError_closesTheTransportAndItsChannel_andIsReported() {
    EmbeddedPeer p = failingPeer();
    OutOfMemoryError oom = new OutOfMemoryError("test");
    failure = oom;
    receiveJunk(p);
    p.channel.runPendingTasks();
    assertSame(oom, p.transport.failure());
    assertTrue(p.transport.isClosed());
    assertEquals(List.of(oom), p.inbox.errors);
    assertFalse(p.channel.isOpen(), "the channel is closed");
    assertEquals(0, p.unreleased());
    p.channel.finishAndReleaseAll();
  }

  @Test
  void referenceContext_refusesASecondChannel() {
    EmbeddedPeer p =
        new EmbeddedPeer(SELF, ticker, ReferenceZssp::newContext, SessionAcceptor.acceptAll());
    assertFalse(p.transport.isThreadSafe());
    // Netty removes a handler whose handlerAdded throws, and reports it (logged here).
    EmbeddedChannel second = new EmbeddedChannel(p.transport.newHandler());
    assertNull(second.pipeline().get(ZsspDatagramHandler.class), "the second handler was refused");
    assertEquals(1, p.transport.handlers().size());
    second.finishAndReleaseAll();
    p.transport.close();
    p.channel.finishAndReleaseAll();
  }

  @Test
  void engineContext_takesSeveralChannels() {
    EmbeddedPeer p =
        new EmbeddedPeer(SELF, ticker, EngineZssp::newContext, SessionAcceptor.acceptAll());
    assertTrue(p.transport.isThreadSafe());
    EmbeddedChannel second = new EmbeddedChannel(p.transport.newHandler());
    assertEquals(2, p.transport.handlers().size());
    p.transport.close();
    assertFalse(second.isOpen());
    assertEquals(0, p.transport.handlers().size());
    second.finishAndReleaseAll();
    p.channel.finishAndReleaseAll();
  }
}
