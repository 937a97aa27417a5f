package io.zssp.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.concurrent.MockTicker;
import io.netty.util.concurrent.Ticker;
import io.zssp.api.ContextConfig;
import io.zssp.api.DataTooLargeException;
import io.zssp.api.Session;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspEvent;
import io.zssp.api.ZsspSettings;
import io.zssp.engine.EngineZssp;
import io.zssp.reference.ReferenceZssp;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two contexts wired through {@code EmbeddedChannel}s: the handshake, payloads both ways (heap and
 * direct buffers, fragmented ones too), the timers on the event loop, and that every datagram
 * handed in and every message handed out is released (besides the leak detector, the reference
 * counts are checked directly).
 */
class EmbeddedRoundTripTest {
  private static final InetSocketAddress ALICE = new InetSocketAddress("127.0.0.1", 40001);
  private static final InetSocketAddress BOB = new InetSocketAddress("127.0.0.1", 40002);
  private static final int[] SIZES = {0, 1, 100, 1400, 5000, 20_000};

  private final MockTicker ticker = Ticker.newMockTicker();
  private EmbeddedPeer alice;
  private EmbeddedPeer bob;

  static Stream<Arguments> implementations() {
    Function<ContextConfig, ZsspContext> engine = EngineZssp::newContext;
    Function<ContextConfig, ZsspContext> reference = ReferenceZssp::newContext;
    return Stream.of(
        Arguments.of("engine-engine", engine, engine),
        Arguments.of("engine-reference", engine, reference),
        Arguments.of("reference-engine", reference, engine));
  }

  private void start(
      Function<ContextConfig, ZsspContext> aliceImpl,
      Function<ContextConfig, ZsspContext> bobImpl,
      SessionAcceptor bobAcceptor) {
    ticker.advance(1_000, TimeUnit.SECONDS); // a clock that does not start at 0
    alice = new EmbeddedPeer(ALICE, ticker, aliceImpl, SessionAcceptor.rejectAll());
    bob = new EmbeddedPeer(BOB, ticker, bobImpl, bobAcceptor);
  }

  private Session[] handshake() throws Exception {
    Session a = alice.open(bob);
    EmbeddedPeer.pump(alice, bob);
    Session b = bob.inbox.established();
    assertNotNull(b, "Bob: no SessionEstablished in " + bob.inbox.events);
    assertNotNull(alice.inbox.established(), "Alice: " + alice.inbox.events);
    assertTrue(a.state().canSend(), "Alice: " + a.state());
    return new Session[] {a, b};
  }

