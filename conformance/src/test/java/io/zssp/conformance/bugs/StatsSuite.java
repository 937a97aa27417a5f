package io.zssp.conformance.bugs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.ChallengePolicy;
import io.zssp.api.ContextStats;
import io.zssp.api.DropReason;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspEvent;
import io.zssp.api.ZsspSettings;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code ZsspContext.stats()} and {@code Session.handshakeMillis()} against what a scripted run did
 * (issue 12): a challenged handshake, payloads of known sizes both ways (one of them held back
 * mid-reassembly), a rekey, garbage datagrams, a handshake that fails on both sides and closes.
 * Datagrams and bytes are counted by the test's own network ({@link TestNetwork#sent}, {@link
 * TestNetwork#delivered}), times by its virtual clock. Every expected number is fixed by the
 * protocol, so the implementations must report the same ones ({@link StatsAgreeTest}).
 */
abstract class StatsSuite {
  private final ImplementationProbe probe;

  StatsSuite(ImplementationProbe probe) {
    this.probe = probe;
  }

  static final ZsspSettings SETTINGS =
      ZsspSettings.builder().rekeyAfterMillis(60_000).rekeyMaxJitterMillis(1_000).build();

  static final int[] ALICE_TO_BOB = {0, 1, 100, 1_000, 1_400};
  static final int[] BOB_TO_ALICE = {5, 500, 2_000};
  static final int HELD_BACK = 6_000; // five fragments at MTU 1500

  @Test
  void scriptedRun_countersEqualWhatTheTestDid() throws Exception {
    run(probe);
  }

  /**
   * Every datagram handed to either {@code receive} counts once, with its length: null, heap and
   * direct buffers, oversized ones (dropped without a copy) and an invalid array range (0 bytes).
   */
  @Test
  void everyReceive_countsOnce_withItsLength() throws Exception {
    TestNetwork net = new TestNetwork(probe);
    TestPeer bob = net.peer("bob", 2);
    PeerAddress from = TestNetwork.addr(9);
    bob.ctx.receive(from, (java.nio.ByteBuffer) null);
    bob.ctx.receive(from, java.nio.ByteBuffer.allocateDirect(5));
    bob.ctx.receive(from, java.nio.ByteBuffer.allocate(70_000));
    bob.ctx.receive(from, java.nio.ByteBuffer.allocateDirect(70_000));
    bob.ctx.receive(from, new byte[40], -1, 10);
    bob.ctx.receive(from, new byte[40], 30, 20);
    bob.ctx.receive(from, new byte[32], 0, 32); // kid 0, count 0
    ContextStats s = bob.stats();
    assertEquals(7, s.datagramsReceived(), s.toString());
    assertEquals(5 + 70_000 + 70_000 + 32, s.bytesReceived(), s.toString());
    assertEquals(0, s.datagramsSent());
    assertEquals(6, s.drops(DropReason.MALFORMED_DATAGRAM), s.toString());
    assertEquals(1, s.drops(DropReason.BAD_FRAGMENT_HEADER), s.toString());
    bob.ctx.close();
    bob.ctx.receive(from, new byte[32], 0, 32);
    assertEquals(8, bob.stats().datagramsReceived(), "counted after close too");
    assertEquals(1, bob.stats().drops(DropReason.CONTEXT_CLOSED));
  }

