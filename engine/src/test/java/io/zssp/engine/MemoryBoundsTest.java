package io.zssp.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.DropReason;
import io.zssp.api.PeerAddress;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.wire.FragmentHeader;
import io.zssp.wire.PacketType;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The engine's memory bounds beyond the reference's (ZSSP-SPEC §15): the hello cache's fragment
 * slots (§15.3), the reassembly budget shared by all sessions (§15.4), buffers taken only while a
 * packet is incomplete, and the half-open quota per source host (§15.2: the port does not count).
 */
class MemoryBoundsTest {
  private final TestNet net = new TestNet();

  /** A kid-0 X1 fragment 0 of {@code count} from {@code source}: valid-looking, never completed. */
  private static byte[] x1FirstFragment(Random r, int count) {
    byte[] d = new byte[16 + 110];
    d[5] = (byte) count;
    d[7] = 0; // X1
    r.nextBytes(d); // random counter and payload...
    d[0] = d[1] = d[2] = d[3] = 0; // ...but kid 0, fragment 0 of count, type X1, reserved 0
    d[4] = 0;
    d[5] = (byte) count;
    d[6] = 0;
    d[7] = 0;
    return d;
  }

  @Test
  void helloCache_fragmentSlotCap_boundsPartialX1sFromManySources() throws Exception {
    EngineLimits limits = EngineLimits.builder().helloCacheFragmentSlots(64).build();
    TestNet.Peer bob = net.peer("bob", TestNet.address(1), limits);
    Random r = new Random(7);
    for (int i = 0; i < 2_000; i++) {
      byte[] d = x1FirstFragment(r, 16);
      bob.ctx.receive(
          PeerAddress.ofBytes(new byte[] {9, (byte) (i >> 8), (byte) i}), d, 0, d.length);
      assertTrue(bob.ctx.helloCacheSlots() <= 64, "slots " + bob.ctx.helloCacheSlots());
    }
    assertEquals(4, bob.ctx.helloCacheSize(), "64 slots hold four 16-fragment X1s");
    assertTrue(bob.drops(DropReason.REASSEMBLY) >= 2_000 - 4);
    for (int i = 0; i < 200; i++) {
      byte[] d = x1FirstFragment(r, 2);
      bob.ctx.receive(PeerAddress.ofBytes(new byte[] {8, (byte) i}), d, 0, d.length);
    }
    assertEquals(32, bob.ctx.helloCacheSize(), "64 slots hold thirty-two 2-fragment X1s");

    // An honest multi-fragment X1 still gets through (the oldest partial makes room).
    TestNet.Peer alice = net.peer("alice", 2);
    Session a = alice.open(bob);
    net.deliverAll();
    assertEquals(SessionState.S2, a.state(), alice.events.toString());
    assertEquals(0L, bob.drops(DropReason.INTERNAL_ERROR));
  }

  @Test
  void halfOpenX3Reassembly_holdsOnePartialX3_whateverTheReservedByte() {
    // §6.2: the X3 reserved byte is not checked (the canonical code does not), but it keys the
    // reassembly; a B2 entry's reassembly keeps one partial packet, so 256 reserved values (or
    // counters) cannot multiply what a half-open handshake holds beyond §15.2's ≈ 4.2 KB.
    TestNet.Peer bob = net.peer("bob", 1);
    TestNet.Peer alice = net.peer("alice", 2);
    Reassembly x3 = bob.ctx.newX3Reassembly(alice.address);
    byte[] d = new byte[16 + 500];
    Outbox out = Outbox.enter(bob.ctx); // drops are reported as events, as inside a receive
    try {
      for (int reserved = 0; reserved < 256; reserved++) {
        FragmentHeader.write(d, 0, 1234, 0, 8, PacketType.X3, 0);
        d[FragmentHeader.RESERVED_OFFSET] = (byte) reserved;
        assertEquals(Reassembly.BUFFERED, x3.offer(null, d, 0, d.length, net.now.get()));
        assertEquals(1, x3.size());
        assertTrue(x3.bytes() <= io.zssp.wire.XkResponder.X3_MAX_SIZE + 2L * 48, "" + x3.bytes());
      }
      FragmentHeader.write(d, 0, 1234, 0, 48, PacketType.X3, 0); // 48 × 500 B: above X3's bound
      assertEquals(Reassembly.DROPPED, x3.offer(null, d, 0, d.length, net.now.get()));
    } finally {
      out.exit();
    }
    // 255 partial X3s evicted by the next reserved value, then the oversized one: each counted
    // and reported against the X1's source
    assertEquals(256L, bob.drops(DropReason.REASSEMBLY));
    assertEquals(
        256L,
        bob.events.stream()
            .filter(
                e ->
                    e instanceof io.zssp.api.ZsspEvent.Dropped dr
                        && dr.reason() == DropReason.REASSEMBLY
                        && dr.from().equals(alice.address))
            .count());
  }

