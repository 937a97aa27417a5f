package io.zssp.conformance.bugs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.AcceptDecision;
import io.zssp.api.ContextConfig;
import io.zssp.api.DataTooLargeException;
import io.zssp.api.DropReason;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspEvent;
import io.zssp.api.ZsspSettings;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two contexts of the implementation under test (made by its {@link ImplementationProbe}) over a
 * lossless in-memory network with a virtual clock.
 */
abstract class TwoPeerSuite {
  private static final PeerAddress ALICE_ADDR = PeerAddress.ofBytes(new byte[] {10, 0, 0, 1});
  private static final PeerAddress BOB_ADDR = PeerAddress.ofBytes(new byte[] {10, 0, 0, 2});

  private final ImplementationProbe probe;
  private final CryptoProvider crypto = DefaultCryptoProvider.create();
  private long now = 1_000_000;
  private final Deque<Object[]> wire = new ArrayDeque<>();

  TwoPeerSuite(ImplementationProbe probe) {
    this.probe = probe;
  }

  private final class Peer implements ZsspApplication {
    final PeerAddress address;
    final P384KeyPair key = crypto.p384().generateKeyPair();
    final InMemoryRatchetStore store = new InMemoryRatchetStore();
    final List<byte[]> received = new ArrayList<>();
    final List<ZsspEvent> events = new ArrayList<>();
    ZsspContext ctx;

    Peer(PeerAddress address, ZsspSettings settings) {
      this.address = address;
      this.ctx =
          probe.newContext(
              ContextConfig.builder()
                  .crypto(crypto)
                  .staticKey(key)
                  .application(this)
                  .ratchetStore(store)
                  .settings(settings)
                  .sender(
                      (to, d, off, len) ->
                          wire.add(
                              new Object[] {address, to, Arrays.copyOfRange(d, off, off + len)}))
                  .clock(() -> now)
                  .build());
    }

    @Override
    public AcceptDecision acceptSession(P384PublicKey k, byte[] identity, PeerAddress from) {
      return AcceptDecision.accept();
    }

    @Override
    public void onData(Session session, byte[] payload, int off, int len) {
      received.add(Arrays.copyOfRange(payload, off, off + len));
    }

    @Override
    public void onEvent(ZsspEvent event) {
      events.add(event);
    }
  }

  private void deliver(Peer a, Peer b) {
    while (!wire.isEmpty()) {
      Object[] d = wire.removeFirst();
      Peer to = d[1].equals(a.address) ? a : b;
      now++;
      byte[] bytes = (byte[]) d[2];
      to.ctx.receive((PeerAddress) d[0], bytes, 0, bytes.length);
    }
  }

  @Test
  void handshakeDataAndRekeys_work() throws Exception {
    ZsspSettings settings =
        ZsspSettings.builder().rekeyAfterMillis(60_000).rekeyMaxJitterMillis(1_000).build();
    Peer alice = new Peer(ALICE_ADDR, settings);
    Peer bob = new Peer(BOB_ADDR, settings);
    Session a =
        alice.ctx.open(
            bob.key.publicKey(),
            BOB_ADDR,
            OpenOptions.builder().identity("alice".getBytes()).mtu(1500).build());
    deliver(alice, bob);
    assertEquals(SessionState.S2, a.state(), "alice " + alice.events);
    Session b = bob.ctx.sessions().get(0);
    assertEquals(SessionState.S2, b.state());
    byte[] big = new byte[5000];
    Arrays.fill(big, (byte) 7);
    a.send(big, 0, big.length);
    b.send("hi".getBytes(), 0, 2);
    deliver(alice, bob);
    assertArrayEquals(big, bob.received.get(0));
    assertArrayEquals("hi".getBytes(), alice.received.get(0));

    for (int round = 0; round < 6; round++) {
      now += 61_000;
      alice.ctx.service();
      bob.ctx.service();
      deliver(alice, bob);
      assertEquals(SessionState.S2, a.state(), "round " + round + " " + alice.events);
      assertEquals(SessionState.S2, b.state(), "round " + round + " " + bob.events);
      a.send(new byte[] {(byte) round}, 0, 1);
      b.send(new byte[] {(byte) round}, 0, 1);
      deliver(alice, bob);
      assertArrayEquals(new byte[] {(byte) round}, bob.received.get(bob.received.size() - 1));
      assertArrayEquals(new byte[] {(byte) round}, alice.received.get(alice.received.size() - 1));
    }
    long rekeys =
        alice.events.stream().filter(e -> e instanceof ZsspEvent.Rekeyed).count()
            + bob.events.stream().filter(e -> e instanceof ZsspEvent.Rekeyed).count();
    assertTrue(rekeys >= 6, "rekeys: " + rekeys);
    assertEquals(null, alice.ctx.dropCounts().get(DropReason.INTERNAL_ERROR));
    assertEquals(null, bob.ctx.dropCounts().get(DropReason.INTERNAL_ERROR));
    assertEquals(
        alice.store.load(bob.key.publicKey().encoded()),
        bob.store.load(alice.key.publicKey().encoded()),
        "ratchet chains in sync");
    assertFalse(alice.store.load(bob.key.publicKey().encoded()).state1().isZero());
  }

