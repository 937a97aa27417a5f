package io.zssp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.ChallengePolicy;
import io.zssp.api.DropReason;
import io.zssp.api.ProtocolConstants;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspEvent;
import io.zssp.wire.Fragmenter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The handshake worker pool (issue 10 item 3): public-key work for X1 and X3 runs off the receiving
 * thread on a bounded pool; established sessions flow while it is busy; a full queue drops at once
 * and counts; copies of a queued X1 cost nothing; a busy queue engages the UNDER_LOAD challenge.
 */
class HandshakeWorkersTest {
  private final TestNet net = new TestNet();
  private GatedCrypto gate;

  @AfterEach
  void openTheGate() {
    if (gate != null) {
      gate.release.countDown();
    }
  }

  private TestNet.Peer bob(int workers, int queue, ChallengePolicy policy) {
    gate = new GatedCrypto();
    EngineLimits limits =
        EngineLimits.builder().handshakeWorkers(workers).handshakeQueue(queue).build();
    return net.peer("bob", TestNet.address(1), gate, b -> b.challengePolicy(policy), limits);
  }

  /** Opens from a new peer and delivers its X1 to {@code bob} (returns the initiator's session). */
  private Session helloFrom(int n, TestNet.Peer bob) throws Exception {
    TestNet.Peer p = net.peer("carol" + n, 100 + n);
    Session s = p.open(bob);
    net.deliver(net.take());
    return s;
  }

  @Test
  void handshakesRunOnTheWorkers_andComplete() throws Exception {
    TestNet.Peer bob = bob(2, 16, ChallengePolicy.OFF);
    List<String> threads = new CopyOnWriteArrayList<>();
    bob.onEventHook =
        e -> {
          if (e instanceof ZsspEvent.SessionEstablished) {
            threads.add(Thread.currentThread().getName());
          }
        };
    TestNet.Peer alice = net.peer("alice", 2);
    Session a = alice.open(bob);
    net.settle();
    assertEquals(SessionState.S2, a.state(), alice.events.toString());
    assertEquals(1, threads.size());
    assertTrue(threads.get(0).startsWith("zssp-handshake-"), threads.get(0));
    assertEquals(0L, bob.drops(DropReason.INTERNAL_ERROR));
  }

  @Test
  void establishedSessionsFlow_whileAWorkerIsStuckInPublicKeyWork() throws Exception {
    TestNet.Peer bob = bob(1, 16, ChallengePolicy.OFF);
    TestNet.Peer alice = net.peer("alice", 2);
    Session a = alice.open(bob);
    net.settle();
    assertEquals(SessionState.S2, a.state());

    gate.armP384();
    Session c = helloFrom(1, bob); // Bob's worker now sits in the middle of its key generation
    assertTrue(gate.entered.await(10, TimeUnit.SECONDS));
    for (int i = 0; i < 20; i++) {
      byte[] m = ("m" + i).getBytes(StandardCharsets.UTF_8);
      a.send(m, 0, m.length);
    }
    net.deliverAll(); // on this thread, while the worker is stuck
    assertEquals(20, bob.data.size(), "payloads delivered while the handshake work waits");
    assertEquals(SessionState.A1, c.state());

    gate.release.countDown();
    net.settle();
    assertEquals(SessionState.S2, c.state());
  }

  @Test
  void fullQueue_dropsX1AndX3AtOnce_andTheResendsGetThrough() throws Exception {
    TestNet.Peer bob = bob(1, 2, ChallengePolicy.OFF);
    TestNet.Peer alice = net.peer("alice", 2);
    Session a = alice.open(bob);
    net.deliver(net.take()); // X1
    assertTrue(bob.ctx.workers.awaitIdle(10_000));
    net.deliver(net.take()); // X2; Alice answers with X3, held back here
    List<Object[]> x3 = net.take();
    assertTrue(!x3.isEmpty());

    gate.armP384();
    Session c1 = helloFrom(1, bob); // on the worker, stuck
    assertTrue(gate.entered.await(10, TimeUnit.SECONDS));
    Session c2 = helloFrom(2, bob); // queued
    Session c3 = helloFrom(3, bob); // queued: the queue (2) is full
    Session c4 = helloFrom(4, bob);
    assertEquals(1L, bob.drops(DropReason.HANDSHAKE_QUEUE_FULL), "c4's X1, at once");
    net.deliver(x3);
    assertEquals(2L, bob.drops(DropReason.HANDSHAKE_QUEUE_FULL), "Alice's X3, at once");
    assertEquals(2, bob.ctx.workers.queued(), "never more than the queue holds");
    assertEquals(1, bob.ctx.halfOpenCount(), "Alice's B2 entry was given back, not lost");

    gate.release.countDown();
    net.settle();
    List<Session> all = List.of(a, c1, c2, c3, c4);
    for (int i = 0; i < 10 && all.stream().anyMatch(s -> s.state() != SessionState.S2); i++) {
      net.advance(1000); // the initiators' resend timers (an X3 may meet a full queue again)
      net.settle();
    }
    assertEquals(SessionState.S2, c1.state());
    assertEquals(SessionState.S2, c2.state());
    assertEquals(SessionState.S2, c3.state());
    assertEquals(SessionState.S2, a.state(), "Alice's resent X3 completed the handshake");
    assertEquals(SessionState.S2, c4.state(), "c4's resent X1 completed the handshake");
    assertEquals(0L, bob.drops(DropReason.INTERNAL_ERROR));
  }

