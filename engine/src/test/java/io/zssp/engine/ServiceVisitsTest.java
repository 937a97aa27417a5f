package io.zssp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.Session;
import io.zssp.api.SessionState;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code service()} touches only due work (ZSSP-SPEC §15.5): with many established, idle sessions a
 * context's service calls visit none of them, and its next deadline is the earliest rekey, not
 * "now" (once their AES contexts have been released as idle). The count comes from the context's
 * own visit counter.
 */
class ServiceVisitsTest {
  @Test
  void idleSessions_areNotVisited_andDoNotMakeServiceCostMore() throws Exception {
    assertEquals(0, visitsWhileIdle(5));
    assertEquals(0, visitsWhileIdle(60));
  }

  /** Establishes {@code n} sessions to one Bob, lets them settle, then counts Bob's visits. */
  private static long visitsWhileIdle(int n) throws Exception {
    TestNet net = new TestNet();
    TestNet.Peer bob = net.peer("bob", 0);
    List<Session> sessions = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      sessions.add(net.establish(net.peer("alice" + i, i), bob));
    }
    assertEquals(n, bob.ctx.sessions().size());
    settle(net);
    long before = bob.ctx.sessionsServiced();
    for (int i = 0; i < 1_000; i++) {
      net.advance(10); // ten seconds of service calls
    }
    long next = bob.ctx.service();
    assertTrue(
        next - net.now.get() > 40 * 60_000L,
        "next deadline in " + (next - net.now.get()) + " ms, expected the rekey (50-60 min)");
    for (Session s : sessions) {
      assertEquals(SessionState.S2, s.state());
    }
    return bob.ctx.sessionsServiced() - before;
  }

  /**
   * Lets freshly established sessions become idle: each last transition (S1 → S2) left an earlier
   * deadline in the heap (one visit puts it at the real, rekey, deadline), and two idle-cipher
   * checks later (the first still sees the handshake's use, the second releases) no AES context
   * remains.
   */
  private static void settle(TestNet net) {
    long idle = EngineLimits.DEFAULTS.idleCipherReleaseMillis();
    for (long t = 0; t < 2 * idle + 2_000; t += 1_000) {
      net.advance(1_000);
    }
  }

  @Test
  void oneBusySession_amongIdleOnes_isTheOnlyOneVisited() throws Exception {
    TestNet net = new TestNet();
    TestNet.Peer bob = net.peer("bob", 0);
    for (int i = 1; i <= 30; i++) {
      net.establish(net.peer("alice" + i, i), bob);
    }
    settle(net);
    TestNet.Peer late = net.peer("late", 99);
    late.open(bob);
    while (bob.ctx.sessions().size() == 30) { // X1, X2, X3: Bob's new session is in S1
      net.deliverOne();
    }
    net.queue.clear(); // its C1 is lost
    long before = bob.ctx.sessionsServiced();
    for (int i = 0; i < 5; i++) {
      net.advance(1_000);
      net.queue.clear(); // every resend lost too
    }
    long visits = bob.ctx.sessionsServiced() - before;
    assertTrue(visits >= 5 && visits <= 6, "visits " + visits + ": only the S1 session is due");
  }
}
