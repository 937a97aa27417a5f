package io.zssp.conformance.bugs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.ChallengePolicy;
import io.zssp.api.DropReason;
import io.zssp.api.PeerAddress;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspSettings;
import io.zssp.conformance.bugs.TestNetwork.Datagram;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * ZSSP-SPEC §13: the canonical resource bugs we must not copy (B6, B7, B18): reassembly and
 * half-open state is bounded, fair and expires. Each test shows the bug absent, against every
 * implementation through its {@link ImplementationProbe}.
 */
abstract class CanonicalBugsResourceSuite {
  private final ImplementationProbe probe;
  private final TestNetwork net;

  CanonicalBugsResourceSuite(ImplementationProbe probe) {
    this.probe = probe;
    this.net = new TestNetwork(probe);
  }

  /**
   * Captures one X1 (all its fragments) from a throwaway session of {@code alice} to {@code bob}.
   */
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
   * B6 — reassembly cleanup inverted and unbounded. A completed X1 leaves no entry, so the same X1
   * resent is assembled and answered again (with the stored X2: §14.2 de-duplication, no second
   * B2); an incomplete X1 survives 4.999 s after its last fragment but not 5 s; and the hello cache
   * is keyed by source, so the same packet nonce from two sources assembles twice.
   */
  @Test
  void b06_helloReassembly_removedOnCompletion_expires_keyedBySource() throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer bob = net.peer("bob", 2);
    List<Datagram> x1 = captureX1(alice, bob);
    assertEquals(2, x1.size());
    replay(x1, 1, bob);
    assertEquals(0, bob.helloCacheSize(), "entry removed on completion");
    replay(x1, 1, bob);
    assertEquals(4, x2sTo(alice.address, bob), "the resent X1 was answered again");
    assertEquals(1, bob.halfOpenCount(), "from the stored X2, not by a second handshake");

    net.deliver(x1.get(0));
    assertEquals(1, bob.helloCacheSize());
    net.now += 4_999;
    bob.ctx.service();
    net.deliver(x1.get(1));
    assertEquals(6, x2sTo(alice.address, bob), "completed 4.999 s after its last fragment");
    net.deliver(x1.get(0));
    net.now += 5_000;
    bob.ctx.service();
    assertEquals(0, bob.helloCacheSize(), "expired after 5 s");
    net.deliver(x1.get(1));
    assertEquals(6, x2sTo(alice.address, bob), "fragment 1 alone does not complete");
    net.now += 5_000;
    bob.ctx.service();
    assertEquals(0, bob.helloCacheSize());
    assertEquals(0, bob.halfOpenCount(), "the B2 has expired");

