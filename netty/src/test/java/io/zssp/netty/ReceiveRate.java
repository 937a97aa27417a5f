package io.zssp.netty;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.zssp.crypto.P384KeyPair;
import io.zssp.engine.EngineZssp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Load generator: how many ZSSP datagrams per second a Netty listener receives (each one decrypted
 * and delivered as a {@link ZsspMessage}) with 1 channel and with N {@code SO_REUSEPORT} channels,
 * over many sessions from many source ports, on loopback only. Bounded in count and time.
 *
 * <p>Per run: a listener (engine context, {@link ZsspBootstrap}) and S client sessions, each on its
 * own epoll socket (its own source port, so the kernel spreads them over the listener's sockets);
 * the handshakes run for real. Each client then seals its share of the datagrams ahead of time (a
 * recording handler keeps them instead of sending them), so that sending costs no cryptography. The
 * generator sends them from one thread in UDP GSO batches (one {@code sendmmsg} per client and
 * round, the kernel cuts them into datagrams) where the kernel supports it. Two modes:
 *
 * <ul>
 *   <li><b>drain</b> (the default): the listener's channels stop reading, the generator fills their
 *       socket queues (more than they hold), then reading resumes and the listener alone empties
 *       them, the generator idle; the rate is what it delivered over the time from the resume to
 *       its last delivery, summed over cycles. This measures the listener, not the sharing of two
 *       cores with the generator. The CPU time of the listener's threads and of the whole machine
 *       over the drains is printed too.
 *   <li><b>offered</b> ({@code --rate N}): the generator offers N datagrams/s while the listener
 *       reads; the rate is what it delivered while the generator was sending; the generator
 *       thread's CPU time is printed beside it.
 * </ul>
 *
 * <pre>
 * java -Dio.netty.leakDetection.level=disabled -cp CLASSPATH io.zssp.netty.ReceiveRate \
 *     [--channels 1,2] [--sessions 256] [--datagrams 3000000] [--rate drain|N] [--runs 3]
 * </pre>
 */
public final class ReceiveRate {
  private static final int PAYLOAD = 64;
  private static final int GSO_SEGMENTS = 64;
  private static final long MAX_SECONDS = 60;

  /** The rate that selects drain mode (see {@link #drain}). */
  static final long DRAIN = 0;

  /** Datagrams each client sends per drain cycle (together more than the sockets hold). */
  private static final long FILL_PER_CLIENT = 256;

  /** Counts what the listener delivers, and releases it. */
  @ChannelHandler.Sharable
  static final class Counter extends ChannelInboundHandlerAdapter {
    final LongAdder count = new LongAdder();
    final AtomicLong firstNanos = new AtomicLong();
    volatile long lastNanos;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      io.netty.util.ReferenceCountUtil.release(msg);
      long now = System.nanoTime();
      if (firstNanos.get() == 0) {
        firstNanos.compareAndSet(0, now);
      }
      lastNanos = now;
      count.increment();
    }
  }

  /** While {@link #recording}, keeps the datagrams the ZSSP handler writes instead of sending. */
  static final class Recorder extends ChannelOutboundHandlerAdapter {
    volatile boolean recording;
    final List<byte[]> datagrams = new ArrayList<>();

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      if (recording && msg instanceof DatagramPacket) {
        ByteBuf b = ((DatagramPacket) msg).content();
        byte[] d = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), d);
        datagrams.add(d);
        ((DatagramPacket) msg).release();
        promise.trySuccess();
      } else {
        ctx.write(msg, promise);
      }
    }
  }

  /** One client session on its own socket. */
  static final class Client {
    final ZsspTransport transport =
        ZsspTransport.builder(
                EngineZssp::newContext,
                Loopback.config(Loopback.CRYPTO.p384().generateKeyPair(), 1))
            .build();
    final Recorder recorder = new Recorder();
    Channel channel;
    io.zssp.api.Session session;
    byte[] blob; // the recorded datagrams, back to back
    int size; // their common length
    int sent; // datagrams sent so far

    int count() {
      return blob.length / size;
    }
  }

  public static void main(String[] args) throws Exception {
    int[] channelCounts = {1, 2};
    int sessions = 256;
    long datagrams = 3_000_000;
    long rate = DRAIN;
    int runs = 3;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--channels" ->
            channelCounts =
                Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
        case "--sessions" -> sessions = Integer.parseInt(args[i + 1]);
        case "--datagrams" -> datagrams = Math.min(20_000_000, Long.parseLong(args[i + 1]));
        case "--rate" -> rate = args[i + 1].equals("drain") ? DRAIN : Long.parseLong(args[i + 1]);
        case "--runs" -> runs = Integer.parseInt(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    System.out.printf(
        "ReceiveRate: %d sessions, %d datagrams of %d-byte payloads per run, %s, GSO %s,"
            + " %d cores, load average %.2f%n",
        sessions,
        datagrams,
        PAYLOAD,
        rate == DRAIN ? "drain mode" : "offered " + rate + "/s",
        SegmentedDatagramPacket.isSupported(),
        Runtime.getRuntime().availableProcessors(),
        Double.parseDouble(proc("/proc/loadavg").split(" ")[0]));
    for (int channels : channelCounts) { // the JIT compiles the receive path before measuring
      System.out.println("warm-up: " + run(channels, sessions, datagrams / 5, rate));
    }
    for (int r = 0; r < runs; r++) {
      for (int channels : channelCounts) {
        System.out.println(run(channels, sessions, datagrams, rate));
      }
    }
    System.out.printf(
        "load average %.2f%n", Double.parseDouble(proc("/proc/loadavg").split(" ")[0]));
  }

  /** One measurement. */
  record Result(int channels, long delivered, long offered, double perSecond, double genCpu) {
    @Override
    public String toString() {
      return String.format(
          "channels=%d delivered=%d of %d  %,.0f datagrams/s  %s",
          channels,
          delivered,
          offered,
          perSecond,
          genCpu == 0
              ? "(drain: generator idle)"
              : String.format("generator CPU %.0f%% of a core", genCpu * 100));
    }
  }

  static Result run(int channels, int sessions, long datagrams, long rate) throws Exception {
    P384KeyPair serverKey = Loopback.CRYPTO.p384().generateKeyPair();
    Counter counter = new Counter();
    EventLoopGroup clientGroup = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
    List<Client> clients = new ArrayList<>();
    try (ZsspNettyEndpoint listener =
        ZsspBootstrap.of(Loopback.server(serverKey, sessions))
            .channels(channels)
            .receiveBufferBytes(8 << 20)
            .handler(() -> counter)
            .bind(new InetSocketAddress(Loopback.LOOPBACK, 0))) {
      for (int i = 0; i < sessions; i++) {
        Client c = new Client();
        c.channel = bindClient(clientGroup, c);
        c.session = c.transport.open(serverKey.publicKey(), listener.localAddress(), opts());
        clients.add(c);
      }
      Loopback.await(
          () -> clients.stream().allMatch(c -> c.session.state().canSend()), 60_000, () -> "");
      long perClient = datagrams / sessions;
      for (Client c : clients) {
        record(c, perClient);
      }
      long offered = perClient * sessions;
      if (rate == DRAIN) {
        return drain(listener, counter, clientGroup, clients, offered);
      }
      long cpu = blast(clientGroup, clients, rate, Long.MAX_VALUE);
      long endNanos = System.nanoTime();
      long duringBlast = counter.count.sum();
      long deadline = endNanos + 2_000_000_000L;
      long seen = -1;
      while (System.nanoTime() < deadline && counter.count.sum() != seen) {
        seen = counter.count.sum();
        Thread.sleep(200); // until the sockets' queues are drained
      }
      double seconds = (endNanos - counter.firstNanos.get()) / 1e9;
      return new Result(
          channels, counter.count.sum(), offered, duringBlast / seconds, cpu / 1e9 / seconds);
    } finally {
      for (Client c : clients) {
        c.transport.close();
      }
      clientGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
  }

  /**
   * Drain mode: with the listener's channels not reading, the generator fills their socket queues
   * (more than they hold: the rest is dropped by the kernel); then reading resumes and the listener
   * alone, the generator idle, empties them. The rate is what it delivered over the time from the
   * resume to its last delivery, summed over cycles until the recorded datagrams are used up.
   */
  private static Result drain(
      ZsspNettyEndpoint listener,
      Counter counter,
      EventLoopGroup clientGroup,
      List<Client> clients,
      long offered)
      throws Exception {
    long drained = 0;
    long nanos = 0;
    long[] cpu0 = loopCpuNanos(listener);
    long machineBusy = 0; // jiffies of all CPUs, busy, during the drains (kernel work included)
    while (clients.stream().anyMatch(c -> c.sent < c.count())) {
      autoRead(listener, false);
      blast(clientGroup, clients, Long.MAX_VALUE, FILL_PER_CLIENT);
      Thread.sleep(5);
      long before = counter.count.sum();
      long busy0 = machineBusyJiffies();
      long start = System.nanoTime();
      autoRead(listener, true);
      long seen = -1;
      while (counter.count.sum() != seen) {
        seen = counter.count.sum();
        Thread.sleep(20); // until nothing more comes
      }
      machineBusy += machineBusyJiffies() - busy0;
      if (seen > before) {
        drained += seen - before;
        nanos += counter.lastNanos - start;
      }
    }
    long[] cpu1 = loopCpuNanos(listener);
    StringBuilder busy = new StringBuilder();
    for (int i = 0; i < cpu0.length; i++) {
      busy.append(String.format(" %.0f%%", 100.0 * (cpu1[i] - cpu0[i]) / nanos));
    }
    System.out.printf(
        "  over the drain time: listener threads' CPU time%s; all CPUs together busy %.2f cores"
            + " (kernel work included, the idle waits after each drain counted as idle)%n",
        busy, machineBusy / 100.0 / (nanos / 1e9));
    return new Result(listener.channels().size(), drained, offered, drained / (nanos / 1e9), 0);
  }

  /** Busy time of all CPUs in jiffies (1/100 s): /proc/stat's first line less idle and iowait. */
  private static long machineBusyJiffies() {
    String[] f = proc("/proc/stat").split("\n")[0].trim().split("\\s+");
    long busy = 0;
    for (int i = 1; i < f.length && i <= 8; i++) {
      busy += i == 4 || i == 5 ? 0 : Long.parseLong(f[i]);
    }
    return busy;
  }

  /** The CPU time of each listener channel's event-loop thread. */
  private static long[] loopCpuNanos(ZsspNettyEndpoint listener) throws Exception {
    long[] out = new long[listener.channels().size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = listener.channels().get(i).eventLoop().submit(ReceiveRate::threadCpuNanos).get();
    }
    return out;
  }

  /** Sets autoRead on every listener channel at once and waits until each has applied it. */
  private static void autoRead(ZsspNettyEndpoint listener, boolean on) throws Exception {
    List<io.netty.util.concurrent.Future<?>> applied = new ArrayList<>();
    for (Channel ch : listener.channels()) {
      applied.add(ch.eventLoop().submit(() -> ch.config().setAutoRead(on)));
    }
    for (io.netty.util.concurrent.Future<?> f : applied) {
      f.get();
    }
  }

  private static io.zssp.api.OpenOptions opts() {
    return io.zssp.api.OpenOptions.builder().build();
  }

  private static Channel bindClient(EventLoopGroup group, Client c) throws InterruptedException {
    return new Bootstrap()
        .group(group)
        .channelFactory(() -> new EpollDatagramChannel(SocketProtocolFamily.INET))
        .handler(
            new ChannelInitializer<DatagramChannel>() {
              @Override
              protected void initChannel(DatagramChannel ch) {
                ch.pipeline().addLast(c.recorder, c.transport.newHandler());
              }
            })
        .bind(new InetSocketAddress(Loopback.LOOPBACK, 0))
        .sync()
        .channel();
  }

  /** Seals {@code count} payloads on {@code c}'s session, on its event loop, into its blob. */
  private static void record(Client c, long count) throws Exception {
    c.channel
        .eventLoop()
        .submit(
            () -> {
              c.recorder.recording = true;
              byte[] payload = new byte[PAYLOAD];
              for (long i = 0; i < count; i++) {
                c.session.send(payload, 0, PAYLOAD);
              }
              return null;
            })
        .get();
    List<byte[]> d = c.recorder.datagrams;
    if (d.size() != count) {
      throw new IllegalStateException("recorded " + d.size() + " of " + count);
    }
    c.size = d.get(0).length;
    c.blob = new byte[c.size * d.size()];
    for (int i = 0; i < d.size(); i++) {
      if (d.get(i).length != c.size) {
        throw new IllegalStateException("datagrams of different lengths");
      }
      System.arraycopy(d.get(i), 0, c.blob, i * c.size, c.size);
    }
    d.clear();
    c.recorder.recording = false;
  }

  /**
   * Offers up to {@code perClient} more recorded datagrams of each client at {@code rate} per
   * second from the clients' one event loop, in rounds of one batch per client; returns that
   * thread's CPU time in nanoseconds.
   */
  private static long blast(EventLoopGroup group, List<Client> clients, long rate, long perClient)
      throws Exception {
    boolean gso = SegmentedDatagramPacket.isSupported();
    CountDownLatch done = new CountDownLatch(1);
    long[] cpu = new long[1];
    group
        .next()
        .execute(
            () -> {
              long cpu0 = threadCpuNanos();
              long start = System.nanoTime();
              long sent = 0;
              long[] until =
                  clients.stream()
                      .mapToLong(c -> Math.min(c.count(), c.sent + perClient))
                      .toArray();
              boolean more = true;
              while (more && System.nanoTime() - start < MAX_SECONDS * 1_000_000_000L) {
                more = false;
                for (int i = 0; i < clients.size(); i++) {
                  Client c = clients.get(i);
                  int n = (int) Math.min(GSO_SEGMENTS, until[i] - c.sent);
                  if (n <= 0) {
                    continue;
                  }
                  more = true;
                  InetSocketAddress to = c.session.remoteAddress().toInetSocketAddress();
                  ByteBuf data = Unpooled.wrappedBuffer(c.blob, c.sent * c.size, n * c.size);
                  if (gso) {
                    c.channel.writeAndFlush(new SegmentedDatagramPacket(data, c.size, to));
                  } else {
                    for (int k = 0; k < n; k++) {
                      c.channel.write(
                          new DatagramPacket(data.retainedSlice(k * c.size, c.size), to));
                    }
                    data.release();
                    c.channel.flush();
                  }
                  c.sent += n;
                  sent += n;
                }
                long due = start + sent * 1_000_000_000L / rate; // pace to the offered rate
                long wait = due - System.nanoTime();
                if (wait > 0) {
                  java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
              }
              cpu[0] = threadCpuNanos() - cpu0;
              done.countDown();
            });
    done.await();
    return cpu[0];
  }

  /** This thread's CPU time, user and system (Linux: /proc/thread-self/schedstat). */
  private static long threadCpuNanos() {
    return Long.parseLong(proc("/proc/thread-self/schedstat").split(" ")[0]);
  }

  private static String proc(String file) {
    try {
      return Files.readString(Path.of(file)).trim();
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file, e);
    }
  }
}
