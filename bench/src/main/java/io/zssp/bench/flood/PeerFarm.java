package io.zssp.bench.flood;

import io.zssp.api.AcceptDecision;
import io.zssp.api.ContextConfig;
import io.zssp.api.DatagramSender;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Session;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspEvent;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.P384PublicKey;
import io.zssp.engine.EngineZssp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Many authenticated ZSSP initiators, each with its own static key, engine context and loopback
 * port, driven by one thread (a {@link Selector} for receive, {@code service()} every 20 ms). Their
 * sender can be told, per thread, to record datagrams instead of sending them: the pinning flood
 * seals a large packet that way and then sends every fragment but the last, and the X1 replay
 * captures a real X1 the same way without ever sending it.
 *
 * <p>The engine hands a call's datagrams to the sender on the calling thread before the call
 * returns (its outbox is per thread), so recording on the calling thread catches exactly the
 * fragments of the packet being sealed.
 */
final class PeerFarm implements AutoCloseable {
  /** Datagrams recorded instead of sent, while set on the current thread. */
  private static final ThreadLocal<List<byte[]>> CAPTURE = new ThreadLocal<>();

  /** One initiator: its port, its context and the session it opened. */
  static final class Peer implements ZsspApplication {
    final DatagramChannel channel;
    final ZsspContext context;
    volatile Session session;
    volatile boolean established;
    volatile boolean failed;

    Peer(DatagramChannel channel, CryptoProvider crypto, int mtu) {
      this.channel = channel;
      this.context =
          EngineZssp.newContext(
              ContextConfig.builder()
                  .crypto(crypto)
                  .staticKey(crypto.p384().generateKeyPair())
                  .application(this)
                  .ratchetStore(new InMemoryRatchetStore())
                  .sender(sender(channel))
                  .mtu(mtu)
                  .build());
    }

    @Override
    public AcceptDecision acceptSession(P384PublicKey peer, byte[] identity, PeerAddress from) {
      return AcceptDecision.reject(true); // initiators only
    }

    @Override
    public void onData(Session s, byte[] payload, int off, int len) {}

    @Override
    public void onEvent(ZsspEvent e) {
      if (e instanceof ZsspEvent.SessionEstablished) {
        established = true;
      } else if (e instanceof ZsspEvent.SessionRejected || e instanceof ZsspEvent.SessionClosed) {
        failed = true;
      }
    }
  }

  private final List<Peer> peers = new ArrayList<>();
  private final Selector selector;
  private final Thread loop;
  private final int mtu;
  private volatile boolean closing;