  /** Delivers every queued datagram through {@code receive(ByteBuffer)}: direct or heap buffers. */
  private void deliverAsBuffers(Peer a, Peer b, boolean direct) {
    while (!wire.isEmpty()) {
      Object[] d = wire.removeFirst();
      Peer to = d[1].equals(a.address) ? a : b;
      byte[] bytes = (byte[]) d[2];
      ByteBuffer buf =
          direct
              ? ByteBuffer.allocateDirect(bytes.length + 7)
              : ByteBuffer.allocate(bytes.length + 7);
      buf.position(3);
      buf.put(bytes).flip().position(3); // the datagram sits at an offset inside a larger buffer
      to.ctx.receive((PeerAddress) d[0], buf);
      assertEquals(buf.limit(), buf.position(), "receive consumes the datagram");
    }
  }

  @Test
  void byteBufferPaths_heapAndDirect_carryTheSameBytes() throws Exception {
    Peer alice = new Peer(ALICE_ADDR, ZsspSettings.DEFAULTS);
    Peer bob = new Peer(BOB_ADDR, ZsspSettings.DEFAULTS);
    Session a =
        alice.ctx.open(bob.key.publicKey(), BOB_ADDR, OpenOptions.builder().mtu(1500).build());
    deliverAsBuffers(alice, bob, true);
    assertEquals(SessionState.S2, a.state(), "handshake over direct buffers " + alice.events);
    Session b = bob.ctx.sessions().get(0);
    byte[] small = "over a direct buffer".getBytes();
    byte[] big = new byte[6000]; // several fragments
    new java.util.Random(3).nextBytes(big);
    for (boolean direct : new boolean[] {true, false}) {
      for (byte[] m : new byte[][] {small, big}) {
        ByteBuffer buf =
            direct ? ByteBuffer.allocateDirect(m.length + 10) : ByteBuffer.allocate(m.length + 10);
        buf.position(5);
        buf.put(m).flip().position(5);
        int before = bob.received.size();
        a.send(buf);
        assertEquals(buf.limit(), buf.position(), "send consumes the payload");
        deliverAsBuffers(alice, bob, !direct);
        assertEquals(before + 1, bob.received.size());
        assertArrayEquals(m, bob.received.get(before), "direct=" + direct + " " + m.length);
      }
    }
    ByteBuffer tooBig = ByteBuffer.allocateDirect(b.maxPayloadSize() + 1);
    assertThrows(DataTooLargeException.class, () -> b.send(tooBig));
    assertEquals(0, tooBig.position(), "unchanged after the exception");

    // Hostile buffers: dropped and counted, never thrown.
    long malformed = bob.ctx.dropCounts().getOrDefault(DropReason.MALFORMED_DATAGRAM, 0L);
    bob.ctx.receive(ALICE_ADDR, (ByteBuffer) null);
    bob.ctx.receive(ALICE_ADDR, ByteBuffer.allocateDirect(5));
    bob.ctx.receive(ALICE_ADDR, ByteBuffer.allocateDirect(70_000));
    assertEquals(malformed + 3, bob.ctx.dropCounts().get(DropReason.MALFORMED_DATAGRAM));
    ByteBuffer garbage = ByteBuffer.allocateDirect(1400);
    for (int i = 0; i < 1400; i++) {
      garbage.put(i, (byte) (i * 31));
    }
    bob.ctx.receive(ALICE_ADDR, garbage);
    assertEquals(SessionState.S2, b.state());
    assertEquals(null, bob.ctx.dropCounts().get(DropReason.INTERNAL_ERROR));
  }

  @Test
  void failingTransport_isCountedAsSendFailed() throws Exception {
    ZsspSettings settings = ZsspSettings.DEFAULTS;
    Peer bob = new Peer(BOB_ADDR, settings);
    List<ZsspEvent> events = new ArrayList<>();
    ZsspContext alice =
        probe.newContext(
            ContextConfig.builder()
                .crypto(crypto)
                .staticKey(crypto.p384().generateKeyPair())
                .ratchetStore(new InMemoryRatchetStore())
                .clock(() -> now)
                .sender((to, d, off, len) -> false)
                .application(
                    new ZsspApplication() {
                      @Override
                      public AcceptDecision acceptSession(
                          P384PublicKey k, byte[] id, PeerAddress from) {
                        return AcceptDecision.accept();
                      }

                      @Override
                      public void onData(Session s, byte[] p, int off, int len) {}

                      @Override
                      public void onEvent(ZsspEvent e) {
                        events.add(e);
                      }
                    })
                .build());
    alice.open(bob.key.publicKey(), BOB_ADDR, OpenOptions.builder().mtu(1500).build());
    assertEquals(2L, alice.dropCounts().get(DropReason.SEND_FAILED), "both X1 fragments");
    assertTrue(
        events.stream()
            .anyMatch(
                e ->
                    e instanceof ZsspEvent.Dropped
                        && ((ZsspEvent.Dropped) e).reason() == DropReason.SEND_FAILED
                        && BOB_ADDR.equals(((ZsspEvent.Dropped) e).from())));
  }
}