  @Test
  void packetsAboveOneChunk_areStoredInChunks_andArriveIntact_inAnyFragmentOrder()
      throws Exception {
    TestNet.Peer bob = net.peer("bob", 1);
    TestNet.Peer alice = net.peer("alice", 2);
    Session a =
        alice.ctx.open(
            bob.key.publicKey(),
            bob.address,
            io.zssp.api.OpenOptions.builder().mtu(30_000).build());
    net.deliverAll();
    Random r = new Random(11);
    for (int size : new int[] {200_000, Reassembly.CHUNK_BYTES + 1, 1_000_000}) {
      byte[] big = new byte[size];
      r.nextBytes(big);
      a.send(big, 0, big.length);
      List<Object[]> fragments = new ArrayList<>(net.queue);
      net.queue.clear();
      java.util.Collections.shuffle(fragments, r);
      for (Object[] d : fragments) {
        byte[] bytes = (byte[]) d[2];
        bob.ctx.receive((PeerAddress) d[0], bytes, 0, bytes.length);
      }
      assertArrayEquals(big, bob.data.get(bob.data.size() - 1), size + " bytes");
    }
    assertEquals(3, bob.data.size());
    assertEquals(0L, bob.ctx.reassemblyBuffers.inUse(), "every chunk given back");
    assertEquals(0L, bob.drops(DropReason.REASSEMBLY));
  }

  @Test
  void globalBudget_authenticatedPeersPinningFragments_cannotExceedIt() throws Exception {
    long budget = 256 * 1024;
    EngineLimits limits = EngineLimits.builder().globalReassemblyBytes(budget).build();
    TestNet.Peer bob = net.peer("bob", TestNet.address(1), limits);
    List<Session> sessions = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      sessions.add(net.establish(net.peer("alice" + i, 10 + i), bob));
    }
    byte[] big = new byte[60_000];
    for (int round = 0; round < 6; round++) {
      for (Session s : sessions) {
        s.send(big, 0, big.length);
        List<Object[]> fragments = new ArrayList<>(net.queue);
        net.queue.clear();
        for (int f = 0; f < fragments.size() - 1; f++) { // every fragment but the last
          net.queue.add(fragments.get(f));
          net.deliverAll();
          assertTrue(bob.ctx.reassemblyBudget.used() <= budget, "over the global budget");
          assertTrue(
              bob.ctx.reassemblyBuffers.inUse() + bob.ctx.reassemblyBuffers.pooled()
                  <= bob.ctx.reassemblyBudget.used(),
              "a buffer outside the budget");
        }
      }
    }
    assertTrue(bob.drops(DropReason.REASSEMBLY) > 0, "the budget had to refuse fragments");
    assertTrue(bob.ctx.reassemblyBudget.used() > budget / 2, "and was in use");
    assertTrue(bob.data.isEmpty());

