package io.zssp.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.DropReason;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspSettings;
import io.zssp.reference.TestNetwork.Datagram;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * ZSSP-SPEC §13: the canonical input-handling and resource bugs we must not copy (B4, B6, B7,
 * B18, B19, B23), each shown to be absent from the reference implementation.
 */
class CanonicalBugsResourceTest {
  private final TestNetwork net = new TestNetwork();

  /** Captures one X1 (all its fragments) from a throwaway session of {@code alice} to {@code bob}. */
  private List<Datagram> captureX1(TestPeer alice, TestPeer bob) throws Exception {
    alice.open(bob);
    List<Datagram> x1 = net.take(Datagram::isX1);
    assertTrue(x1.size() >= 2, "multi-fragment X1");
    return x1;
  }

  /** Delivers {@code fragments} to {@code bob} as if sent from {@code source}. */
  private void replay(List<Datagram> fragments, int source, TestPeer bob) {
    for (Datagram d : fragments) {
      net.deliver(new Datagram(TestNetwork.addr(source), bob.address, d.bytes(), net.now));
    }
  }

  private long x2sTo(PeerAddress to, TestPeer bob) {
    return net.count(d -> d.from().equals(bob.address) && d.to().equals(to) && !d.unassociated());
  }

  /**
   * B4 — remote crash from one small datagram. Datagrams of 0..31 bytes (also behind a live kid,
   * at an offset, or null) are dropped MALFORMED_DATAGRAM; a 32-byte kid-0 type-0 datagram
   * {@code 00000000 00 01 00 00 …} and its relatives are dropped for their size. Nothing throws,
   * nothing is sent, nothing counts as INTERNAL_ERROR, and the session keeps working.
   */
  @Test
  void b04_tinyDatagrams_droppedWithoutException() throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer bob = net.peer("bob", 2);
    ReferenceSession a = TestPeer.establish(alice, bob);
    byte[] liveKid = Kid.bytes(a.current.sendKid); // Bob's recv kid
    int sent = net.sent.size();
    Random rnd = new Random(4);
    for (int len = 0; len < 32; len++) {
      byte[] d = new byte[len];
      rnd.nextBytes(d);
      bob.ctx.receive(alice.address, d, 0, len);
      System.arraycopy(liveKid, 0, d, 0, Math.min(4, len));
      bob.ctx.receive(alice.address, d, 0, len);
      bob.ctx.receive(alice.address, new byte[len], 0, len);
    }
    bob.ctx.receive(alice.address, new byte[100], 90, 10);
    bob.ctx.receive(alice.address, new byte[100], 90, 32); // range beyond the array
    bob.ctx.receive(alice.address, null, 0, 0);
    assertEquals(3 * 32 + 3, bob.drops(DropReason.MALFORMED_DATAGRAM));

    byte[] x1 = new byte[32];
    x1[5] = 1; // 00000000 00 01 00 00 …: kid 0, fragment 0 of 1, type 0 (X1)
    bob.ctx.receive(alice.address, x1, 0, 32);
    byte[] challenge = x1.clone();
    challenge[7] = (byte) PacketType.CHALLENGE;
    alice.ctx.receive(bob.address, challenge, 0, 32);
    byte[] half = x1.clone();
    half[5] = 2; // fragments 0 and 1 of 2: assembles 32 bytes
    bob.ctx.receive(alice.address, half, 0, 32);
    half[4] = 1;
    bob.ctx.receive(alice.address, half, 0, 32);
    assertEquals(2, bob.drops(DropReason.WRONG_SIZE));
    assertEquals(1, alice.drops(DropReason.WRONG_SIZE));