  @AfterEach
  void finish() {
    for (EmbeddedPeer p : new EmbeddedPeer[] {alice, bob}) {
      if (p == null) {
        continue;
      }
      p.transport.close();
      p.channel.runPendingTasks();
      assertFalse(p.channel.finish(), "messages left in the channel");
      assertEquals(0, p.unreleased(), "inbound datagrams not released");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("implementations")
  void handshake_thenPayloadsBothWays_allReleased(
      String name,
      Function<ContextConfig, ZsspContext> aliceImpl,
      Function<ContextConfig, ZsspContext> bobImpl)
      throws Exception {
    start(aliceImpl, bobImpl, SessionAcceptor.acceptAll());
    Session[] s = handshake();
    SplittableRandom random = new SplittableRandom(7);
    List<ByteBuf> written = new ArrayList<>();
    for (int size : SIZES) {
      for (boolean direct : new boolean[] {false, true}) {
        byte[] payload = new byte[size];
        random.nextBytes(payload);
        // Alice -> Bob, then Bob echoes through his pipeline.
        ByteBuf buf = direct ? Unpooled.directBuffer(size) : Unpooled.buffer(size);
        buf.writeBytes(payload);
        written.add(buf);
        ChannelFuture f = alice.channel.writeAndFlush(new ZsspMessage(s[0], buf));
        assertTrue(f.isSuccess(), () -> "write failed: " + f.cause());
        EmbeddedPeer.pump(alice, bob);
        Inbox.Payload got = bob.inbox.payloads.poll();
        assertNotNull(got, "Bob got nothing of " + size + " bytes");
        assertArrayEquals(payload, got.bytes(), "Bob's payload of " + size + " bytes");
        assertEquals(s[1], got.session());
        bob.channel.writeAndFlush(new ZsspMessage(s[1], Unpooled.wrappedBuffer(payload)));
        EmbeddedPeer.pump(alice, bob);
        Inbox.Payload echo = alice.inbox.payloads.poll();
        assertNotNull(echo, "Alice got no echo of " + size + " bytes");
        assertArrayEquals(payload, echo.bytes(), "echo of " + size + " bytes");
      }
    }
    for (ByteBuf b : written) {
      assertEquals(0, b.refCnt(), "a written message was not released");
    }
    assertTrue(alice.inbox.errors.isEmpty(), () -> "Alice: " + alice.inbox.errors);
    assertTrue(bob.inbox.errors.isEmpty(), () -> "Bob: " + bob.inbox.errors);
  }

  @Test
  void lostX1_isResentByTheTimerOnTheEventLoop() throws Exception {
    start(EngineZssp::newContext, EngineZssp::newContext, SessionAcceptor.acceptAll());
    alice.open(bob);
    alice.channel.runPendingTasks();
    assertTrue(dropOutbound(alice) > 0, "no X1"); // lost (X1 is two fragments at MTU 1500)

    ticker.advance(ZsspSettings.DEFAULTS.resendMillis() - 1, TimeUnit.MILLISECONDS);
    alice.channel.runPendingTasks();
    assertEquals(0, dropOutbound(alice), "resent too early");
    ticker.advance(2, TimeUnit.MILLISECONDS);
    alice.channel.runPendingTasks();
    assertNotNull(alice.channel.outboundMessages().peek(), "the timer did not resend X1");
    EmbeddedPeer.pump(alice, bob);
    assertNotNull(bob.inbox.established(), "Bob: " + bob.inbox.events);
  }

  private static int dropOutbound(EmbeddedPeer p) {
    int n = 0;
    for (DatagramPacket d; (d = p.channel.readOutbound()) != null; n++) {
      d.release();
    }
    return n;
  }

  @Test
  void write_tooLarge_failsThePromise_andReleasesTheMessage() throws Exception {
    start(EngineZssp::newContext, EngineZssp::newContext, SessionAcceptor.acceptAll());
    Session[] s = handshake();
    ByteBuf big = Unpooled.buffer().writeZero(s[0].maxPayloadSize() + 1);
    ChannelFuture f = alice.channel.writeAndFlush(new ZsspMessage(s[0], big));
    assertInstanceOf(DataTooLargeException.class, f.cause());
    assertEquals(0, big.refCnt());
    assertTrue(alice.channel.isActive(), "the channel goes on");
  }

  @Test
  void write_beforeTheSessionCanSend_failsWithIllegalState() throws Exception {
    start(EngineZssp::newContext, EngineZssp::newContext, SessionAcceptor.acceptAll());
    Session a = alice.open(bob); // A1: X1 sent, nothing back yet
    ByteBuf buf = Unpooled.copiedBuffer(new byte[] {1, 2, 3});
    ChannelFuture f = alice.channel.writeAndFlush(new ZsspMessage(a, buf));
    assertInstanceOf(IllegalStateException.class, f.cause());
    assertEquals(0, buf.refCnt());
    EmbeddedPeer.pump(alice, bob); // the handshake still completes
    assertNotNull(bob.inbox.established());
  }

  @Test
  void otherMessages_passThroughBothWays() throws Exception {
    start(EngineZssp::newContext, EngineZssp::newContext, SessionAcceptor.acceptAll());
    alice.channel.writeInbound("not a datagram");
    assertEquals(List.of("not a datagram"), alice.inbox.others);
    ByteBuf raw = Unpooled.copiedBuffer(new byte[] {9});
    alice.channel.writeOutbound(raw);
    ByteBuf out = alice.channel.readOutbound();
    assertEquals(raw, out);
    out.release();
  }

  @Test
  void acceptorThrows_isReported_sessionRejected_channelGoesOn() throws Exception {
    RuntimeException boom = new RuntimeException("acceptor failed");
    start(
        EngineZssp::newContext,
        EngineZssp::newContext,
        (key, identity, from) -> {
          throw boom;
        });
    alice.open(bob);
    EmbeddedPeer.pump(alice, bob);
    assertEquals(List.of(boom), bob.inbox.errors);
    assertNull(bob.inbox.established());
    assertTrue(bob.channel.isActive());
  }

  @Test
  void droppedDatagrams_areUserEvents() throws Exception {
    start(EngineZssp::newContext, EngineZssp::newContext, SessionAcceptor.acceptAll());
    ByteBuf junk = Unpooled.buffer().writeZero(64);
    DatagramPacket p = new DatagramPacket(junk, BOB, ALICE);
    bob.received.add(p);
    bob.channel.writeInbound(p);
    List<ZsspEvent.Dropped> drops = bob.inbox.events(ZsspEvent.Dropped.class);
    assertEquals(1, drops.size(), () -> "events " + bob.inbox.events);
  }
}
