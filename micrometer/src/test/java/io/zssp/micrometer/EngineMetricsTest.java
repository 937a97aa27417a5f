package io.zssp.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.zssp.api.AcceptDecision;
import io.zssp.api.ContextConfig;
import io.zssp.api.DropReason;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspEvent;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import io.zssp.engine.EngineZssp;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two engine contexts wired in memory, each with its binder (through {@link ZsspMetrics#observe}):
 * a handshake, payloads both ways and hostile datagrams, then every meter equals what the test did.
 */
class EngineMetricsTest {
  private static final CryptoProvider CRYPTO = DefaultCryptoProvider.create();
  private static final PeerAddress ALICE = PeerAddress.of(new InetSocketAddress("127.0.0.1", 1));
  private static final PeerAddress BOB = PeerAddress.of(new InetSocketAddress("127.0.0.1", 2));

  /** Every context's clock: moves 3 ms whenever a datagram is delivered. */
  private final AtomicLong now = new AtomicLong(1_000_000);

  private final Queue<Object[]> inFlight = new ArrayDeque<>(); // {to, bytes}
  private final Peer alice = new Peer(ALICE);
  private final Peer bob = new Peer(BOB);

  /** One side: its registry, binder and context, and what was delivered to it and sent by it. */
  private final class Peer implements ZsspApplication {
    final PeerAddress address;
    final P384KeyPair key = CRYPTO.p384().generateKeyPair();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final ZsspMetrics metrics =
        ZsspMetrics.builder(registry).statsMaxAge(Duration.ZERO).tag("side", "x").build();
    final ZsspContext context;
    long datagramsIn;
    long bytesIn;
    long datagramsOut;
    long bytesOut;
    Session established;
    int payloads;

    Peer(PeerAddress address) {
      this.address = address;
      context =
          EngineZssp.newContext(
              ContextConfig.builder()
                  .crypto(CRYPTO)
                  .staticKey(key)
                  .ratchetStore(new InMemoryRatchetStore())
                  .clock(now::get)
                  .sender(
                      (to, datagram, off, len) -> {
                        datagramsOut++;
                        bytesOut += len;
                        inFlight.add(
                            new Object[] {to, Arrays.copyOfRange(datagram, off, off + len)});
                        return true;
                      })
                  .application(metrics.observe(this))
                  .build());
      metrics.bind(context);
    }

    void receive(PeerAddress from, byte[] datagram) {
      datagramsIn++;
      bytesIn += datagram.length;
      context.receive(from, datagram, 0, datagram.length);
    }

    @Override
    public AcceptDecision acceptSession(P384PublicKey key, byte[] identity, PeerAddress from) {
      return AcceptDecision.accept();
    }

    @Override
    public void onData(Session session, byte[] payload, int off, int len) {
      payloads++;
    }

    @Override
    public void onEvent(ZsspEvent event) {
      if (event instanceof ZsspEvent.SessionEstablished) {
        established = ((ZsspEvent.SessionEstablished) event).session();
      }
    }

    double counter(String name, String... tags) {
      return registry.get(name).tags(tags).functionCounter().count();
    }

    double gauge(String name, String... tags) {
      return registry.get(name).tags(tags).gauge().value();
    }

    Timer handshakes(String role) {
      return registry.get(ZsspMetrics.HANDSHAKE_DURATION).tags("role", role).timer();
    }
  }

  @AfterEach
  void close() {
    alice.metrics.close();
    bob.metrics.close();
    alice.context.close();
    bob.context.close();
  }

  private void pump() {
    Object[] d;
    while ((d = inFlight.poll()) != null) {
      now.addAndGet(3);
      Peer to = d[0].equals(BOB) ? bob : alice;
      to.receive(to == bob ? ALICE : BOB, (byte[]) d[1]);
    }
  }

  @Test
  void handshakeDataAndHostileDatagrams_metersEqualWhatHappened() throws Exception {
    Session a = alice.context.open(bob.key.publicKey(), BOB, OpenOptions.builder().build());
    pump();
    assertTrue(a.state().canSend(), "Alice: " + a.state());
    for (int i = 0; i < 5; i++) {
      a.send(new byte[100 * i], 0, 100 * i);
      bob.established.send(new byte[3000], 0, 3000); // fragmented
    }
    pump();
    assertEquals(5, bob.payloads);
    assertEquals(5, alice.payloads);
    for (int i = 0; i < 3; i++) {
      bob.receive(ALICE, new byte[10]); // shorter than a header and a tag
    }

    for (Peer p : new Peer[] {alice, bob}) {
      assertEquals(1, p.counter(ZsspMetrics.HANDSHAKES_STARTED));
      assertEquals(1, p.counter(ZsspMetrics.HANDSHAKES_COMPLETED));
      assertEquals(0, p.counter(ZsspMetrics.HANDSHAKES_FAILED));
      assertEquals(p.datagramsIn, p.counter(ZsspMetrics.DATAGRAMS, "direction", "received"));
      assertEquals(p.datagramsOut, p.counter(ZsspMetrics.DATAGRAMS, "direction", "sent"));
      assertEquals(p.bytesIn, p.counter(ZsspMetrics.TRAFFIC, "direction", "received"));
      assertEquals(p.bytesOut, p.counter(ZsspMetrics.TRAFFIC, "direction", "sent"));
      assertEquals(1, p.gauge(ZsspMetrics.SESSIONS, "state", p.established.state().name()));
      for (DropReason r : DropReason.values()) {
        assertEquals(
            (double) p.context.dropCounts().getOrDefault(r, 0L),
            p.counter(ZsspMetrics.DROPPED, "reason", r.name()),
            r.name());
      }
    }
    assertEquals(
        3, bob.counter(ZsspMetrics.DROPPED, "reason", DropReason.MALFORMED_DATAGRAM.name()));
    assertEquals(0, alice.gauge(ZsspMetrics.HALF_OPEN));
    assertEquals(0, bob.gauge(ZsspMetrics.HANDSHAKE_QUEUE));

    Timer aliceTimer = alice.handshakes("INITIATOR");
    Timer bobTimer = bob.handshakes("RESPONDER");
    assertEquals(1, aliceTimer.count());
    assertEquals(1, bobTimer.count());
    assertEquals(0, alice.handshakes("RESPONDER").count());
    assertEquals(0, bob.handshakes("INITIATOR").count());
    assertEquals(a.handshakeMillis(), aliceTimer.totalTime(TimeUnit.MILLISECONDS), 1e-9);
    assertEquals(
        bob.established.handshakeMillis(), bobTimer.totalTime(TimeUnit.MILLISECONDS), 1e-9);
    assertTrue(a.handshakeMillis() > 0, "the clock moved during the handshake");

    a.close();
    pump();
    assertEquals(1, alice.counter(ZsspMetrics.SESSIONS_CLOSED));
    assertEquals(0, alice.gauge(ZsspMetrics.SESSIONS, "state", SessionState.S2.name()));
  }
}