  /**
   * Runs the script against {@code probe}, asserting as it goes.
   *
   * @return the final stats of alice, bob and carol
   */
  static Map<String, ContextStats> run(ImplementationProbe probe) throws Exception {
    TestNetwork net = new TestNetwork(probe);
    TestPeer alice = net.peer("alice", 1, SETTINGS, b -> {});
    TestPeer bob = net.peer("bob", 2, SETTINGS, b -> b.challengePolicy(ChallengePolicy.ALWAYS));
    for (TestPeer p : List.of(alice, bob)) {
      assertCounters(p, 0, 0, 0, 0, 0, 0, 0);
      assertEquals(states(SessionState.S2, 0), p.stats().sessionsByState());
    }

    // A: a challenged handshake; the clock moves between the steps so both times are known.
    long t0 = net.now;
    Session a = alice.open(bob, OpenOptions.builder().identity("alice".getBytes()).build());
    assertEquals(-1, a.handshakeMillis());
    assertStarted(alice, 1);
    assertEquals(states(SessionState.A1, 1), alice.stats().sessionsByState());
    assertInvariant(alice, 1);
    net.deliverAll(); // X1 → challenge → solved by Alice (answer rides on the next resend)
    assertEquals(1, bob.stats().challengesIssued(), bob.log());
    assertEquals(1, alice.stats().challengesAnswered(), alice.log());
    assertEquals(0, bob.stats().handshakesStarted(), "a challenged X1 reaches no public-key work");
    net.now = t0 + SETTINGS.resendMillis();
    alice.ctx.service(); // the X1 resend, carrying the answer
    deliverQueued(net); // X1 reaches Bob at t0 + 1000: his handshake starts (X2 queued)
    assertStarted(bob, 1);
    assertEquals(1, bob.stats().halfOpen());
    assertInvariant(bob, 1);
    net.now += 7;
    deliverQueued(net); // X2 → Alice sends X3
    assertEquals(SessionState.A3, a.state());
    net.now += 5;
    deliverQueued(net); // X3 → Bob's session (S1), C1
    Session b = bob.session();
    assertEquals(12, b.handshakeMillis(), "Bob: from the X1 received to X3 accepted");
    net.now += 3;
    net.deliverAll(); // C1 → Alice in S2, C2 → Bob in S2
    assertEquals(SessionState.S2, a.state(), alice.log());
    assertEquals(SessionState.S2, b.state(), bob.log());
    assertEquals(1_015, a.handshakeMillis(), "Alice: from open() to C1");
    assertEquals(12, b.handshakeMillis());
    for (TestPeer p : List.of(alice, bob)) {
      assertEquals(1, p.stats().handshakesCompleted());
      assertEquals(0, p.stats().handshakesFailed());
      assertEquals(states(SessionState.S2, 1), p.stats().sessionsByState());
    }
    assertEquals(0, bob.stats().halfOpen());

    // B: payloads both ways; one multi-fragment payload is held back mid-reassembly.
    for (int len : ALICE_TO_BOB) {
      a.send(new byte[len], 0, len);
    }
    for (int len : BOB_TO_ALICE) {
      b.send(new byte[len], 0, len);
    }
    net.deliverAll();
    assertEquals(ALICE_TO_BOB.length, bob.data.size());
    assertEquals(BOB_TO_ALICE.length, alice.data.size());
    byte[] big = new byte[HELD_BACK];
    a.send(big, 0, big.length);
    List<TestNetwork.Datagram> fragments = net.take(d -> true);
    assertTrue(fragments.size() > 1, "multi-fragment");
    for (TestNetwork.Datagram d : fragments.subList(0, fragments.size() - 1)) {
      net.deliver(d);
    }
    assertTrue(bob.stats().reassemblyBytes() > 0, "a partial packet is held");
    assertEquals(0, alice.stats().reassemblyBytes());
    net.deliver(fragments.get(fragments.size() - 1));
    assertArrayEquals(big, bob.data.get(bob.data.size() - 1));
    assertEquals(0, bob.stats().reassemblyBytes(), "nothing partial once it completed");

    // C: one rekey, started by Alice's timer (Bob is not serviced, so he only answers).
    net.now += SETTINGS.rekeyAfterMillis() + 1_000;
    alice.ctx.service();
    net.deliverAll();
    assertEquals(1, alice.events(ZsspEvent.Rekeyed.class).size(), alice.log());
    assertEquals(1, bob.events(ZsspEvent.Rekeyed.class).size(), bob.log());
    assertEquals(1, alice.stats().rekeys());
    assertEquals(1, bob.stats().rekeys());
    assertEquals(1_015, a.handshakeMillis(), "a rekey leaves it alone");

    // D: garbage for Bob, each dropped for a known reason.
    net.deliver(garbage(net, alice, bob, new byte[5])); // MALFORMED_DATAGRAM
    byte[] unknownKid = new byte[64];
    unknownKid[0] = 0x7a;
    unknownKid[1] = 0x11;
    unknownKid[2] = 0x22;
    unknownKid[3] = 0x33;
    net.deliver(garbage(net, alice, bob, unknownKid)); // UNKNOWN_KEY_ID
    net.deliver(garbage(net, alice, bob, new byte[32])); // kid 0, count 0: BAD_FRAGMENT_HEADER
    bob.ctx.receive(alice.address, null, 0, 0); // MALFORMED_DATAGRAM, 0 bytes

    // E: Carol's handshake fails on both sides: her X3 is lost, Bob's B2 expires, she gives up.
    TestPeer carol = net.peer("carol", 3, SETTINGS, x -> {});
    Session c = carol.open(bob, OpenOptions.builder().identity("carol".getBytes()).build());
    net.deliverAll(); // challenged
    net.now += SETTINGS.resendMillis();
    carol.ctx.service();
    deliverQueued(net); // X1 → Bob's B2, X2
    deliverQueued(net); // X2 → Carol's X3 (queued)
    assertEquals(SessionState.A3, c.state(), carol.log());
    List<TestNetwork.Datagram> lost = net.take(d -> true);
    assertEquals(1, lost.size(), "the X3");
    assertStarted(bob, 2);
    assertEquals(1, bob.stats().halfOpen());
    assertInvariant(bob, 1);
    assertEquals(states(SessionState.A3, 1), carol.stats().sessionsByState());
    assertInvariant(carol, 1);
    net.now += SETTINGS.b2LifetimeMillis();
    bob.ctx.service(); // the half-open entry expires
    assertEquals(0, bob.stats().halfOpen());
    assertEquals(1, bob.stats().handshakesFailed());
    assertInvariant(bob, 0);
    c.close();
    assertEquals(-1, c.handshakeMillis());
    assertEquals(1, carol.stats().handshakesFailed());
    assertInvariant(carol, 0);

    // F: close.
    a.close();
    assertEquals(states(SessionState.S2, 0), alice.stats().sessionsByState());
    assertEquals(states(SessionState.S2, 1), bob.stats().sessionsByState());
    bob.ctx.close();
    assertEquals(states(SessionState.S2, 0), bob.stats().sessionsByState());

    // Everything, against the test's own records.
    Map<String, ContextStats> out = new LinkedHashMap<>();
    for (TestPeer p : List.of(alice, bob, carol)) {
      ContextStats s = p.stats();
      assertWire(net, p, s, p == bob ? 1 : 0);
      assertEquals(p.ctx.dropCounts(), s.drops(), p.name + ": drops as dropCounts()");
      assertEquals(0, s.halfOpen());
      assertEquals(0, s.reassemblyBytes());
      assertEquals(0, s.handshakeQueueDepth());
      assertEquals(0, s.liveSessions());
      out.put(p.name, s);
    }
    assertCounters(alice, 1, 1, 0, 1, 0, 1, 1);
    assertCounters(bob, 2, 1, 1, 1, 2, 0, 1);
    assertCounters(carol, 1, 0, 1, 0, 0, 1, 1);
    assertEquals(Map.of(), alice.stats().drops(), alice.log());
    assertEquals(Map.of(), carol.stats().drops(), carol.log());
    Map<DropReason, Long> bobDrops = new EnumMap<>(DropReason.class);
    bobDrops.put(DropReason.CHALLENGE_ISSUED, 2L);
    bobDrops.put(DropReason.MALFORMED_DATAGRAM, 2L);
    bobDrops.put(DropReason.UNKNOWN_KEY_ID, 1L);
    bobDrops.put(DropReason.BAD_FRAGMENT_HEADER, 1L);
    assertEquals(bobDrops, bob.stats().drops(), bob.log());
    return out;
  }

