package io.zssp.conformance.bugs;

import static org.junit.jupiter.api.Assertions.fail;

import io.zssp.api.PeerAddress;
import io.zssp.api.ZsspSettings;
import io.zssp.wire.FragmentHeader;
import io.zssp.wire.Kid;
import io.zssp.wire.PacketType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Test fixture: any number of {@link TestPeer}s over an in-memory datagram network with a virtual
 * clock. Every datagram sent is logged ({@link #sent}) and queued ({@link #queue}); tests deliver
 * the queue in FIFO order, or inspect it and take, hold, reorder, duplicate or drop datagrams.
 * {@link #dropRule} discards matching datagrams at delivery time (logged in {@link #dropped}).
 * Single-threaded; delivery does not advance the clock. Every peer is a context of the
 * implementation under test, made by {@link #probe}.
 */
final class TestNetwork {
  /** One datagram on the wire (the bytes are a private copy). */
  record Datagram(PeerAddress from, PeerAddress to, byte[] bytes, long sentAt) {
    int length() {
      return bytes.length;
    }

    int kid() {
      return bytes.length < 4 ? 0 : Kid.read(bytes, 0);
    }

    /** Kid-0 datagrams (X1, challenge) have no header protection: their type is readable. */
    boolean unassociated() {
      return bytes.length >= 16 && kid() == 0;
    }

    boolean isX1() {
      return unassociated() && FragmentHeader.type(bytes, 0) == PacketType.X1;
    }

    /** The first fragment of an X1: one per X1 sent (or resent). */
    boolean isX1Start() {
      return isX1() && FragmentHeader.fragmentNo(bytes, 0) == 0;
    }

    boolean isChallenge() {
      return unassociated() && FragmentHeader.type(bytes, 0) == PacketType.CHALLENGE;
    }

    /**
     * A single-fragment X3 carrying an identity of {@code identityLength} bytes (MTU permitting).
     */
    boolean isX3(int identityLength) {
      return kid() != 0 && bytes.length == FragmentHeader.SIZE + 81 + identityLength;
    }

    /** C1, C2 or D (the only 32-byte datagrams with a non-zero kid). */
    boolean isControl() {
      return kid() != 0 && bytes.length == FragmentHeader.SIZE + 16;
    }

    /** K1 or K2 (85-byte packets, single fragment at any MTU ≥ 128). */
    boolean isRekey() {
      return kid() != 0 && bytes.length == FragmentHeader.SIZE + 85;
    }
  }

  /** The implementation under test. */
  final ImplementationProbe probe;

  long now = 1_000_000_000L;
  final Deque<Datagram> queue = new ArrayDeque<>();
  final List<Datagram> sent = new ArrayList<>();
  final List<Datagram> dropped = new ArrayList<>();

  /** Every datagram handed to a peer's {@code receive} by {@link #deliver}, in order. */
  final List<Datagram> delivered = new ArrayList<>();

  final Map<PeerAddress, TestPeer> peers = new LinkedHashMap<>();
  Predicate<Datagram> dropRule = d -> false;

  /** Safety net: a delivery loop longer than this is a packet storm (e.g. bug B3) and fails. */
  int maxDeliveriesPerCall = 20_000;

  TestNetwork(ImplementationProbe probe) {
    this.probe = probe;
  }

  TestPeer peer(String name, int address) {
    return peer(name, address, ZsspSettings.DEFAULTS, b -> {});
  }

  TestPeer peer(
      String name,
      int address,
      ZsspSettings settings,
      Consumer<io.zssp.api.ContextConfig.Builder> customize) {
    TestPeer p = new TestPeer(this, name, addr(address), settings, customize);
    peers.put(p.address, p);
    return p;
  }

  static PeerAddress addr(int n) {
    return PeerAddress.ofBytes(new byte[] {10, 0, (byte) (n >>> 8), (byte) n});
  }

  /** Called by the peers' senders. */
  void transmit(PeerAddress from, PeerAddress to, byte[] bytes) {
    Datagram d = new Datagram(from, to, bytes, now);
    sent.add(d);
    queue.addLast(d);
  }

  /** Hands {@code d} to its recipient now (ignores {@link #dropRule}). */
  void deliver(Datagram d) {
    TestPeer to = peers.get(d.to());
    if (to != null) {
      delivered.add(d);
      to.ctx.receive(d.from(), d.bytes(), 0, d.bytes().length);
    }
  }

  /** Delivers the head of the queue (unless the drop rule discards it); false if empty. */
  boolean deliverOne() {
    Datagram d = queue.pollFirst();
    if (d == null) {
      return false;
    }
    if (dropRule.test(d)) {
      dropped.add(d);
    } else {
      deliver(d);
    }
    return true;
  }

  /** Delivers until the queue is empty (including everything sent in response). */
  int deliverAll() {
    int n = 0;
    while (deliverOne()) {
      if (++n > maxDeliveriesPerCall) {
        fail("packet storm: more than " + maxDeliveriesPerCall + " datagrams in one exchange");
      }
    }
    return n;
  }

  /** Delivers one datagram at a time until {@code done} holds; fails if the queue runs dry. */
  void deliverUntil(BooleanSupplier done) {
    while (!done.getAsBoolean()) {
      if (!deliverOne()) {
        fail("queue empty before the condition held");
      }
    }
  }

  /** Removes and returns every queued datagram matching {@code which} (to hold or replay). */
  List<Datagram> take(Predicate<Datagram> which) {
    List<Datagram> out = new ArrayList<>();
    for (Iterator<Datagram> it = queue.iterator(); it.hasNext(); ) {
      Datagram d = it.next();
      if (which.test(d)) {
        out.add(d);
        it.remove();
      }
    }
    return out;
  }

  /** Runs every peer's service() now, then delivers everything. */
  void tick() {
    for (TestPeer p : List.copyOf(peers.values())) {
      p.ctx.service();
    }
    deliverAll();
  }

  /** Advances the clock by {@code duration} in steps of {@code step}, ticking after each step. */
  void run(long duration, long step) {
    for (long t = 0; t < duration; t += step) {
      now += step;
      tick();
    }
  }

  long count(Predicate<Datagram> which) {
    return sent.stream().filter(which).count();
  }
}