    net.advance(5_000); // fragmentAssemblyTimeout: every partial packet expires
    assertEquals(0, bob.ctx.reassemblyBuffers.inUse());
    assertEquals(
        bob.ctx.reassemblyBuffers.pooled(),
        bob.ctx.reassemblyBudget.used(),
        "what is left is the pool, and the budget counts it");
    assertTrue(bob.ctx.reassemblyBuffers.pooled() <= budget / 8);
    for (Session s : bob.ctx.sessions()) {
      Reassembly r = ((EngineSession) s).fragments;
      assertTrue(r == null || (r.size() == 0 && r.bytes() == 0), "buffers released once empty");
    }
    Session first = sessions.get(0);
    big[0] = 42;
    first.send(big, 0, big.length);
    net.deliverAll();
    assertArrayEquals(big, bob.data.get(0));
    assertEquals(0, bob.ctx.reassemblyBuffers.inUse());
    assertEquals(0L, bob.drops(DropReason.INTERNAL_ERROR));
  }

  @Test
  void idleSessions_holdNoReassemblyBuffers() throws Exception {
    TestNet.Peer bob = net.peer("bob", 1);
    TestNet.Peer alice = net.peer("alice", 2);
    Session a = net.establish(alice, bob);
    Session b = bob.sessionWith(alice);
    byte[] msg = new byte[20_000];
    a.send(msg, 0, msg.length);
    b.send(msg, 0, msg.length);
    net.deliverAll();
    assertEquals(1, alice.data.size());
    assertEquals(1, bob.data.size());
    // A session that just reassembled keeps its (empty) reassembly, so the next fragmented packet
    // allocates nothing, but no buffer: those went back to the pool with the packet.
    for (Session s : new Session[] {a, b}) {
      Reassembly r = ((EngineSession) s).fragments;
      assertEquals(0, r.size());
      assertEquals(0, r.bytes());
    }
    assertEquals(0, bob.ctx.reassemblyBuffers.inUse());
    // Idle for two checks (one that finds it used, one that finds it unused): released.
    long idle = EngineLimits.DEFAULTS.idleCipherReleaseMillis();
    net.advance(idle + 1);
    net.advance(idle + 1);
    assertNull(((EngineSession) a).fragments);
    assertNull(((EngineSession) b).fragments);
    // And a session that goes on receiving fragmented packets keeps one through the checks.
    for (int i = 0; i < 3; i++) {
      a.send(msg, 0, msg.length);
      net.deliverAll();
      net.advance(idle + 1);
      assertNotNull(((EngineSession) b).fragments, "released while in use");
    }
    assertEquals(4, bob.data.size());
  }

  @Test
  void halfOpenQuota_countsTheSourceHost_notItsPorts() throws Exception {
    TestNet.Peer bob =
        net.peer(
            "bob", PeerAddress.of(new InetSocketAddress("192.0.2.1", 9993)), EngineLimits.DEFAULTS);
    for (int i = 0; i < 40; i++) {
      PeerAddress sameHost = PeerAddress.of(new InetSocketAddress("198.51.100.7", 20_000 + i));
      net.peer("a" + i, sameHost, EngineLimits.DEFAULTS).open(bob);
    }
    for (int i = 0; i < 10; i++) {
      PeerAddress otherHost = PeerAddress.of(new InetSocketAddress("203.0.113." + (i + 1), 40_000));
      net.peer("b" + i, otherHost, EngineLimits.DEFAULTS).open(bob);
    }
    deliverOnlyTo(bob); // X1s in; X2s lost
    assertEquals(16 + 10, bob.ctx.halfOpenCount(), "16 for the busy host, one for each other");
    assertEquals(40 - 16, bob.drops(DropReason.HALF_OPEN_LIMIT));
  }

  private void deliverOnlyTo(TestNet.Peer target) {
    Object[] d;
    while ((d = net.queue.poll()) != null) {
      if (d[1].equals(target.address)) {
        byte[] bytes = (byte[]) d[2];
        target.ctx.receive((PeerAddress) d[0], bytes, 0, bytes.length);
      }
    }
  }
}