  @Test
  void copiesOfAQueuedX1_areDroppedWithoutPublicKeyWork() throws Exception {
    TestNet.Peer bob = bob(1, 16, ChallengePolicy.OFF);
    gate.armP384();
    Session c1 = helloFrom(1, bob); // stuck on the worker
    assertTrue(gate.entered.await(10, TimeUnit.SECONDS));
    TestNet.Peer alice = net.peer("alice", 2);
    Session a = alice.open(bob);
    List<Object[]> x1 = net.take();
    for (int i = 0; i < 5; i++) {
      net.deliver(x1);
    }
    List<Object[]> elsewhere = new ArrayList<>();
    for (Object[] d : x1) {
      elsewhere.add(new Object[] {TestNet.address(77), d[1], d[2]});
    }
    net.deliver(elsewhere);
    assertEquals(5L, bob.drops(DropReason.DUPLICATE_HELLO), "every copy but the first");
    assertEquals(1, bob.ctx.workers.queued(), "one task for six copies");

    gate.release.countDown();
    bob.ctx.workers.awaitIdle(10_000);
    long x2s = net.queue.stream().filter(d -> d[1].equals(alice.address)).count();
    int fragments = Fragmenter.fragmentCount(ProtocolConstants.X2_SIZE_IN_BYTES, 1500);
    assertEquals(fragments, x2s, "one X2 for Alice");
    net.settle();
    assertEquals(SessionState.S2, a.state());
    assertEquals(SessionState.S2, c1.state());
  }

  @Test
  void aBusyQueue_engagesTheUnderLoadChallenge() throws Exception {
    TestNet.Peer bob = bob(1, 2, ChallengePolicy.UNDER_LOAD);
    gate.armP384();
    helloFrom(1, bob); // stuck on the worker
    assertTrue(gate.entered.await(10, TimeUnit.SECONDS));
    helloFrom(2, bob); // queued: half of the queue
    assertEquals(0L, bob.drops(DropReason.CHALLENGE_ISSUED));
    Session c3 = helloFrom(3, bob);
    assertEquals(1L, bob.drops(DropReason.CHALLENGE_ISSUED), "challenged, not queued");
    assertEquals(1, bob.ctx.workers.queued());
    gate.release.countDown();
    net.settle(); // c3 solves the challenge
    net.advance(1000); // and sends the answer with its next X1 resend
    net.settle();
    assertEquals(SessionState.S2, c3.state());
  }

  @Test
  void closingWithQueuedHandshakes_leavesNothingBehind() throws Exception {
    TestNet.Peer bob = bob(1, 8, ChallengePolicy.OFF);
    TestNet.Peer alice = net.peer("alice", 2);
    Session a = alice.open(bob);
    net.deliver(net.take());
    assertTrue(bob.ctx.workers.awaitIdle(10_000));
    net.deliver(net.take());
    List<Object[]> x3 = net.take();

    gate.armP384();
    helloFrom(1, bob);
    assertTrue(gate.entered.await(10, TimeUnit.SECONDS));
    helloFrom(2, bob);
    net.deliver(x3); // claims Alice's B2 entry and queues its completion
    assertEquals(2, bob.ctx.workers.queued());
    bob.ctx.close();
    gate.release.countDown();
    assertTrue(bob.ctx.workers.awaitIdle(10_000));
    assertEquals(0, bob.ctx.halfOpenCount());
    assertEquals(0, bob.ctx.kids.size(), "every key id released");
    assertTrue(bob.ctx.sessions().isEmpty());
    assertTrue(bob.drops(DropReason.CONTEXT_CLOSED) >= 2, bob.ctx.dropCounts().toString());
    assertEquals(0L, bob.drops(DropReason.INTERNAL_ERROR));
    assertEquals(SessionState.A3, a.state());
  }

  @Test
  void aFatalErrorOnAWorker_failsTheContext_soItsTransportCloses() throws Exception {
    TestNet.Peer bob = bob(1, 16, ChallengePolicy.OFF);
    gate.p384Failure = new OutOfMemoryError("test: out of memory on a handshake worker");
    helloFrom(1, bob); // the worker's public-key work throws OutOfMemoryError
    bob.ctx.workers.awaitIdle(10_000);
    OutOfMemoryError e = assertThrows(OutOfMemoryError.class, bob.ctx::service);
    assertTrue(e.getMessage().contains("handshake worker"), e.getMessage());
    byte[] d = new byte[100];
    assertThrows(OutOfMemoryError.class, () -> bob.ctx.receive(TestNet.address(9), d, 0, d.length));
  }
}
