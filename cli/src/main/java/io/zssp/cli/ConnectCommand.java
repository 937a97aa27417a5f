package io.zssp.cli;

import io.zssp.api.ChallengePolicy;
import io.zssp.api.DataTooLargeException;
import io.zssp.api.OpenOptions;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspEvent;
import io.zssp.api.ZsspSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code zssp connect}: open a session, send messages, wait for their echoes, and report latency
 * and throughput. Exit 0 when every echo came back (or none was expected).
 */
final class ConnectCommand {
  private static final int WINDOW = 32;

  private ConnectCommand() {}

  static int run(String[] argv, PrintStream out) throws CliException {
    Args args =
        Args.parse(
            argv,
            1,
            Set.of(
                "key", "peer", "send", "count", "size", "store", "mtu", "timeout", "impl",
                "crypto"),
            Set.of("stdin", "no-echo", "require-ratchet", "verbose"));
    if (args.positional().size() != 1) {
      throw CliException.usage("expected exactly one HOST:PORT, got " + args.positional());
    }
    InetSocketAddress target = CliNode.parseAddress(args.positional().get(0));
    String keyFile = args.require("key");
    String peer = args.require("peer");
    if (args.get("send") != null && args.flag("stdin")) {
      throw CliException.usage("--send and --stdin exclude each other");
    }
    int timeoutSeconds = args.intValue("timeout", 10, 1, 3600);
    int mtu = args.intValue("mtu", 1400, 128, 65_507);
    Messages messages = messages(args, mtu);
    boolean expectEcho = !args.flag("no-echo");
    EchoTracker tracker = new EchoTracker();
    String bindHost = target.getAddress() instanceof Inet6Address ? "[::]" : "0.0.0.0";
    CryptoChoice.Resolved crypto = CryptoChoice.parse(args.get("crypto")).resolve();
    CliNode.Spec spec =
        new CliNode.Spec(
            "",
            CliNode.readKey(keyFile, crypto.provider()),
            CliNode.openStore(args.get("store"), keyFile),
            CliNode.parseAddress(bindHost + ":0"),
            mtu,
            args.flag("require-ratchet"),
            ChallengePolicy.OFF,
            k -> true,
            ZsspSettings.DEFAULTS,
            args.flag("verbose"),
            Implementation.parse(args.get("impl")),
            0, // an initiator: its public-key work is its own
            crypto.provider(),
            Transport.NIO,
            (s, data) -> tracker.echoed(data),
            tracker::event);
    try (CliNode node = new CliNode(spec, out)) {
      node.print(crypto.line());
      long start = System.nanoTime();
      Session session =
          node.endpoint.open(
              CliNode.readPeerKey(peer, crypto.provider()),
              target,
              OpenOptions.builder()
                  .mtu(mtu)
                  .disallowDowngrade(args.flag("require-ratchet"))
                  .build());
      if (!tracker.awaitEstablished(session, timeoutSeconds * 1000L)) {
        throw new CliException(
            CliException.FAILED,
            session.state() == SessionState.CLOSED
                ? "the peer rejected the session"
                : "no answer from "
                    + target
                    + " within "
                    + timeoutSeconds
                    + " s (is a listener running there, and is --peer its public key?)");
      }
      node.print(String.format("handshake: %.1f ms", (System.nanoTime() - start) / 1e6));
      return exchange(node, session, messages, expectEcho, tracker, timeoutSeconds * 1000L);
    } catch (RatchetStoreException e) {
      throw new CliException(CliException.IO, "ratchet store: " + e.getMessage(), e);
    }
  }

  /** The messages to send: a list (--send, --stdin) or generated one at a time (--count). */
  interface Messages {
    int count();

    byte[] get(int i);

    static Messages of(List<byte[]> list) {
      return new Messages() {
        @Override
        public int count() {
          return list.size();
        }

        @Override
        public byte[] get(int i) {
          return list.get(i);
        }
      };
    }

    /**
     * {@code count} messages of {@code size} bytes, each made when it is sent (so {@code --count
     * 10000000} needs no memory up front): message i starts with i as 8 big-endian bytes, then a
     * pattern of i and the position, so every message is distinct.
     */
    static Messages generated(int count, int size) {
      return new Messages() {
        @Override
        public int count() {
          return count;
        }

        @Override
        public byte[] get(int i) {
          byte[] m = new byte[size];
          for (int j = 0; j < Math.min(8, size); j++) {
            m[j] = (byte) ((long) i >>> (56 - 8 * j));
          }
          for (int j = 8; j < size; j++) {
            m[j] = (byte) (j * 31 + i);
          }
          return m;
        }
      };
    }
  }