  /** {@code n} initiators on {@code host}, each sending with {@code mtu}. */
  PeerFarm(CryptoProvider crypto, InetAddress host, int n, int mtu) throws IOException {
    this.mtu = mtu;
    this.selector = Selector.open();
    try {
      for (int i = 0; i < n; i++) {
        DatagramChannel ch = DatagramChannel.open();
        ch.setOption(StandardSocketOptions.SO_SNDBUF, 4 << 20);
        ch.bind(new InetSocketAddress(host, 0));
        ch.configureBlocking(false);
        Peer p = new Peer(ch, crypto, mtu);
        ch.register(selector, SelectionKey.OP_READ, p);
        peers.add(p);
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    loop = new Thread(this::run, "flood-peer-farm");
    loop.setDaemon(true);
    loop.start();
  }

  private static DatagramSender sender(DatagramChannel channel) {
    return (to, d, off, len) -> {
      List<byte[]> capture = CAPTURE.get();
      if (capture != null) {
        capture.add(Arrays.copyOfRange(d, off, off + len));
        return true;
      }
      try {
        return channel.send(ByteBuffer.wrap(d, off, len), to.toInetSocketAddress()) > 0;
      } catch (IOException e) {
        return false;
      }
    };
  }

  private void run() {
    ByteBuffer buf = ByteBuffer.allocate(65_535);
    long nextService = 0;
    while (!closing) {
      try {
        selector.select(10);
        for (SelectionKey k : selector.selectedKeys()) {
          Peer p = (Peer) k.attachment();
          for (int i = 0; i < 16; i++) {
            buf.clear();
            SocketAddress from = p.channel.receive(buf);
            if (from == null) {
              break;
            }
            p.context.receive(
                PeerAddress.of((InetSocketAddress) from), buf.array(), 0, buf.position());
          }
        }
        selector.selectedKeys().clear();
      } catch (IOException | RuntimeException e) {
        if (closing) {
          return;
        }
      }
      long now = System.currentTimeMillis();
      if (now >= nextService) {
        for (Peer p : peers) {
          p.context.service();
        }
        nextService = now + 20;
      }
    }
  }

  List<Peer> peers() {
    return peers;
  }

  /**
   * Opens a session from every peer to {@code target}, {@code concurrency} handshakes at a time
   * (the responder keeps at most 16 half-open handshakes per source host), each wave waiting up to
   * {@code waveTimeoutMillis}. Returns how many are established.
   */
  int establish(
      P384PublicKey responder, InetSocketAddress target, int concurrency, long waveTimeoutMillis)
      throws InterruptedException {
    int ok = 0;
    for (int start = 0; start < peers.size(); start += concurrency) {
      List<Peer> wave = peers.subList(start, Math.min(peers.size(), start + concurrency));
      for (Peer p : wave) {
        try {
          p.session =
              p.context.open(
                  responder, PeerAddress.of(target), OpenOptions.builder().mtu(mtu).build());
        } catch (RatchetStoreException e) {
          p.failed = true;
        }
      }
      long deadline = System.currentTimeMillis() + waveTimeoutMillis;
      while (System.currentTimeMillis() < deadline
          && wave.stream().anyMatch(p -> !p.established && !p.failed)) {
        Thread.sleep(5);
      }
      for (Peer p : wave) {
        ok += p.established ? 1 : 0;
      }
    }
    return ok;
  }

  /** Seals {@code payload} on {@code p}'s session and returns its fragments, unsent, in order. */
  static List<byte[]> seal(Peer p, byte[] payload) throws Exception {
    List<byte[]> fragments = new ArrayList<>();
    CAPTURE.set(fragments);
    try {
      p.session.send(payload, 0, payload.length);
    } finally {
      CAPTURE.remove();
    }
    return fragments;
  }

  /**
   * Captures {@code n} distinct real X1s (each as its fragments at {@code mtu}) addressed to {@code
   * responder} at {@code target}: an engine initiator opens {@code n} sessions with its sender
   * recording, so nothing is sent; the context is closed afterwards.
   */
  static List<byte[][]> captureX1s(
      CryptoProvider crypto, P384PublicKey responder, InetSocketAddress target, int n, int mtu)
      throws RatchetStoreException {
    List<byte[][]> x1s = new ArrayList<>();
    List<byte[]> recorded = new ArrayList<>();
    DatagramSender record =
        (to, d, off, len) -> {
          recorded.add(Arrays.copyOfRange(d, off, off + len));
          return true;
        };
    ZsspApplication app =
        new ZsspApplication() {
          @Override
          public AcceptDecision acceptSession(P384PublicKey k, byte[] identity, PeerAddress f) {
            return AcceptDecision.reject(true);
          }

          @Override
          public void onData(Session s, byte[] payload, int off, int len) {}
        };
    try (ZsspContext ctx =
        EngineZssp.newContext(
            ContextConfig.builder()
                .crypto(crypto)
                .staticKey(crypto.p384().generateKeyPair())
                .application(app)
                .ratchetStore(new InMemoryRatchetStore())
                .sender(record)
                .mtu(mtu)
                .build())) {
      for (int i = 0; i < n; i++) {
        recorded.clear();
        ctx.open(responder, PeerAddress.of(target), OpenOptions.builder().mtu(mtu).build());
        x1s.add(recorded.toArray(new byte[0][]));
      }
    }
    return x1s;
  }

  @Override
  public void close() {
    closing = true;
    try {
      selector.wakeup();
      if (loop != null) {
        loop.join(2000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Peer p : peers) {
      try {
        p.context.close();
      } catch (RuntimeException ignored) {
        // closing anyway
      }
      try {
        p.channel.close();
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
