package io.zssp.bench.flood;

import io.zssp.api.AcceptDecision;
import io.zssp.api.ChallengePolicy;
import io.zssp.api.ContextConfig;
import io.zssp.api.DataTooLargeException;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.Session;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspEvent;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import io.zssp.udp.UdpEndpoint;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * What a legitimate user sees during a flood, through the library's own UDP endpoint (as {@code
 * zssp connect} does): fresh clients that connect every few seconds, and one established session
 * that sends a steady stream of messages for the responder to echo.
 */
final class LegitTraffic {
  private LegitTraffic() {}

  /** MTU of the legitimate clients (the command's default). */
  static final int MTU = 1400;

  static UdpEndpoint endpoint(
      CryptoProvider crypto, P384KeyPair key, InetAddress host, ZsspApplication app)
      throws IOException {
    return UdpEndpoint.start(
        new InetSocketAddress(host, 0),
        ContextConfig.builder()
            .crypto(crypto)
            .staticKey(key)
            .application(app)
            .ratchetStore(new InMemoryRatchetStore())
            .challengePolicy(ChallengePolicy.OFF)
            .mtu(MTU));
  }

  /** One legitimate connect: when it started, whether it completed in time, how long it took. */
  record Connect(double startedAtSeconds, String outcome, double latencyMillis) {
    boolean ok() {
      return outcome.equals("ok");
    }
  }