  static Messages messages(Args args, int mtu) throws CliException {
    List<byte[]> list = new ArrayList<>();
    if (args.get("send") != null) {
      list.add(args.get("send").getBytes(StandardCharsets.UTF_8));
    } else if (args.flag("stdin")) {
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        for (String line; (line = in.readLine()) != null; ) {
          list.add(line.getBytes(StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        throw new CliException(CliException.IO, "cannot read stdin: " + e.getMessage(), e);
      }
    } else {
      int max = io.zssp.api.ProtocolConstants.maxPayloadSize(mtu);
      int count = args.intValue("count", 1, 1, 10_000_000);
      int size = args.intValue("size", 64, 0, max);
      return Messages.generated(count, size);
    }
    return Messages.of(list);
  }

  private static int exchange(
      CliNode node,
      Session session,
      Messages messages,
      boolean expectEcho,
      EchoTracker tracker,
      long timeoutMillis)
      throws CliException {
    long start = System.nanoTime();
    long lastProgress = start;
    long bytes = 0;
    int next = 0;
    while (next < messages.count()) {
      if (expectEcho && !tracker.awaitOutstandingBelow(WINDOW, timeoutMillis)) {
        break;
      }
      byte[] m = messages.get(next++);
      tracker.sent(m);
      try {
        session.send(m, 0, m.length);
      } catch (DataTooLargeException | IllegalStateException e) {
        throw new CliException(CliException.FAILED, "send failed: " + e.getMessage(), e);
      }
      bytes += m.length;
      if (System.nanoTime() - lastProgress > 1_000_000_000L) {
        lastProgress = System.nanoTime();
        node.print(
            "progress: "
                + next
                + "/"
                + messages.count()
                + " sent, "
                + tracker.echoes()
                + " echoed");
      }
    }
    if (expectEcho) {
      tracker.awaitOutstandingBelow(1, timeoutMillis);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    node.print(
        String.format(
            "sent %d message(s), %d bytes in %.3f s (%.2f MB/s)",
            next, bytes, seconds, bytes / 1e6 / Math.max(seconds, 1e-9)));
    if (!expectEcho) {
      return next == messages.count() ? CliException.OK : CliException.FAILED;
    }
    node.print(tracker.latencySummary());
    int lost = messages.count() - tracker.echoes();
    if (lost > 0) {
      throw new CliException(
          CliException.FAILED,
          lost
              + " of "
              + messages.count()
              + " echo(es) did not come back (is the listener running with --echo?)");
    }
    return CliException.OK;
  }

  /** Correlates echoes with sends by content; measures round-trip times. */
  private static final class EchoTracker {
    private final java.util.Map<ByteBuffer, java.util.ArrayDeque<Long>> outstanding =
        new java.util.HashMap<>();

    /** Round-trip times: all of them up to this many, then a uniform sample (reservoir). */
    private static final int RTT_SAMPLES = 100_000;

    private final long[] rtts = new long[RTT_SAMPLES];
    private final java.util.SplittableRandom sampler = new java.util.SplittableRandom(1);
    private int echoes;
    private long maxRtt;
    private int pending;
    private Session established;
    private boolean failed;

    synchronized void sent(byte[] m) {
      outstanding
          .computeIfAbsent(ByteBuffer.wrap(m.clone()), k -> new java.util.ArrayDeque<>())
          .add(System.nanoTime());
      pending++;
    }

    synchronized void echoed(byte[] m) {
      java.util.ArrayDeque<Long> times = outstanding.get(ByteBuffer.wrap(m));
      if (times != null && !times.isEmpty()) {
        long rtt = System.nanoTime() - times.removeFirst();
        if (echoes < RTT_SAMPLES) {
          rtts[echoes] = rtt;
        } else {
          int k = sampler.nextInt(echoes + 1);
          if (k < RTT_SAMPLES) {
            rtts[k] = rtt;
          }
        }
        echoes++;
        maxRtt = Math.max(maxRtt, rtt);
        pending--;
        notifyAll();
      }
    }

    synchronized void event(Session s, ZsspEvent e) {
      if (e instanceof ZsspEvent.SessionEstablished) {
        established = s;
      } else if (e instanceof ZsspEvent.SessionRejected || e instanceof ZsspEvent.SessionClosed) {
        failed = true;
      }
      notifyAll();
    }

    synchronized boolean awaitEstablished(Session s, long timeoutMillis) {
      long deadline = System.currentTimeMillis() + timeoutMillis;
      while (established != s && !failed) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return false;
        }
        waitQuietly(left);
      }
      return established == s;
    }

    synchronized boolean awaitOutstandingBelow(int limit, long timeoutMillis) {
      long deadline = System.currentTimeMillis() + timeoutMillis;
      while (pending >= limit && !failed) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return false;
        }
        waitQuietly(left);
      }
      return pending < limit;
    }

    synchronized int echoes() {
      return echoes;
    }

    synchronized String latencySummary() {
      if (echoes == 0) {
        return "no echoes";
      }
      int n = Math.min(echoes, RTT_SAMPLES);
      long[] sorted = java.util.Arrays.copyOf(rtts, n);
      java.util.Arrays.sort(sorted);
      return String.format(
          "echoes: %d, round trip median %.3f ms, p99 %.3f ms, max %.3f ms%s",
          echoes,
          sorted[n / 2] / 1e6,
          sorted[Math.min(n - 1, (int) (n * 0.99))] / 1e6,
          maxRtt / 1e6,
          echoes > n ? " (percentiles from a uniform sample of " + n + ")" : "");
    }

    private void waitQuietly(long millis) {
      try {
        wait(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failed = true;
      }
    }
  }
}
