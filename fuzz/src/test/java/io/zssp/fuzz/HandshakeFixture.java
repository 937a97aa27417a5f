package io.zssp.fuzz;

import io.zssp.api.DataTooLargeException;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.RatchetStoreException;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspSettings;
import io.zssp.crypto.P384KeyPair;
import io.zssp.wire.Kid;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Alice and Bob, two contexts of one implementation wired in memory with a manual clock, with the
 * protocol driven to a {@link Stop} and the next datagrams held back. Every datagram delivered on
 * the way is kept ({@link #delivered}), as are the held-back ones ({@link #pending}): both are the
 * fuzzer's raw material. Once built, whatever the contexts send is counted but goes nowhere, and
 * the clock stands still, so no timer fires while fuzzing. Single-threaded.
 */
final class HandshakeFixture {
  static final PeerAddress ALICE = PeerAddress.ofBytes(new byte[] {10, 0, 0, 1});
  static final PeerAddress BOB = PeerAddress.ofBytes(new byte[] {10, 0, 0, 2});
  static final PeerAddress STRANGER = PeerAddress.ofBytes(new byte[] {10, 9, 9, 9});

  /**
   * How the pair is set up.
   *
   * @param aliceMtu the MTU of Alice's session (OpenOptions)
   * @param responderMtu each context's MTU for what it sends as responder and for Bob's sessions
   * @param settings both contexts' settings
   */
  record Options(int aliceMtu, int responderMtu, ZsspSettings settings) {
    /**
     * For the receive targets: X1 and X2 take 3 fragments each at Alice's 700 bytes, and the rekey
     * is due 99..100 s after a session is established (see R1).
     */
    static final Options RECEIVE =
        new Options(
            700,
            1400,
            ZsspSettings.builder().rekeyAfterMillis(100_000).rekeyMaxJitterMillis(1_000).build());
  }

  private static final P384KeyPair ALICE_KEY = Peer.CRYPTO.p384().generateKeyPair();
  private static final P384KeyPair BOB_KEY = Peer.CRYPTO.p384().generateKeyPair();

  /** One datagram on the wire (a private copy). */
  record Datagram(PeerAddress from, PeerAddress to, byte[] bytes) {}

  final Impl impl;
  final Stop stop;
  final Peer alice;
  final Peer bob;
  final List<Datagram> delivered = new ArrayList<>();
  final List<Datagram> pending = new ArrayList<>();

  /** The fuzzer's raw material: delivered, then pending, then the vector datagrams. */
  final List<byte[]> seeds = new ArrayList<>();

  /** The non-zero key ids seen on the wire (4 bytes each), in order of first appearance. */
  final List<byte[]> kids = new ArrayList<>();

  private final Set<ByteBuffer> deliveredBytes = new HashSet<>();
  private final Set<ByteBuffer> pendingBytes = new HashSet<>();
  private long now = 9_000_000;
  private boolean built;

  /** Where datagrams sent after the build go (null: nowhere). */
  List<Datagram> capture;

  private HandshakeFixture(Impl impl, Stop stop, Options options) {
    this.impl = impl;
    this.stop = stop;
    this.alice = new Peer("alice", ALICE, ALICE_KEY, impl, options, () -> now, this::transmit);
    this.bob = new Peer("bob", BOB, BOB_KEY, impl, options, () -> now, this::transmit);
  }

  /** {@link #build(Impl, Stop, Options)} with {@link Options#RECEIVE}. */
  static HandshakeFixture build(Impl impl, Stop stop) {
    return build(impl, stop, Options.RECEIVE);
  }

  /** Drives a new pair to {@code stop}; fails if a state on the way is not the expected one. */
  static HandshakeFixture build(Impl impl, Stop stop, Options options) {
    HandshakeFixture f = new HandshakeFixture(impl, stop, options);
    try {
      f.driveTo(stop, options.aliceMtu());
    } catch (RatchetStoreException | DataTooLargeException e) {
      throw new IllegalStateException("building the " + stop + " fixture failed", e);
    }
    f.built = true;
    for (Datagram d : f.delivered) {
      f.deliveredBytes.add(ByteBuffer.wrap(d.bytes()));
    }
    for (Datagram d : f.pending) {
      f.pendingBytes.add(ByteBuffer.wrap(d.bytes()));
    }
    Set<ByteBuffer> kids = new LinkedHashSet<>();
    for (List<Datagram> list : List.of(f.delivered, f.pending)) {
      for (Datagram d : list) {
        f.seeds.add(d.bytes());
        if (d.bytes().length >= 4 && Kid.read(d.bytes(), 0) != 0) {
          kids.add(ByteBuffer.wrap(Arrays.copyOf(d.bytes(), 4)));
        }
      }
    }
    f.seeds.addAll(VectorDatagrams.all());
    for (ByteBuffer k : kids) {
      f.kids.add(k.array());
    }
    return f;
  }

  private void driveTo(Stop stop, int aliceMtu)
      throws RatchetStoreException, DataTooLargeException {
    Session a =
        alice.ctx.open(
            bob.key.publicKey(),
            BOB,
            OpenOptions.builder()
                .identity("alice".getBytes(StandardCharsets.US_ASCII))
                .mtu(aliceMtu)
                .build());
    expect(SessionState.A1, a);
    if (stop == Stop.A1) {
      return;
    }
    step(); // X1 → Bob: B2
    expect(1, impl.probe.halfOpenCount(bob.ctx), "Bob's half-open entries");
    if (stop == Stop.B2) {
      return;
    }
    step(); // X2 → Alice: A3
    expect(SessionState.A3, a);
    if (stop == Stop.A3) {
      return;
    }
    step(); // X3 → Bob: S1
    Session b = bob.session();
    expect(SessionState.S1, b);
    if (stop == Stop.S1) {
      return;
    }
    step(); // C1 → Alice: S2, C2 queued
    step(); // C2 → Bob: S2
    expect(SessionState.S2, a);
    expect(SessionState.S2, b);
    a.send(new byte[1500], 0, 1500);
    b.send(new byte[300], 0, 300);
    step();
    expect(1, alice.data.size(), "Alice's deliveries");
    expect(1, bob.data.size(), "Bob's deliveries");
    if (stop == Stop.S2) {
      a.send(new byte[1200], 0, 1200);
      b.send(new byte[] {7}, 0, 1);
      return;
    }
    now += 200_000; // past Alice's rekey deadline; only she is serviced
    alice.ctx.service();
    expect(SessionState.R1, a);
    if (stop == Stop.R1) {
      return;
    }
    step(); // K1 → Bob: R2
    expect(SessionState.R2, b);
    if (stop == Stop.R2) {
      return;
    }
    step(); // K2 → Alice: S1 as the KK initiator, C1 queued
    expect(SessionState.S1, a);
  }

  /** Delivers the datagrams pending now (not the ones they cause). */
  private void step() {
    List<Datagram> now = new ArrayList<>(pending);
    pending.clear();
    for (Datagram d : now) {
      delivered.add(d);
      this.now++;
      peer(d.to()).ctx.receive(d.from(), d.bytes(), 0, d.bytes().length);
    }
  }

  private void transmit(PeerAddress from, PeerAddress to, byte[] datagram) {
    if (!built) {
      pending.add(new Datagram(from, to, datagram));
    } else if (capture != null) {
      capture.add(new Datagram(from, to, datagram));
    }
  }

  /** Moves the clock on by {@code millis} and services both contexts (sends go to capture). */
  void advance(long millis) {
    now += millis;
    alice.ctx.service();
    bob.ctx.service();
  }

  Peer peer(PeerAddress address) {
    return address.equals(ALICE) ? alice : bob;
  }

  /** The peer whose state the stop is named after (Alice for S2). */
  Peer owner() {
    return switch (stop) {
      case B2, S1, R2 -> bob;
      default -> alice;
    };
  }

  /** The other peer. */
  Peer other(Peer p) {
    return p == alice ? bob : alice;
  }

  /** Whether {@code d} is exactly one of the held-back datagrams (it may move the protocol on). */
  boolean isPending(byte[] d) {
    return pendingBytes.contains(ByteBuffer.wrap(d));
  }

  /** Whether {@code d} is exactly a datagram delivered while building (a replay). */
  boolean isDelivered(byte[] d) {
    return deliveredBytes.contains(ByteBuffer.wrap(d));
  }

  private static void expect(SessionState expected, Session s) {
    if (s.state() != expected) {
      throw new IllegalStateException("expected " + expected + ", got " + s.state());
    }
  }

  private static void expect(int expected, int actual, String what) {
    if (expected != actual) {
      throw new IllegalStateException(what + ": expected " + expected + ", got " + actual);
    }
  }
}
