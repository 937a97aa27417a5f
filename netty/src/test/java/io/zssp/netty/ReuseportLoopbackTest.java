package io.zssp.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.zssp.api.DataTooLargeException;
import io.zssp.crypto.P384KeyPair;
import io.zssp.reference.ReferenceZssp;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Real sockets on loopback: a server with 2 epoll channels sharing one port ({@code SO_REUSEPORT})
 * and one engine context echoes 100 sessions, each from its own client port, and every echo is
 * checked byte for byte; both channels must have carried traffic. NIO binds one channel.
 */
class ReuseportLoopbackTest {
  private static final int SESSIONS = 100;
  private static final int ROUNDS = 10;

  /** Echoes every payload on its session, counting what this channel received. */
  static final class Echo extends ChannelInboundHandlerAdapter {
    final AtomicLong received;

    Echo(AtomicLong received) {
      this.received = received;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof ZsspMessage) {
        received.incrementAndGet();
      }
      ctx.writeAndFlush(msg); // ownership passes on: the ZSSP handler releases it
    }
  }

  /** Client i's payload of round r: sizes 16..1015 bytes, and a fragmented 3,000 bytes 1 in 10. */
  static byte[] payload(int i, int r) {
    int size = (i + r) % 10 == 0 ? 3_000 : 16 + (i * 31 + r * 7) % 1_000;
    byte[] b = new byte[size];
    for (int k = 0; k < size; k++) {
      b[k] = (byte) (i * 7 + r * 13 + k);
    }
    return b;
  }

  @Test
  void twoReusePortChannels_hundredSessions_everyEchoChecked() throws Exception {
    assumeTrue(
        ZsspBootstrap.epollAvailable(),
        () -> "SKIPPED: epoll is not available here: " + ZsspBootstrap.epollUnavailabilityCause());
    List<AtomicLong> perChannel = new ArrayList<>();
    P384KeyPair serverKey = Loopback.CRYPTO.p384().generateKeyPair();
    ZsspTransport server = Loopback.server(serverKey, SESSIONS);
    try (ZsspNettyEndpoint endpoint =
        ZsspBootstrap.of(server)
            .channels(2)
            .handler(
                () -> {
                  AtomicLong count = new AtomicLong();
                  perChannel.add(count);
                  return new Echo(count);
                })
            .bind(new InetSocketAddress(Loopback.LOOPBACK, 0))) {
      assertTrue(endpoint.isEpoll());
      assertEquals(2, endpoint.channels().size());
      assertEquals(
          endpoint.channels().get(0).localAddress(), endpoint.channels().get(1).localAddress());
      assertNotEquals(
          endpoint.channels().get(0).eventLoop(), endpoint.channels().get(1).eventLoop());
      echoRounds(endpoint, serverKey, SESSIONS, ROUNDS);
      assertEquals(SESSIONS, server.context().sessions().size());
      assertTrue(
          perChannel.get(0).get() > 0 && perChannel.get(1).get() > 0,
          () -> "both channels carry traffic: " + perChannel);
      assertEquals(
          SESSIONS * ROUNDS,
          perChannel.get(0).get() + perChannel.get(1).get(),
          "server deliveries");
    }
  }

  @Test
  void nio_bindsOneChannel_andEchoes() throws Exception {
    P384KeyPair serverKey = Loopback.CRYPTO.p384().generateKeyPair();
    AtomicLong count = new AtomicLong();
    try (ZsspNettyEndpoint endpoint =
        ZsspBootstrap.of(Loopback.server(serverKey, 8))
            .nio(true)
            .channels(4)
            .handler(() -> new Echo(count))
            .bind(new InetSocketAddress(Loopback.LOOPBACK, 0))) {
      assertEquals(1, endpoint.channels().size());
      echoRounds(endpoint, serverKey, 8, 3);
      assertEquals(24, count.get());
    }
  }

  @Test
  void severalChannels_needAThreadSafeContext() {
    assumeTrue(ZsspBootstrap.epollAvailable(), "SKIPPED: epoll is not available here");
    ZsspTransport reference =
        ZsspTransport.builder(
                ReferenceZssp::newContext,
                Loopback.config(Loopback.CRYPTO.p384().generateKeyPair(), 1))
            .build();
    assertThrows(
        IllegalStateException.class,
        () -> ZsspBootstrap.of(reference).channels(2).bind(new InetSocketAddress(0)));
    reference.close();
  }

  /**
   * {@code sessions} clients (each on its own port) open a session to {@code endpoint} and do
   * {@code rounds} echo rounds; even clients write through their pipeline, odd ones call {@code
   * Session.send} from this thread. Every echo is compared with what was sent.
   */
  static void echoRounds(
      ZsspNettyEndpoint endpoint, P384KeyPair serverKey, int sessions, int rounds)
      throws Exception {
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    List<Loopback.Client> clients = new ArrayList<>();
    try {
      for (int i = 0; i < sessions; i++) {
        Loopback.Client c = new Loopback.Client(group);
        clients.add(c);
        c.open(serverKey, endpoint.localAddress());
      }
      Loopback.await(
          () -> clients.stream().allMatch(c -> c.session.state().canSend()),
          30_000,
          () ->
              "sessions not established: "
                  + clients.stream().filter(c -> !c.session.state().canSend()).count());
      for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < sessions; i++) {
          send(clients.get(i), i, payload(i, r));
        }
        int round = r + 1;
        Loopback.await(
            () -> clients.stream().allMatch(c -> c.inbox.payloads.size() >= round),
            10_000,
            () -> "round " + round + ": echoes missing");
      }
      for (int i = 0; i < sessions; i++) {
        Loopback.Client c = clients.get(i);
        for (int r = 0; r < rounds; r++) {
          Inbox.Payload echo = c.inbox.payloads.poll();
          assertArrayEquals(payload(i, r), echo.bytes(), "client " + i + " round " + r);
          assertEquals(c.session, echo.session());
        }
        assertTrue(c.inbox.errors.isEmpty(), () -> "client errors " + c.inbox.errors);
      }
    } finally {
      for (Loopback.Client c : clients) {
        c.close();
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }

  private static void send(Loopback.Client c, int i, byte[] payload) throws DataTooLargeException {
    if (i % 2 == 0) {
      c.channel.writeAndFlush(new ZsspMessage(c.session, Unpooled.wrappedBuffer(payload)));
    } else {
      c.session.send(payload, 0, payload.length);
    }
  }
}