  /** The datagrams queued now (not those their delivery produces), delivered in order. */
  private static void deliverQueued(TestNetwork net) {
    for (TestNetwork.Datagram d : net.take(x -> true)) {
      net.deliver(d);
    }
  }

  private static TestNetwork.Datagram garbage(
      TestNetwork net, TestPeer from, TestPeer to, byte[] bytes) {
    return new TestNetwork.Datagram(from.address, to.address, bytes, net.now);
  }

  /** Datagrams and bytes both ways, as the network logged them ({@code extra}: null datagrams). */
  private static void assertWire(TestNetwork net, TestPeer p, ContextStats s, int nullDatagrams) {
    PeerAddress me = p.address;
    long sent = 0;
    long sentBytes = 0;
    for (TestNetwork.Datagram d : net.sent) {
      if (d.from().equals(me)) {
        sent++;
        sentBytes += d.length();
      }
    }
    long received = nullDatagrams;
    long receivedBytes = 0;
    for (TestNetwork.Datagram d : net.delivered) {
      if (d.to().equals(me)) {
        received++;
        receivedBytes += d.length();
      }
    }
    assertEquals(sent, s.datagramsSent(), p.name + " datagrams sent");
    assertEquals(sentBytes, s.bytesSent(), p.name + " bytes sent");
    assertEquals(received, s.datagramsReceived(), p.name + " datagrams received");
    assertEquals(receivedBytes, s.bytesReceived(), p.name + " bytes received");
  }

