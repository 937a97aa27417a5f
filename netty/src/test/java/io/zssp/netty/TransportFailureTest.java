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
import io.zssp.api.DropReason;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Session;
import io.zssp.api.ZsspContext;
import io.zssp.crypto.P384PublicKey;
import io.zssp.engine.EngineZssp;
import io.zssp.reference.ReferenceZssp;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
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

  /** A context whose receive throws {@link #failure} when it is set. */
  static final class FailingContext implements ZsspContext {
    final ZsspContext inner;
    volatile Throwable failure;

    FailingContext(ZsspContext inner) {
      this.inner = inner;
    }

    @Override
    public Session open(P384PublicKey key, PeerAddress to, OpenOptions options)
        throws RatchetStoreException {
      return inner.open(key, to, options);
    }

    @Override
    public void receive(PeerAddress from, byte[] datagram, int off, int len) {
      Throwable t = failure;
      if (t instanceof RuntimeException) {
        throw (RuntimeException) t;
      } else if (t instanceof Error) {
        throw (Error) t;
      }
      inner.receive(from, datagram, off, len);
    }

    @Override
    public long service() {
      return inner.service();
    }

    @Override
    public List<Session> sessions() {
      return inner.sessions();
    }

    @Override
    public Map<DropReason, Long> dropCounts() {
      return inner.dropCounts();
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  private FailingContext context;

  private EmbeddedPeer failingPeer() {
    return new EmbeddedPeer(
        SELF,
        ticker,
        config -> context = new FailingContext(EngineZssp.newContext(config)),
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
    context.failure = boom;
    receiveJunk(p);
    assertEquals(List.of(boom), p.inbox.errors);
    assertTrue(p.channel.isActive());
    assertFalse(p.transport.isClosed());

    context.failure = null;
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
    context.failure = oom;
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