    PeerAddress s1 = TestNetwork.addr(501);
    PeerAddress s2 = TestNetwork.addr(502);
    replay(x1.subList(0, 1), 501, bob);
    replay(x1.subList(0, 1), 502, bob);
    assertEquals(2, bob.helloCacheSize(), "same nonce, two sources, two entries");
    replay(x1.subList(1, 2), 501, bob);
    replay(x1.subList(1, 2), 502, bob);
    assertEquals(0, bob.helloCacheSize(), "both assembled");
    assertEquals(2, x2sTo(s1, bob));
    assertEquals(0, x2sTo(s2, bob), "the copy from another source: de-duplicated, not answered");
    assertEquals(1, bob.drops(DropReason.DUPLICATE_HELLO));
  }

  /**
   * §14.2 de-duplication: while the B2 created from an X1 lives, an identical copy (header and
   * bytes 0..1717) from the same source is answered with the very same X2 datagrams, and one from
   * any other source is dropped and counted; neither creates a B2. A copy whose challenge trailer
   * differs still counts as identical. Once the B2 has expired, the X1 is a new hello again.
   */
  @Test
  void x1Copies_deduplicatedWhileTheirB2Lives() throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer bob = net.peer("bob", 2);
    List<Datagram> x1 = captureX1(alice, bob);
    replay(x1, 7, bob);
    List<Datagram> first = net.take(d -> d.from().equals(bob.address));
    assertEquals(2, first.size(), "X2, two fragments");
    replay(x1, 7, bob);
    List<Datagram> again = net.take(d -> d.from().equals(bob.address));
    assertEquals(first.size(), again.size());
    for (int i = 0; i < first.size(); i++) {
      assertArrayEquals(first.get(i).bytes(), again.get(i).bytes(), "the stored X2, byte for byte");
    }
    List<Datagram> newTrailer = new java.util.ArrayList<>();
    for (Datagram d : x1) {
      byte[] b = d.bytes().clone();
      if (d == x1.get(x1.size() - 1)) {
        b[b.length - 1] ^= 1; // the last byte of the 32-byte challenge trailer
      }
      newTrailer.add(new Datagram(d.from(), d.to(), b, d.sentAt()));
    }
    replay(newTrailer, 7, bob);
    assertEquals(2, net.take(d -> d.from().equals(bob.address)).size(), "trailer ignored");
    for (int source = 8; source < 40; source++) {
      replay(x1, source, bob);
    }
    assertEquals(32, bob.drops(DropReason.DUPLICATE_HELLO));
    assertEquals(0, net.take(d -> d.from().equals(bob.address)).size(), "nothing reflected");
    assertEquals(1, bob.halfOpenCount());
    net.now += 10_000;
    bob.ctx.service();
    replay(x1, 9, bob);
    assertEquals(1, bob.halfOpenCount(), "after expiry: a new B2");
    assertEquals(2, net.take(d -> d.from().equals(bob.address)).size());
  }

  /**
   * B7 — unbounded or unfair half-open table. An X1 flood from one source keeps at most 16 B2
   * entries; from many sources at most maxHalfOpen (8); when full, expired entries go first (no
   * live entry is evicted and a pending handshake completes); a live entry goes only when none has
   * expired.
   */
  @Test
  void b07_halfOpenTable_boundedAndFair() throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer carol = net.peer("carol", 3);
    TestPeer bob = net.peer("bob", 2, ZsspSettings.DEFAULTS, b -> b.maxHalfOpen(8));
    TestPeer dave = net.peer("dave", 4);
    for (int i = 0; i < 40; i++) {
      replay(captureX1(alice, dave), 100, dave); // distinct X1s (identical ones are de-duplicated)
    }
    assertEquals(16, dave.halfOpenCount(), "per-source quota");
    assertEquals(24, dave.drops(DropReason.HALF_OPEN_LIMIT));
    for (int i = 0; i < 20; i++) {
      replay(captureX1(alice, bob), 200 + i, bob);
    }
    assertEquals(8, bob.halfOpenCount(), "capacity");
    assertEquals(12, bob.drops(DropReason.HALF_OPEN_LIMIT));
    net.now += 10_000;
    bob.ctx.service();
    assertEquals(0, bob.halfOpenCount(), "all expired after 10 s");
    long evicted = bob.drops(DropReason.HALF_OPEN_LIMIT);

    long t0 = net.now;
    for (int i = 0; i < 4; i++) {
      replay(captureX1(alice, bob), 300 + i, bob);
    }
    net.now = t0 + 6_000;
    net.queue.clear();
    Session c = carol.open(bob);
    net.deliverUntil(() -> c.state() == SessionState.A3);
    List<Datagram> heldX3 = net.take(d -> d.from().equals(carol.address));
    for (int i = 0; i < 3; i++) {
      replay(captureX1(alice, bob), 310 + i, bob);
    }
    assertEquals(8, bob.halfOpenCount());
    net.now = t0 + 10_000; // the first four expire; service() has not run
    replay(captureX1(alice, bob), 320, bob);
    assertEquals(5, bob.halfOpenCount(), "expired entries evicted first");
    assertEquals(evicted, bob.drops(DropReason.HALF_OPEN_LIMIT), "no live entry evicted");
    heldX3.forEach(net::deliver);
    net.deliverAll();
    assertEquals(SessionState.S2, c.state(), carol.log());
    for (int i = 0; i < 5; i++) {
      replay(captureX1(alice, bob), 330 + i, bob);
    }
    assertEquals(8, bob.halfOpenCount());
    assertEquals(evicted + 1, bob.drops(DropReason.HALF_OPEN_LIMIT), "then the oldest");
  }

  /**
   * §15.2 load signal: with {@code UNDER_LOAD}, more X1s per second than the budget engage the
   * challenge although the half-open table is nearly empty (a replay flood's entries never pile
   * up), and it disengages once the rate has fallen; the per-source quota counts the host, not the
   * port.
   */
  @Test
  void underLoad_engagesOnTheX1Rate_andQuotasCountHostsNotPorts() throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer bob =
        net.peer(
            "bob",
            2,
            ZsspSettings.DEFAULTS,
            b -> b.challengePolicy(ChallengePolicy.UNDER_LOAD).x1BudgetPerSecond(5));
    for (int i = 0; i < 5; i++) {
      replay(captureX1(alice, bob), 400 + i, bob);
    }
    assertEquals(5, bob.halfOpenCount(), "within the budget: answered");
    assertEquals(0, bob.drops(DropReason.CHALLENGE_ISSUED));
    for (int i = 0; i < 10; i++) {
      replay(captureX1(alice, bob), 410 + i, bob);
    }
    assertEquals(5, bob.halfOpenCount(), "over the budget: challenged, no new B2");
    assertEquals(10, bob.drops(DropReason.CHALLENGE_ISSUED));
    assertTrue(2 * bob.halfOpenCount() <= 1024, "occupancy alone would not have engaged");
    net.now += 2_000; // a quiet second: the rate is 0
    replay(captureX1(alice, bob), 430, bob);
    assertEquals(6, bob.halfOpenCount(), "released: answered again");

    TestPeer carol = net.peer("carol", 3, ZsspSettings.DEFAULTS, b -> b.maxHalfOpenPerSource(2));
    PeerAddress[] ports = new PeerAddress[4];
    for (int port = 0; port < ports.length; port++) {
      ports[port] = PeerAddress.of(new java.net.InetSocketAddress("192.0.2.7", 40_000 + port));
      for (Datagram d : captureX1(alice, carol)) {
        net.deliver(new Datagram(ports[port], carol.address, d.bytes(), net.now));
      }
    }
    assertEquals(2, carol.halfOpenCount(), "four ports of one host share its quota of two");
    assertEquals(2, carol.drops(DropReason.HALF_OPEN_LIMIT));
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
    Session late = alice.open(bob);
    Session onTime = carol.open(bob);
    net.deliverUntil(() -> late.state() == SessionState.A3 && onTime.state() == SessionState.A3);
    List<Datagram> lateX3 = net.take(d -> d.from().equals(alice.address));
    List<Datagram> onTimeX3 = net.take(d -> d.from().equals(carol.address));
    assertEquals(2, bob.halfOpenCount());

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
    assertEquals(0, bob.halfOpenCount());
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
    Session a = TestPeer.establish(alice, bob);
    Session b = bob.session();
    a.send(new byte[5_000], 0, 5_000);
    b.send(new byte[5_000], 0, 5_000);
    net.deliverAll();
    assertEquals(1, alice.data.size());
    assertEquals(1, bob.data.size());
    for (Session s : List.of(a, b)) {
      assertEquals(0, probe.reassemblySize(s));
      assertEquals(0, probe.reassemblyBytes(s));
    }
    assertEquals(0, bob.helloCacheSize());
    assertEquals(0, bob.halfOpenCount());

    a.send(new byte[5_000], 0, 5_000);
    List<Datagram> fragments = net.take(d -> true);
    assertEquals(4, fragments.size());
    fragments.subList(0, 3).forEach(net::deliver);
    assertEquals(1, probe.reassemblySize(b));
    assertTrue(probe.reassemblyBytes(b) > 3_000);
    net.now += 4_999;
    bob.ctx.service();
    assertEquals(1, probe.reassemblySize(b));
    net.now += 1;
    bob.ctx.service();
    assertEquals(0, probe.reassemblySize(b));
    assertEquals(0, probe.reassemblyBytes(b));
    net.deliver(fragments.get(3));
    assertEquals(1, bob.data.size(), "nothing delivered");
    net.now += 5_000;
    bob.ctx.service();
    assertEquals(0, probe.reassemblySize(b));
  }
}
