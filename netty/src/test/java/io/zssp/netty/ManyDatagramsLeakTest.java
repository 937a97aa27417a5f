package io.zssp.netty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.zssp.api.Session;
import io.zssp.crypto.P384KeyPair;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Many datagrams under paranoid leak detection (every buffer tracked; a leak fails the test through
 * {@link LeakCheckExtension}): clients keep a window of messages in flight to a server of 2
 * reuseport epoll channels that echoes them, and check every echo. The count is of datagrams
 * received by ZSSP handlers, both ways (half by the server, half by the clients). CI runs 100,000;
 * the 10^6 (about 10 minutes on a loaded 2-core machine):
 *
 * <pre>mvn -B -pl netty test -Dtest=ManyDatagramsLeakTest -Dzssp.netty.datagrams=1000000</pre>
 */
class ManyDatagramsLeakTest {
  private static final long DATAGRAMS = Long.getLong("zssp.netty.datagrams", 100_000);
  private static final int CLIENTS = 16;
  private static final int WINDOW = 8;
  private static final int SIZE = 64;

  /** Checks each echo, releases it (SimpleChannelInboundHandler) and sends the next message. */
  static final class Pinger extends SimpleChannelInboundHandler<ZsspMessage> {
    final int id;
    final long quota;
    final AtomicLong sent = new AtomicLong();
    final AtomicLong echoed = new AtomicLong();
    final AtomicLong corrupt = new AtomicLong();
    volatile Session session;

    Pinger(int id, long quota) {
      this.id = id;
      this.quota = quota;
    }

    void send(io.netty.channel.Channel channel) {
      long seq = sent.getAndIncrement();
      if (seq >= quota) {
        return;
      }
      ByteBuf b = channel.alloc().heapBuffer(SIZE);
      b.writeInt(id).writeLong(seq);
      while (b.readableBytes() < SIZE) {
        b.writeByte((int) (seq + b.readableBytes()));
      }
      channel.writeAndFlush(new ZsspMessage(session, b));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ZsspMessage echo) {
      ByteBuf b = echo.content();
      int at = b.readerIndex();
      boolean ok = b.readableBytes() == SIZE && b.getInt(at) == id;
      long seq = b.getLong(at + 4);
      for (int k = 12; ok && k < SIZE; k++) {
        ok = b.getByte(at + k) == (byte) (seq + k);
      }
      (ok ? echoed : corrupt).incrementAndGet();
      send(ctx.channel());
    }
  }

  @Test
  void manyDatagrams_echoedAndChecked_noLeak() throws Exception {
    assumeTrue(
        ZsspBootstrap.epollAvailable(),
        () -> "SKIPPED: epoll is not available here: " + ZsspBootstrap.epollUnavailabilityCause());
    P384KeyPair serverKey = Loopback.CRYPTO.p384().generateKeyPair();
    AtomicLong serverReceived = new AtomicLong();
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
    List<Loopback.Client> clients = new ArrayList<>();
    List<Pinger> pingers = new ArrayList<>();
    try (ZsspNettyEndpoint server =
        ZsspBootstrap.of(Loopback.server(serverKey, CLIENTS))
            .channels(2)
            .handler(() -> new ReuseportLoopbackTest.Echo(serverReceived))
            .bind(new InetSocketAddress(Loopback.LOOPBACK, 0))) {
      for (int i = 0; i < CLIENTS; i++) {
        Loopback.Client c = new Loopback.Client(group);
        Pinger p = new Pinger(i, (DATAGRAMS / 2 + CLIENTS - 1) / CLIENTS);
        c.channel.pipeline().replace(c.inbox, "pinger", p);
        clients.add(c);
        pingers.add(p);
        p.session = c.open(serverKey, server.localAddress());
      }
      Loopback.await(
          () -> clients.stream().allMatch(c -> c.session.state().canSend()), 30_000, () -> "");
      long start = System.nanoTime();
      for (int i = 0; i < CLIENTS; i++) {
        for (int w = 0; w < WINDOW; w++) {
          pingers.get(i).send(clients.get(i).channel);
        }
      }
      awaitQuiet(pingers);
      long millis = (System.nanoTime() - start) / 1_000_000;
      long echoed = pingers.stream().mapToLong(p -> p.echoed.get()).sum();
      long corrupt = pingers.stream().mapToLong(p -> p.corrupt.get()).sum();
      System.out.printf(
          "ManyDatagramsLeakTest: %d datagrams to the server, %d echoes back, %d ms%n",
          serverReceived.get(), echoed, millis);
      assertEquals(0, corrupt, "corrupt echoes");
      assertTrue(serverReceived.get() >= DATAGRAMS / 2 * 999 / 1000, "server: " + serverReceived);
      assertTrue(echoed >= DATAGRAMS / 2 * 998 / 1000, "echoes: " + echoed);
    } finally {
      for (Loopback.Client c : clients) {
        c.close();
      }
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }

  /** Waits until every quota is sent and no echo came for 2 s (a lost datagram ends a window). */
  private static void awaitQuiet(List<Pinger> pingers) throws InterruptedException {
    long last = -1;
    long lastChange = System.nanoTime();
    while (System.nanoTime() - lastChange < 2_000_000_000L) {
      long now = pingers.stream().mapToLong(p -> p.echoed.get() + p.corrupt.get()).sum();
      if (now != last) {
        last = now;
        lastChange = System.nanoTime();
      }
      if (pingers.stream().allMatch(p -> p.echoed.get() + p.corrupt.get() >= p.quota)) {
        return;
      }
      Thread.sleep(10);
    }
  }
}
