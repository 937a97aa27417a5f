package io.zssp.conformance.bugs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.DataTooLargeException;
import io.zssp.api.DropReason;
import io.zssp.api.OpenOptions;
import io.zssp.api.ProtocolConstants;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspEvent;
import io.zssp.api.ZsspEvent.CloseReason;
import io.zssp.api.ZsspSettings;
import io.zssp.wire.FragmentHeader;
import io.zssp.wire.KeySet;
import io.zssp.wire.PacketType;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ZSSP-SPEC §13: the canonical session-phase bugs we must not copy (B5, B8, B9, B13, B14, B15,
 * B22), each shown to be absent. Runs against every implementation through its {@link
 * ImplementationProbe}.
 */
abstract class CanonicalBugsSessionSuite {
  /** Rekeys after about one minute (for whoever gets these settings). */
  private static final ZsspSettings FAST_REKEY =
      ZsspSettings.builder().rekeyAfterMillis(60_000).rekeyMaxJitterMillis(1_000).build();

  private final ImplementationProbe probe;
  private final TestNetwork net;

  CanonicalBugsSessionSuite(ImplementationProbe probe) {
    this.probe = probe;
    this.net = new TestNetwork(probe);
  }

  private static void assertClosed(TestPeer p, Session s, CloseReason reason) {
    assertEquals(SessionState.CLOSED, s.state(), p.log());
    assertTrue(
        p.events(ZsspEvent.SessionClosed.class).stream()
            .anyMatch(e -> e.session() == s && e.reason() == reason),
        p.log());
    assertFalse(p.ctx.sessions().contains(s));
    assertEquals(0, p.drops(DropReason.INTERNAL_ERROR), p.log());
  }

  /**
   * B5 — crash when S1, R1 or R2 times out. Bob stays in S1 (every C2 lost), Alice in R1 and Bob in
   * R2 (every K2 lost): each expires inside service() with TIMED_OUT, and both contexts then
   * complete a new handshake.
   */
  @Test
  void b05_timeoutsInS1R1R2_expireCleanly() throws Exception {
    TestPeer alice = net.peer("alice", 1, FAST_REKEY, b -> {});
    TestPeer bob = net.peer("bob", 2);
    Session a1 = alice.open(bob);
    net.dropRule = d -> d.from().equals(alice.address) && d.isControl(); // C2s lost
    net.deliverAll();
    Session b1 = bob.session();
    assertEquals(SessionState.S1, b1.state());
    net.run(59_000, 500);
    assertEquals(SessionState.S1, b1.state());
    net.run(2_000, 500);
    assertClosed(bob, b1, CloseReason.TIMED_OUT);
    a1.close();

    net.dropRule = d -> false;
    Session a2 = TestPeer.establish(alice, bob);
    Session b2 = bob.session();
    net.dropRule = d -> d.from().equals(bob.address); // K2s lost
    net.run(61_000, 500); // Alice's S2 timer → K1 → Bob R2
    assertEquals(SessionState.R1, a2.state(), alice.log());
    assertEquals(SessionState.R2, b2.state(), bob.log());
    net.run(61_000, 500);
    assertClosed(alice, a2, CloseReason.TIMED_OUT);
    assertClosed(bob, b2, CloseReason.TIMED_OUT);

    net.dropRule = d -> false;
    TestPeer.establish(alice, bob);
    assertEquals(SessionState.S2, bob.session().state());
  }

