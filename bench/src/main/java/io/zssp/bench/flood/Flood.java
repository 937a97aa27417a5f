package io.zssp.bench.flood;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * One flood: a source of datagrams sent at a fixed rate of units per second (an X1 of one or more
 * fragments, or one datagram) by one thread, paced against the clock (every wake-up sends what is
 * due, so the average rate is exact and a wake-up sends about a tenth of a millisecond's worth),
 * and bounded both in time and in datagrams. Responses that come back to the flood's ports are read
 * and counted (challenges apart) so they never pile up.
 */
final class Flood implements AutoCloseable {
  /** What the flood sends; called on the flood thread only. */
  interface Source {
    /** Sends one unit; returns the datagrams it sent. */
    int sendUnit() throws IOException;
  }

  private final Source source;
  private final double rate;
  private final long maxDatagrams;
  private final long maxNanos;
  private final Thread thread;
  private final FloodPorts ports;
  private volatile boolean running = true;
  private volatile long units;
  private volatile long datagrams;
  private volatile long errors;
  private volatile long startNanos;
  private volatile long endNanos;

  Flood(Source source, FloodPorts ports, double rate, long maxDatagrams, long maxSeconds) {
    this.source = source;
    this.ports = ports;
    this.rate = rate;
    this.maxDatagrams = maxDatagrams;
    this.maxNanos = maxSeconds * 1_000_000_000L;
    this.thread = new Thread(this::run, "flood");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    long start = System.nanoTime();
    startNanos = start;
    long sentUnits = 0;
    long sentDatagrams = 0;
    long failed = 0;
    long lastDrain = start;
    while (running) {
      long now = System.nanoTime();
      if (ports != null && now - lastDrain > 1_000_000) {
        ports.drain();
        lastDrain = now;
      }
      if (now - start >= maxNanos || sentDatagrams >= maxDatagrams) {
        break;
      }
      long due = (long) ((now - start) * rate / 1e9) + 1 - sentUnits;
      if (due <= 0) {
        LockSupport.parkNanos(100_000);
        continue;
      }
      for (long i = 0; i < due && sentDatagrams < maxDatagrams; i++) {
        try {
          sentDatagrams += source.sendUnit();
        } catch (IOException | RuntimeException e) {
          failed++; // e.g. ICMP port unreachable once the responder is gone
        }
        sentUnits++;
      }
      units = sentUnits;
      datagrams = sentDatagrams;
      errors = failed;
    }
    units = sentUnits;
    datagrams = sentDatagrams;
    errors = failed;
    endNanos = System.nanoTime();
  }

  long units() {
    return units;
  }

  long datagrams() {
    return datagrams;
  }

  long errors() {
    return errors;
  }

  /** Units per second achieved so far (or over the whole flood once stopped). */
  double achievedRate() {
    long end = endNanos != 0 ? endNanos : System.nanoTime();
    return startNanos == 0 ? 0 : units / ((end - startNanos) / 1e9);
  }

  void stop() throws InterruptedException {
    running = false;
    thread.join(10_000);
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }

  /**
   * The flood's own source ports: {@code n} non-blocking channels on a loopback address, each
   * connected to the responder, with one selector to read what comes back.
   */
  static final class FloodPorts implements AutoCloseable {
    final DatagramChannel[] channels;
    private final Selector selector;
    private final ByteBuffer in = ByteBuffer.allocate(65_535);
    private volatile long responses;
    private volatile long challenges;
    private volatile long full;

    FloodPorts(InetAddress host, InetSocketAddress target, int n) throws IOException {
      channels = new DatagramChannel[n];
      selector = Selector.open();
      for (int i = 0; i < n; i++) {
        DatagramChannel ch = DatagramChannel.open();
        channels[i] = ch;
        ch.setOption(StandardSocketOptions.SO_SNDBUF, 1 << 20);
        ch.bind(new InetSocketAddress(host, 0));
        ch.connect(target);
        ch.configureBlocking(false);
        ch.register(selector, SelectionKey.OP_READ);
      }
    }

    /** Writes one datagram from port {@code i}; returns 1 if the OS took it. */
    int send(int i, ByteBuffer d) throws IOException {
      boolean empty = !d.hasRemaining(); // a zero-length datagram is sent, and write returns 0
      int n = channels[i % channels.length].write(d);
      if (n == 0 && !empty) {
        full++;
        return 0;
      }
      return 1;
    }

    /** Reads (and counts) whatever the responder sent back to the flood's ports. */
    void drain() {
      try {
        if (selector.selectNow() == 0) {
          return;
        }
        for (SelectionKey k : selector.selectedKeys()) {
          DatagramChannel ch = (DatagramChannel) k.channel();
          for (int i = 0; i < 64; i++) {
            in.clear();
            if (ch.receive(in) == null) {
              break;
            }
            responses++;
            if (in.position() == 52) { // a challenge: 16-byte header + 36 bytes (ZSSP-SPEC §7.7)
              challenges++;
            }
          }
        }
        selector.selectedKeys().clear();
      } catch (IOException | RuntimeException e) {
        // e.g. ICMP port unreachable: the responder is gone; counted by the sends
      }
    }

    long responses() {
      return responses;
    }

    long challenges() {
      return challenges;
    }

    long sendBufferFull() {
      return full;
    }

    @Override
    public void close() {
      for (DatagramChannel ch : channels) {
        try {
          if (ch != null) {
            ch.close();
          }
        } catch (IOException ignored) {
          // closing anyway
        }
      }
      try {
        selector.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }

  /** (a) One or more captured X1s, replayed in turn, each X1 from the next source port. */
  static Source x1Replay(FloodPorts ports, List<byte[][]> x1s) {
    return new Source() {
      private long n;

      @Override
      public int sendUnit() throws IOException {
        byte[][] x1 = x1s.get((int) (n % x1s.size()));
        int port = (int) (n++ % ports.channels.length);
        int sent = 0;
        for (byte[] fragment : x1) {
          sent += ports.send(port, ByteBuffer.wrap(fragment));
        }
        return sent;
      }
    };
  }

  /**
   * (b) Garbage: datagrams of random length (0..1472 bytes) and random content, a quarter of them
   * with kid 0 so that they reach the hello path. A pool of 4096 random datagrams is made up front;
   * each send overwrites 8 bytes with fresh random ones, so no two datagrams are alike.
   */
  static Source garbage(FloodPorts ports, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    byte[][] pool = new byte[4096][];
    for (int i = 0; i < pool.length; i++) {
      byte[] d = new byte[rnd.nextInt(1473)];
      for (int j = 0; j < d.length; j++) {
        d[j] = (byte) rnd.nextInt();
      }
      if (i % 4 == 0 && d.length >= 4) {
        d[0] = d[1] = d[2] = d[3] = 0;
      }
      pool[i] = d;
    }
    return new Source() {
      private long n;

      @Override
      public int sendUnit() throws IOException {
        byte[] d = pool[(int) (n % pool.length)];
        if (d.length >= 12) {
          long r = rnd.nextLong();
          for (int j = 0; j < 8; j++) {
            d[4 + j] = (byte) (r >>> (8 * j));
          }
        }
        return ports.send((int) (n++ % ports.channels.length), ByteBuffer.wrap(d));
      }
    };
  }

  /**
   * (c) Fragment flood: valid-looking fragments that never complete. Four in five are hello
   * fragments (kid 0, type 0, count 2..16, a number below the last, the canonical length for a
   * 1749-byte X1 split that many ways, a fresh random counter so each starts a new partial packet);
   * one in five carries a random unknown kid.
   */
  static Source fragments(FloodPorts ports, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    byte[] d = new byte[16 + 1749];
    for (int j = 16; j < d.length; j++) {
      d[j] = (byte) rnd.nextInt();
    }
    return new Source() {
      private long n;

      @Override
      public int sendUnit() throws IOException {
        boolean hello = rnd.nextInt(5) != 0;
        int count = 2 + rnd.nextInt(15);
        int no = rnd.nextInt(count - 1);
        int kid = hello ? 0 : rnd.nextInt() | 1;
        long counter = rnd.nextLong();
        d[0] = (byte) (kid >>> 24);
        d[1] = (byte) (kid >>> 16);
        d[2] = (byte) (kid >>> 8);
        d[3] = (byte) kid;
        d[4] = (byte) no;
        d[5] = (byte) count;
        d[6] = 0;
        d[7] = 0; // type 0: X1
        for (int j = 0; j < 8; j++) {
          d[8 + j] = (byte) (counter >>> (56 - 8 * j));
        }
        int len = 16 + 1749 / count;
        return ports.send((int) (n++ % ports.channels.length), ByteBuffer.wrap(d, 0, len));
      }
    };
  }

  /**
   * (d) Memory pinning by authenticated peers: each established session in turn seals {@code
   * payload} (fragmented at its MTU, e.g. 48 fragments for 1 MiB at 22,000) and sends every
   * fragment but the last, one per unit, from its own port; so every session keeps starting packets
   * the responder must buffer but can never complete.
   */
  static final class Pinning implements Source {
    private final List<PeerFarm.Peer> peers;
    private final byte[] payload;
    private final InetSocketAddress target;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private PeerFarm.Peer current;
    private int next;
    volatile long packets;
    volatile long anomalies;

    Pinning(List<PeerFarm.Peer> peers, int payloadBytes, InetSocketAddress target, long seed) {
      this.peers = new ArrayList<>(peers);
      this.payload = new byte[payloadBytes];
      new SplittableRandom(seed).nextBytes(payload);
      this.target = target;
    }

    @Override
    public int sendUnit() throws IOException {
      for (int tries = 0; queue.isEmpty() && tries < peers.size(); tries++) {
        PeerFarm.Peer p = peers.get(next++ % peers.size());
        if (p.session == null || !p.session.state().canSend()) {
          continue;
        }
        List<byte[]> fragments;
        try {
          fragments = PeerFarm.seal(p, payload);
        } catch (Exception e) {
          anomalies++;
          continue;
        }
        if (fragments.size() < 2) {
          anomalies++; // nothing to hold back: the packet would complete
          continue;
        }
        queue.addAll(fragments.subList(0, fragments.size() - 1));
        current = p;
        packets++;
      }
      byte[] d = queue.poll();
      if (d == null) {
        return 0;
      }
      return current.channel.send(ByteBuffer.wrap(d), target) > 0 ? 1 : 0;
    }
  }
}