  /**
   * A fresh client (new static key, new endpoint, no ratchet) opens a session and waits up to
   * {@code timeoutMillis} for it to be established; the latency runs from {@code open} to the
   * SessionEstablished event.
   */
  static Connect connectOnce(
      CryptoProvider crypto,
      InetAddress host,
      InetSocketAddress target,
      P384PublicKey responder,
      long timeoutMillis,
      double startedAtSeconds) {
    P384KeyPair key = crypto.p384().generateKeyPair();
    CompletableFuture<String> outcome = new CompletableFuture<>();
    long[] doneAt = new long[1];
    ZsspApplication app =
        new ZsspApplication() {
          @Override
          public AcceptDecision acceptSession(P384PublicKey k, byte[] identity, PeerAddress f) {
            return AcceptDecision.reject(true);
          }

          @Override
          public void onData(Session s, byte[] payload, int off, int len) {}

          @Override
          public void onEvent(ZsspEvent e) {
            if (e instanceof ZsspEvent.SessionEstablished) {
              doneAt[0] = System.nanoTime();
              outcome.complete("ok");
            } else if (e instanceof ZsspEvent.SessionRejected) {
              outcome.complete("rejected");
            } else if (e instanceof ZsspEvent.SessionClosed) {
              outcome.complete("closed");
            }
          }
        };
    try (UdpEndpoint ep = endpoint(crypto, key, host, app)) {
      long t0 = System.nanoTime();
      ep.open(responder, target, OpenOptions.builder().mtu(MTU).build());
      String r;
      try {
        r = outcome.get(timeoutMillis, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        r = "timeout";
      }
      double latency = r.equals("ok") ? (doneAt[0] - t0) / 1e6 : Double.NaN;
      return new Connect(startedAtSeconds, r, latency);
    } catch (IOException
        | RuntimeException
        | ExecutionException
        | io.zssp.api.RatchetStoreException e) {
      return new Connect(startedAtSeconds, "error: " + e, Double.NaN);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Connect(startedAtSeconds, "interrupted", Double.NaN);
    }
  }

  /** Starts a connect every {@code intervalMillis} until told to stop; each on its own thread. */
  static final class Prober {
    private final ExecutorService pool = Executors.newCachedThreadPool(daemon("flood-connect"));
    private final List<Future<Connect>> results = new ArrayList<>();
    private final Thread scheduler;
    private volatile boolean stopped;

    Prober(
        CryptoProvider crypto,
        InetAddress host,
        InetSocketAddress target,
        P384PublicKey responder,
        long firstAfterMillis,
        long intervalMillis,
        long timeoutMillis) {
      long t0 = System.nanoTime();
      scheduler =
          new Thread(
              () -> {
                for (int k = 0; ; k++) {
                  long at = t0 + (firstAfterMillis + k * intervalMillis) * 1_000_000L;
                  while (!stopped && System.nanoTime() < at) {
                    LockSupport.parkNanos(Math.min(at - System.nanoTime(), 50_000_000L));
                  }
                  if (stopped) {
                    return;
                  }
                  double startedAt = (System.nanoTime() - t0) / 1e9;
                  synchronized (results) {
                    results.add(
                        pool.submit(
                            () ->
                                connectOnce(
                                    crypto, host, target, responder, timeoutMillis, startedAt)));
                  }
                }
              },
              "flood-connect-scheduler");
      scheduler.setDaemon(true);
      scheduler.start();
    }

    /** Starts no more connects and waits for those under way. */
    List<Connect> finish() throws InterruptedException {
      stopped = true;
      scheduler.join();
      List<Connect> out = new ArrayList<>();
      synchronized (results) {
        for (Future<Connect> f : results) {
          try {
            out.add(f.get());
          } catch (ExecutionException e) {
            out.add(new Connect(Double.NaN, "error: " + e.getCause(), Double.NaN));
          }
        }
      }
      pool.shutdown();
      return out;
    }
  }

  /**
   * One established session (a client on its own loopback address) that sends numbered messages at
   * a fixed rate; the responder ({@code zssp listen --echo}) sends each back. Counts what returns.
   */
  static final class EchoSession implements ZsspApplication, AutoCloseable {
    private final UdpEndpoint endpoint;
    private final Session session;
    private final CompletableFuture<Boolean> established = new CompletableFuture<>();
    private final int size;
    private long[] sentAt = new long[0];
    private boolean[] echoed = new boolean[0];
    private final long[] rtt;
    private int echoes;
    private volatile int sent;
    private volatile int sendFailures;
    private volatile boolean sending;
    private Thread sender;

    EchoSession(
        CryptoProvider crypto,
        InetAddress host,
        InetSocketAddress target,
        P384PublicKey responder,
        int size,
        int capacity)
        throws Exception {
      this.size = size;
      this.rtt = new long[capacity];
      synchronized (this) {
        sentAt = new long[capacity];
        echoed = new boolean[capacity];
      }
      endpoint = endpoint(crypto, crypto.p384().generateKeyPair(), host, this);
      session = endpoint.open(responder, target, OpenOptions.builder().mtu(MTU).build());
      try {
        if (!established.get(10, TimeUnit.SECONDS)) {
          throw new IOException("the echo session was rejected");
        }
      } catch (TimeoutException e) {
        endpoint.close();
        throw new IOException("the echo session was not established within 10 s");
      }
    }

    @Override
    public AcceptDecision acceptSession(P384PublicKey k, byte[] identity, PeerAddress f) {
      return AcceptDecision.reject(true);
    }

    @Override
    public void onEvent(ZsspEvent e) {
      if (e instanceof ZsspEvent.SessionEstablished) {
        established.complete(true);
      } else if (e instanceof ZsspEvent.SessionRejected || e instanceof ZsspEvent.SessionClosed) {
        established.complete(false);
      }
    }

    @Override
    public synchronized void onData(Session s, byte[] payload, int off, int len) {
      if (len < 8) {
        return;
      }
      long seq = 0;
      for (int i = 0; i < 8; i++) {
        seq = (seq << 8) | (payload[off + i] & 0xff);
      }
      if (seq >= 0 && seq < sent && seq < echoed.length && !echoed[(int) seq]) {
        echoed[(int) seq] = true;
        rtt[echoes++] = System.nanoTime() - sentAt[(int) seq];
      }
    }

    /** Sends {@code rate} messages per second on a thread of its own until {@link #stop()}. */
    void startSending(double rate) {
      sending = true;
      sender =
          new Thread(
              () -> {
                long t0 = System.nanoTime();
                byte[] m = new byte[size];
                int n = 0;
                while (sending && n < sentAt.length) {
                  long due = (long) ((System.nanoTime() - t0) * rate / 1e9) + 1;
                  if (n >= due) {
                    LockSupport.parkNanos(1_000_000);
                    continue;
                  }
                  for (int i = 0; i < 8; i++) {
                    m[i] = (byte) ((long) n >>> (56 - 8 * i));
                  }
                  synchronized (this) {
                    sentAt[n] = System.nanoTime();
                    sent = n + 1;
                  }
                  n++;
                  try {
                    session.send(m, 0, m.length);
                  } catch (DataTooLargeException | RuntimeException e) {
                    sendFailures++;
                  }
                }
              },
              "flood-echo-sender");
      sender.setDaemon(true);
      sender.start();
    }

    /** Stops sending, then waits up to {@code graceMillis} for the last echoes. */
    void stop(long graceMillis) throws InterruptedException {
      sending = false;
      if (sender != null) {
        sender.join();
      }
      long deadline = System.currentTimeMillis() + graceMillis;
      while (System.currentTimeMillis() < deadline && echoes() < sent) {
        Thread.sleep(10);
      }
    }

    int sent() {
      return sent;
    }

    int sendFailures() {
      return sendFailures;
    }

    synchronized int echoes() {
      return echoes;
    }

    /** Round-trip percentiles in ms: {p50, p99, max}, NaN without echoes. */
    synchronized double[] rttMillis() {
      if (echoes == 0) {
        return new double[] {Double.NaN, Double.NaN, Double.NaN};
      }
      long[] s = Arrays.copyOf(rtt, echoes);
      Arrays.sort(s);
      return new double[] {
        s[s.length / 2] / 1e6,
        s[Math.min(s.length - 1, (int) (s.length * 0.99))] / 1e6,
        s[s.length - 1] / 1e6
      };
    }

    /** The local UDP port of this session's endpoint. */
    int localPort() {
      return endpoint.localAddress().getPort();
    }

    @Override
    public void close() {
      endpoint.close();
    }
  }

  static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