  /**
   * B8 — use-based rekey checked in the wrong state. With rekeyAfterKeyUses = 5: in S1 any number
   * of sends neither expires the session nor starts a rekey; in S2 the send that reaches 5 uses
   * starts a rekey (R1), which completes.
   */
  @Test
  void b08_useTrigger_onlyInS2_startsRekey() throws Exception {
    ZsspSettings five = ZsspSettings.builder().rekeyAfterKeyUses(5).build();
    TestPeer alice = net.peer("alice", 1, five, b -> {});
    TestPeer bob = net.peer("bob", 2, five, b -> {});
    Session a = alice.open(bob);
    net.dropRule = d -> d.from().equals(alice.address) && d.isControl(); // Bob stays in S1
    net.deliverAll();
    Session b = bob.session();
    for (int i = 0; i < 50; i++) {
      b.send(new byte[] {(byte) i}, 0, 1);
      assertEquals(SessionState.S1, b.state());
    }
    net.deliverAll();
    assertEquals(50, alice.data.size());
    assertTrue(probe.current(b).uses >= 50);
    assertTrue(bob.events(ZsspEvent.SessionClosed.class).isEmpty());

    net.dropRule = d -> false;
    net.run(1_000, 500); // Bob's C1 resend, Alice's C2: Bob enters S2
    assertEquals(SessionState.S2, b.state());
    assertEquals(SessionState.S2, a.state());
    int sends = 0;
    while (a.state() == SessionState.S2) {
      assertTrue(probe.current(a).uses < 5, "still S2 at " + probe.current(a).uses + " uses");
      a.send(new byte[] {7}, 0, 1);
      sends++;
    }
    assertEquals(SessionState.R1, a.state());
    assertTrue(sends <= 5);
    net.deliverAll();
    assertEquals(SessionState.S2, a.state(), alice.log());
    assertEquals(SessionState.S2, b.state(), bob.log());
    assertEquals(1, alice.events(ZsspEvent.Rekeyed.class).size());
    assertEquals(1, bob.events(ZsspEvent.Rekeyed.class).size());
    assertEquals(alice.stored(bob), bob.stored(alice));
    assertEquals(2, alice.stored(bob).state1().chainLength());
  }

  /**
   * ZSSP-SPEC §9.4 rows 4 and 5 (T19): a ratchet write that fails during a KK rekey, at the K1
   * responder (row 4) or the K2 initiator (row 5), expires the session as RATCHET_STORE_FAILURE
   * (like row 3), not as REKEY_FAILED, which is for a K1/K2 that fails inside; the stored record is
   * left as it was, and a new handshake then works.
   */
  @Test
  void rekeyStoreFailure_expiresAsRatchetStoreFailure_atRow4AndRow5() throws Exception {
    for (boolean atResponder : new boolean[] {true, false}) {
      ZsspSettings five = ZsspSettings.builder().rekeyAfterKeyUses(5).build();
      int base = atResponder ? 10 : 20;
      TestPeer alice = net.peer("alice" + base, base + 1, five, b -> {});
      TestPeer bob = net.peer("bob" + base, base + 2, five, b -> {});
      Session a = TestPeer.establish(alice, bob);
      net.run(1_000, 500); // C1/C2 settle: both in S2
      Session b = bob.session();
      assertEquals(SessionState.S2, b.state(), bob.log());
      TestPeer failing = atResponder ? bob : alice;
      Session failed = atResponder ? b : a;
      var before = failing.stored(atResponder ? alice : bob);
      failing.store.failNextCas = 1;
      while (a.state() == SessionState.S2) {
        a.send(new byte[] {7}, 0, 1); // Alice's use trigger: K1
      }
      net.deliverAll();
      assertClosed(failing, failed, CloseReason.RATCHET_STORE_FAILURE);
      assertTrue(
          failing.events(ZsspEvent.SessionClosed.class).stream()
              .noneMatch(e -> e.reason() == CloseReason.REKEY_FAILED),
          failing.log());
      assertEquals(before, failing.stored(atResponder ? alice : bob), "record unchanged");
    }
  }

  /**
   * B9 — no 2^32 − 1 per-key limit. A key set that has been used 2^32 − 1 times must not encrypt
   * again: the next send expires the session with KEY_EXHAUSTED and sends nothing. One use below
   * the limit, one more packet still goes out.
   */
  @Test
  void b09_hardKeyLimit_expiresWithoutSending() throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer bob = net.peer("bob", 2);
    Session a = alice.open(bob);
    net.dropRule = d -> d.from().equals(alice.address) && d.isControl(); // Bob stays in S1
    net.deliverAll();
    Session b = bob.session();
    probe.current(b).uses = ProtocolConstants.EXPIRE_AFTER_KEY_USES - 1;
    b.send(new byte[] {1}, 0, 1);
    net.deliverAll();
    assertEquals(1, alice.data.size(), "the 2^32-1st use is allowed");
    assertEquals(SessionState.S1, b.state());

