package io.zssp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.ContextStats;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code stats()} of an engine with handshake workers (issue 12): the queue depth and the
 * handshakes in flight are visible while the only worker is held in public-key work, and handshakes
 * cut short by {@code close()} are accounted for, so that started = completed + failed once
 * everything has run.
 */
class EngineStatsTest {
  private final TestNet net = new TestNet();
  private GatedCrypto gate;

  @AfterEach
  void openTheGate() {
    if (gate != null) {
      gate.release.countDown();
    }
  }

  private TestNet.Peer bob(int queue) {
    gate = new GatedCrypto();
    EngineLimits limits = EngineLimits.builder().handshakeWorkers(1).handshakeQueue(queue).build();
    return net.peer("bob", TestNet.address(1), gate, b -> {}, limits);
  }

  private Session helloFrom(int n, TestNet.Peer bob) throws Exception {
    TestNet.Peer p = net.peer("carol" + n, 100 + n);
    Session s = p.open(bob);
    net.deliver(net.take());
    return s;
  }

  @Test
  void queueDepthAndHandshakesInFlight_visibleWhileTheWorkerIsHeld() throws Exception {
    TestNet.Peer bob = bob(4);
    gate.armP384();
    Session c1 = helloFrom(1, bob); // its X1 is on the worker, held inside public-key work
    assertTrue(gate.entered.await(10, TimeUnit.SECONDS));
    Session c2 = helloFrom(2, bob);
    Session c3 = helloFrom(3, bob);
    ContextStats s = bob.ctx.stats();
    assertEquals(2, s.handshakeQueueDepth(), s.toString());
    assertEquals(1, s.handshakesStarted(), "only the X1 in public-key work has started");
    assertEquals(0, s.handshakesCompleted() + s.handshakesFailed());
    assertEquals(0, s.halfOpen());

    gate.release.countDown();
    net.settle();
    s = bob.ctx.stats();
    assertEquals(0, s.handshakeQueueDepth());
    assertEquals(3, s.handshakesStarted());
    assertEquals(3, s.handshakesCompleted());
    assertEquals(0, s.handshakesFailed());
    assertEquals(3, s.sessionsByState().get(SessionState.S2), s.toString());
    for (Session c : List.of(c1, c2, c3)) {
      assertEquals(SessionState.S2, c.state());
    }
    for (Session b : bob.ctx.sessions()) {
      assertTrue(b.handshakeMillis() >= 0, "set at establishment: " + b.handshakeMillis());
    }
  }

  @Test
  void handshakesCutShortByClose_areCountedAsFailed() throws Exception {
    TestNet.Peer bob = bob(8);
    TestNet.Peer alice = net.peer("alice", 2);
    Session a = alice.open(bob);
    net.deliver(net.take()); // X1
    assertTrue(bob.ctx.workers.awaitIdle(10_000));
    net.deliver(net.take()); // X2; Alice's X3 is held back
    List<Object[]> x3 = net.take();

    gate.armP384();
    helloFrom(1, bob); // held on the worker: started
    assertTrue(gate.entered.await(10, TimeUnit.SECONDS));
    helloFrom(2, bob); // queued: not started
    net.deliver(x3); // claims Alice's B2 entry and queues its completion
    assertEquals(2, bob.ctx.stats().handshakeQueueDepth());
    assertEquals(2, bob.ctx.stats().handshakesStarted());
    bob.ctx.close();
    gate.release.countDown();
    assertTrue(bob.ctx.workers.awaitIdle(10_000));

    ContextStats s = bob.ctx.stats();
    assertEquals(2, s.handshakesStarted(), s.toString());
    assertEquals(0, s.handshakesCompleted());
    assertEquals(2, s.handshakesFailed(), "Alice's (X3 after close) and carol1's (B2 refused)");
    assertEquals(0, s.halfOpen());
    assertEquals(0, s.handshakeQueueDepth());
    assertEquals(0, s.liveSessions());
    assertEquals(bob.ctx.dropCounts(), s.drops());
    assertEquals(SessionState.A3, a.state());
  }
}