  private static void assertStarted(TestPeer p, long started) {
    assertEquals(started, p.stats().handshakesStarted(), p.name + " handshakes started");
  }

  /** started = completed + failed + in progress, with the in-progress count the test expects. */
  private static void assertInvariant(TestPeer p, long inProgress) {
    ContextStats s = p.stats();
    assertEquals(
        s.handshakesStarted(),
        s.handshakesCompleted() + s.handshakesFailed() + inProgress,
        p.name + ": " + s);
    long counted =
        s.halfOpen()
            + s.sessionsByState().get(SessionState.A1)
            + s.sessionsByState().get(SessionState.A3);
    assertEquals(inProgress, counted, p.name + ": in progress as the gauges show it");
  }

  private static void assertCounters(
      TestPeer p,
      long started,
      long completed,
      long failed,
      long rekeys,
      long challengesIssued,
      long challengesAnswered,
      long closed) {
    ContextStats s = p.stats();
    List<String> wrong = new ArrayList<>();
    check(wrong, "handshakesStarted", started, s.handshakesStarted());
    check(wrong, "handshakesCompleted", completed, s.handshakesCompleted());
    check(wrong, "handshakesFailed", failed, s.handshakesFailed());
    check(wrong, "rekeys", rekeys, s.rekeys());
    check(wrong, "challengesIssued", challengesIssued, s.challengesIssued());
    check(wrong, "challengesAnswered", challengesAnswered, s.challengesAnswered());
    check(wrong, "sessionsClosed", closed, s.sessionsClosed());
    assertEquals(List.of(), wrong, p.name + ": " + s);
  }

  private static void check(List<String> wrong, String name, long expected, long actual) {
    if (expected != actual) {
      wrong.add(name + " expected " + expected + " but was " + actual);
    }
  }

  /** Every state 0 except {@code state}, which is {@code n}. */
  static Map<SessionState, Integer> states(SessionState state, int n) {
    Map<SessionState, Integer> m = new EnumMap<>(SessionState.class);
    for (SessionState s : SessionState.values()) {
      m.put(s, s == state ? n : 0);
    }
    return m;
  }
}