    long counter = probe.sendCounter(b);
    int sent = net.sent.size();
    b.send(new byte[] {2}, 0, 1);
    assertEquals(sent, net.sent.size(), "nothing sent");
    assertEquals(counter, probe.sendCounter(b));
    assertClosed(bob, b, CloseReason.KEY_EXHAUSTED);

    probe.current(a).uses = ProtocolConstants.EXPIRE_AFTER_KEY_USES;
    a.send(new byte[] {3}, 0, 1);
    assertEquals(sent, net.sent.size(), "nothing sent");
    assertClosed(alice, a, CloseReason.KEY_EXHAUSTED);
  }

  /**
   * B13 — re-entrancy. Callbacks call back into the context: Bob sends from inside
   * SessionEstablished and runs service(); Alice answers data from inside onData and closes her
   * session from inside a later onData. Nothing deadlocks, throws or is counted INTERNAL_ERROR.
   */
  @Test
  void b13_reentrantCallbacks_work() {
    assertTimeoutPreemptively(
        Duration.ofSeconds(60),
        () -> {
          TestPeer alice = net.peer("alice", 1);
          TestPeer bob = net.peer("bob", 2);
          bob.onEventHook =
              e -> {
                if (e instanceof ZsspEvent.SessionEstablished est) {
                  send(est.session(), "welcome");
                  bob.ctx.service();
                  assertEquals(1, bob.ctx.sessions().size());
                }
              };
          alice.onEventHook =
              e -> {
                if (e instanceof ZsspEvent.SessionEstablished est) {
                  send(est.session(), "hello");
                  alice.ctx.service();
                }
              };
          alice.onDataHook =
              (s, d) -> {
                String text = new String(d);
                if (text.equals("welcome")) {
                  send(s, "echo " + text);
                } else if (text.equals("bye")) {
                  s.close();
                  alice.ctx.service();
                }
              };
          Session a = alice.open(bob);
          net.deliverAll();
          assertEquals(SessionState.S2, a.state(), alice.log());
          List<String> atBob = bob.data.stream().map(String::new).toList();
          assertEquals(List.of("hello", "echo welcome"), atBob, alice.log() + "; " + bob.log());
          send(bob.session(), "bye");
          net.deliverAll();
          assertEquals(SessionState.CLOSED, a.state());
          assertEquals(0, alice.drops(DropReason.INTERNAL_ERROR), alice.log());
          assertEquals(0, bob.drops(DropReason.INTERNAL_ERROR), bob.log());
        });
  }

  private static void send(Session s, String text) {
    try {
      s.send(text.getBytes(), 0, text.length());
    } catch (DataTooLargeException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * B14 — truncating write of received data. A payload of exactly 48·(MTU − 16) − 16 bytes is
   * delivered whole in both directions; one byte more is refused with DataTooLargeException.
   */
  @ParameterizedTest(name = "mtu={0}")
  @ValueSource(ints = {128, 1500})
  void b14_maximumPayload_deliveredWhole(int mtu) throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer bob = net.peer("bob", 2, ZsspSettings.DEFAULTS, b -> b.mtu(mtu));
    Session a = alice.open(bob, OpenOptions.builder().mtu(mtu).build());
    net.deliverAll();
    Session b = bob.session();
    int max = 48 * (mtu - 16) - 16;
    assertEquals(max, a.maxPayloadSize());
    assertEquals(max, b.maxPayloadSize());
    byte[] payload = new byte[max];
    new Random(mtu).nextBytes(payload);
    a.send(payload, 0, max);
    b.send(payload, 0, max);
    net.deliverAll();
    assertArrayEquals(payload, bob.data.get(0));
    assertArrayEquals(payload, alice.data.get(0));
    assertTrue(net.sent.stream().allMatch(d -> d.length() <= mtu), "datagrams within the MTU");
    assertThrows(DataTooLargeException.class, () -> a.send(new byte[max + 1], 0, max + 1));
  }

  /**
   * B15 — stale keys kept during R1. After a first rekey Alice keeps the previous key set for
   * receiving (a late packet to it is delivered). Entering R1 again must retire it at once: its
   * recv kid is unregistered (a late packet is dropped UNKNOWN_KEY_ID) and its keys destroyed.
   */
  @Test
  void b15_enteringR1_retiresPreviousKeySet() throws Exception {
    TestPeer alice = net.peer("alice", 1, FAST_REKEY, b -> {});
    TestPeer bob = net.peer("bob", 2);
    Session a = TestPeer.establish(alice, bob);
    Session b = bob.session();
    send(b, "late-1");
    send(b, "late-2");
    List<TestNetwork.Datagram> late = net.take(d -> d.from().equals(bob.address));
    assertEquals(2, late.size());

    net.run(61_000, 500); // rekey 1, started by Alice
    assertEquals(SessionState.S2, a.state(), alice.log());
    assertEquals(1, alice.events(ZsspEvent.Rekeyed.class).size());
    KeySet previous = probe.other(a);
    assertFalse(probe.otherIsNext(a));
    net.deliver(late.get(0));
    assertEquals("late-1", new String(alice.data.get(0)), "previous set still receives");

    for (int i = 0; i < 200 && a.state() == SessionState.S2; i++) {
      net.now += 500;
      alice.ctx.service(); // K1 is queued, not delivered
    }
    assertEquals(SessionState.R1, a.state());
    assertNotSame(previous, probe.other(a));
    assertTrue(probe.otherIsNext(a));
    assertNull(previous.kekRecv);
    assertNull(previous.nkRecv);
    assertNull(previous.kekSend);
    assertNull(previous.nkSend);
    long unknown = alice.drops(DropReason.UNKNOWN_KEY_ID);
    net.deliver(late.get(1));
    assertEquals(unknown + 1, alice.drops(DropReason.UNKNOWN_KEY_ID));
    assertEquals(1, alice.data.size());

    net.deliverAll(); // rekey 2 completes
    assertEquals(SessionState.S2, a.state(), alice.log());
    assertEquals(SessionState.S2, b.state(), bob.log());
  }

  /**
   * B22 — a counter is consumed before the "too large" check. A DataTooLargeException send takes no
   * counter and sends nothing; the next packet carries the next counter (read from its decrypted
   * header) and is accepted.
   */
  @Test
  void b22_dataTooLarge_consumesNoCounter() throws Exception {
    TestPeer alice = net.peer("alice", 1);
    TestPeer bob = net.peer("bob", 2);
    Session a = TestPeer.establish(alice, bob);
    Session b = bob.session();
    long counter = probe.sendCounter(a);
    long uses = probe.current(a).uses;
    int sent = net.sent.size();
    int tooBig = a.maxPayloadSize() + 1;
    assertThrows(DataTooLargeException.class, () -> a.send(new byte[tooBig], 0, tooBig));
    assertEquals(counter, probe.sendCounter(a));
    assertEquals(uses, probe.current(a).uses);
    assertEquals(sent, net.sent.size());

    send(a, "ok");
    assertEquals(counter + 1, probe.sendCounter(a));
    byte[] d = net.sent.get(net.sent.size() - 1).bytes().clone();
    probe.hkRecv(b).processBlock(d, 4, d, 4);
    assertEquals(PacketType.P, FragmentHeader.type(d, 0));
    assertEquals(counter, FragmentHeader.counter(d, 0));
    net.deliverAll();
    assertEquals("ok", new String(bob.data.get(0)));
  }
}