    assertEquals(sent, net.sent.size(), "nothing answered");
    assertEquals(0, bob.drops(DropReason.INTERNAL_ERROR));
    assertEquals(0, alice.drops(DropReason.INTERNAL_ERROR));
    a.send(new byte[] {4}, 0, 1);
    net.deliverAll();
    assertArrayEquals(new byte[] {4}, bob.data.get(0));
  }

  /**
   * B6 — reassembly cleanup inverted and unbounded. A completed X1 leaves no entry, so the same
   * X1 resent is processed again (Bob answers twice); an incomplete X1 survives 4.999 s after its
   * last fragment but not 5 s; and the hello cache is keyed by source, so the same packet nonce
   * from two sources assembles twice.
   */
  @Test
  void b06_helloReassembly_removedOnCompletion_expires_keyedBySource() throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer bob = net.peer("bob", 2);
    List<Datagram> x1 = captureX1(alice, bob);
    assertEquals(2, x1.size());
    replay(x1, 1, bob);
    assertEquals(0, bob.ctx.helloCacheSize(), "entry removed on completion");
    replay(x1, 1, bob);
    assertEquals(2, bob.ctx.halfOpenCount(), "the resent X1 was answered again");
    assertEquals(4, x2sTo(alice.address, bob));

    net.deliver(x1.get(0));
    assertEquals(1, bob.ctx.helloCacheSize());
    net.now += 4_999;
    bob.ctx.service();
    net.deliver(x1.get(1));
    assertEquals(3, bob.ctx.halfOpenCount(), "completed 4.999 s after its last fragment");
    net.deliver(x1.get(0));
    net.now += 5_000;
    bob.ctx.service();
    assertEquals(0, bob.ctx.helloCacheSize(), "expired after 5 s");
    net.deliver(x1.get(1));
    assertEquals(3, bob.ctx.halfOpenCount(), "fragment 1 alone does not complete");
    net.now += 5_000;
    bob.ctx.service();
    assertEquals(0, bob.ctx.helloCacheSize());

    PeerAddress s1 = TestNetwork.addr(501);
    PeerAddress s2 = TestNetwork.addr(502);
    replay(x1.subList(0, 1), 501, bob);
    replay(x1.subList(0, 1), 502, bob);
    assertEquals(2, bob.ctx.helloCacheSize(), "same nonce, two sources, two entries");
    replay(x1.subList(1, 2), 501, bob);
    replay(x1.subList(1, 2), 502, bob);
    assertEquals(2, x2sTo(s1, bob));
    assertEquals(2, x2sTo(s2, bob));
    assertEquals(0, bob.ctx.helloCacheSize());
  }

  /**
   * B7 — unbounded or unfair half-open table. An X1 flood from one source keeps at most 16 B2
   * entries; from many sources at most maxHalfOpen (8); when full, expired entries go first (no
   * live entry is evicted and a pending handshake completes); a live entry goes only when none
   * has expired.
   */
  @Test
  void b07_halfOpenTable_boundedAndFair() throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer carol = net.peer("carol", 3);
    TestPeer bob = net.peer("bob", 2, ZsspSettings.DEFAULTS, b -> b.maxHalfOpen(8));
    TestPeer dave = net.peer("dave", 4);
    List<Datagram> x1ToDave = captureX1(alice, dave);
    for (int i = 0; i < 40; i++) {
      replay(x1ToDave, 100, dave);
    }
    assertEquals(16, dave.ctx.halfOpenCount(), "per-source quota");
    assertEquals(24, dave.drops(DropReason.HALF_OPEN_LIMIT));
    List<Datagram> x1 = captureX1(alice, bob);
    for (int i = 0; i < 20; i++) {
      replay(x1, 200 + i, bob);
    }
    assertEquals(8, bob.ctx.halfOpenCount(), "capacity");
    assertEquals(12, bob.drops(DropReason.HALF_OPEN_LIMIT));
    net.now += 10_000;
    bob.ctx.service();
    assertEquals(0, bob.ctx.halfOpenCount(), "all expired after 10 s");
    long evicted = bob.drops(DropReason.HALF_OPEN_LIMIT);

    long t0 = net.now;
    for (int i = 0; i < 4; i++) {
      replay(x1, 300 + i, bob);
    }
    net.now = t0 + 6_000;
    net.queue.clear();
    ReferenceSession c = carol.open(bob);
    net.deliverUntil(() -> c.state() == SessionState.A3);
    List<Datagram> heldX3 = net.take(d -> d.from().equals(carol.address));
    for (int i = 0; i < 3; i++) {
      replay(x1, 310 + i, bob);
    }
    assertEquals(8, bob.ctx.halfOpenCount());
    net.now = t0 + 10_000; // the first four expire; service() has not run
    replay(x1, 320, bob);
    assertEquals(5, bob.ctx.halfOpenCount(), "expired entries evicted first");
    assertEquals(evicted, bob.drops(DropReason.HALF_OPEN_LIMIT), "no live entry evicted");
    heldX3.forEach(net::deliver);
    net.deliverAll();
    assertEquals(SessionState.S2, c.state(), carol.log());
    for (int i = 0; i < 5; i++) {
      replay(x1, 330 + i, bob);
    }
    assertEquals(8, bob.ctx.halfOpenCount());
    assertEquals(evicted + 1, bob.drops(DropReason.HALF_OPEN_LIMIT), "then the oldest");
  }

  /**
   * B7 — a B2 lives b2LifetimeMillis (10 s), whether or not service() ran: an X3 arriving 10 s
   * after X1 gets no C1, while one arriving at 9.999 s does.
   */
  @Test
  void b07_halfOpenLifetime_lateX3GetsNoC1() throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer carol = net.peer("carol", 3);
    TestPeer bob = net.peer("bob", 2);
    ReferenceSession late = alice.open(bob);
    ReferenceSession onTime = carol.open(bob);
    net.deliverUntil(() -> late.state() == SessionState.A3 && onTime.state() == SessionState.A3);
    List<Datagram> lateX3 = net.take(d -> d.from().equals(alice.address));
    List<Datagram> onTimeX3 = net.take(d -> d.from().equals(carol.address));
    assertEquals(2, bob.ctx.halfOpenCount());

    net.now += 9_999;
    onTimeX3.forEach(net::deliver);
    net.now += 1;
    lateX3.forEach(net::deliver); // no service() in between
    assertEquals(1, bob.ctx.sessions().size());
    assertEquals(1, bob.drops(DropReason.UNKNOWN_KEY_ID), "expired entry discarded");
    assertEquals(List.of(carol.address), net.queue.stream().map(Datagram::to).toList(), "one C1");
    net.deliverAll();
    assertEquals(SessionState.S2, onTime.state());
    assertEquals(SessionState.A3, late.state());
    assertEquals(0, bob.ctx.halfOpenCount());
    bob.ctx.service();
    lateX3.forEach(net::deliver);
    assertEquals(1, bob.ctx.sessions().size());
    assertTrue(net.queue.isEmpty(), "no C1 for the late X3");
  }

  /**
   * B18 — per-session reassembly state huge and never expiring. After multi-fragment traffic an
   * idle session buffers nothing; a partial packet is held until 5 s after its last fragment, then
   * freed, and its late last fragment delivers nothing.
   */
  @Test
  void b18_idleSession_buffersNothing_partialsExpire() throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer bob = net.peer("bob", 2);
    ReferenceSession a = TestPeer.establish(alice, bob);
    ReferenceSession b = bob.session();
    a.send(new byte[5_000], 0, 5_000);
    b.send(new byte[5_000], 0, 5_000);
    net.deliverAll();
    assertEquals(1, alice.data.size());
    assertEquals(1, bob.data.size());
    for (ReferenceSession s : List.of(a, b)) {
      assertEquals(0, s.reassembler.size());
      assertEquals(0, s.reassembler.bufferedBytes());
    }
    assertEquals(0, bob.ctx.helloCacheSize());
    assertEquals(0, bob.ctx.halfOpenCount());

    a.send(new byte[5_000], 0, 5_000);
    List<Datagram> fragments = net.take(d -> true);
    assertEquals(4, fragments.size());
    fragments.subList(0, 3).forEach(net::deliver);
    assertEquals(1, b.reassembler.size());
    assertTrue(b.reassembler.bufferedBytes() > 3_000);
    net.now += 4_999;
    bob.ctx.service();
    assertEquals(1, b.reassembler.size());
    net.now += 1;
    bob.ctx.service();
    assertEquals(0, b.reassembler.size());
    assertEquals(0, b.reassembler.bufferedBytes());
    net.deliver(fragments.get(3));
    assertEquals(1, bob.data.size(), "nothing delivered");
    net.now += 5_000;
    bob.ctx.service();
    assertEquals(0, b.reassembler.size());
  }

  /**
   * B19 — stray console output. A storm of replayed (out-of-window), truncated, corrupted and
   * random datagrams writes nothing to System.out or System.err.
   */
  @Test
  void b19_invalidDatagramStorm_writesNothingToConsole() throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer bob = net.peer("bob", 2);
    ReferenceSession a = TestPeer.establish(alice, bob);
    a.send(new byte[3_000], 0, 3_000);
    bob.session().send(new byte[10], 0, 10);
    net.deliverAll();
    List<Datagram> traffic = new ArrayList<>(net.sent.stream().filter(d -> !d.isX1()).toList());
    int sent = net.sent.size();
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    PrintStream out = System.out;
    PrintStream err = System.err;
    PrintStream capture = new PrintStream(console, true, StandardCharsets.UTF_8);
    System.setOut(capture);
    System.setErr(capture);
    try {
      Random rnd = new Random(19);
      for (int i = 0; i < 5_000; i++) {
        byte[] d = traffic.get(rnd.nextInt(traffic.size())).bytes().clone();
        switch (i % 4) {
          case 0 -> { } // exact replay: out of the anti-replay window
          case 1 -> d[rnd.nextInt(d.length)] ^= (byte) (1 << rnd.nextInt(8));
          case 2 -> d = Arrays.copyOf(d, rnd.nextInt(d.length));
          default -> rnd.nextBytes(d);
        }
        TestPeer to = rnd.nextBoolean() ? alice : bob;
        to.ctx.receive(rnd.nextBoolean() ? alice.address : bob.address, d, 0, d.length);
        if (i % 500 == 0) {
          net.now += 1_000;
          alice.ctx.service();
          bob.ctx.service();
        }
      }
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
    assertEquals("", console.toString(StandardCharsets.UTF_8));
    assertTrue(alice.drops(DropReason.REPLAYED) + bob.drops(DropReason.REPLAYED) > 100);
    assertEquals(0, alice.drops(DropReason.INTERNAL_ERROR) + bob.drops(DropReason.INTERNAL_ERROR));
    assertEquals(sent, net.sent.size());
  }

  /**
   * B23 — X3 size check lenient. An identity of exactly 4096 bytes works; OpenOptions refuses
   * 4097; and an X3 carrying 4097 bytes (built by bypassing OpenOptions) is dropped by Bob before
   * Accept — by the per-type reassembly bound (§6.7: X3 ≤ 4177), single- or multi-fragment.
   */
  @Test
  void b23_x3IdentityLimit_enforcedOnSendAndReceive() throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer bob = net.peer("bob", 2);
    byte[] id = new byte[4096];
    new Random(23).nextBytes(id);
    ReferenceSession ok = alice.open(bob, OpenOptions.builder().identity(id).build());
    net.deliverAll();
    assertEquals(SessionState.S2, ok.state(), alice.log());
    assertArrayEquals(id, bob.identities.get(0));
    assertThrows(IllegalArgumentException.class,
        () -> OpenOptions.builder().identity(new byte[4097]));

    for (int mtu : new int[] {1500, 8192}) {
      long reassemblyDrops = bob.drops(DropReason.REASSEMBLY);
      ReferenceSession big = alice.open(bob, OpenOptions.builder().mtu(mtu).build());
      big.identity = new byte[4097]; // what OpenOptions refuses
      net.deliverAll();
      assertEquals(SessionState.A3, big.state());
      assertEquals(1, bob.identities.size(), "Accept never called");
      assertEquals(1, bob.ctx.sessions().size());
      assertTrue(bob.drops(DropReason.REASSEMBLY) > reassemblyDrops, "mtu " + mtu);
      assertEquals(0, bob.drops(DropReason.INTERNAL_ERROR));
      big.close();
    }
  }
}
