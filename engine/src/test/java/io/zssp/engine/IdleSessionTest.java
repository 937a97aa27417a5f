package io.zssp.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.Session;
import io.zssp.api.SessionState;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * An idle session keeps only key bytes (issue 9, lean sessions): its AES contexts and the decoded
 * peer key are dropped after {@link EngineLimits#idleCipherReleaseMillis()} without use, and come
 * back on the next packet, which still goes through in both directions.
 */
class IdleSessionTest {
  private final TestNet net = new TestNet();

  private static EngineSession engine(Session s) {
    return (EngineSession) s;
  }

  private static boolean holdsContexts(EngineSession s) {
    return LeanAes.anyLive(s.hkSend, s.hkRecv, s.current, s.other);
  }

  private void exchange(TestNet.Peer alice, Session a, TestNet.Peer bob, String text)
      throws Exception {
    Session b = bob.sessionWith(alice);
    byte[] m = text.getBytes(StandardCharsets.UTF_8);
    int before = bob.data.size();
    a.send(m, 0, m.length);
    b.send(m, 0, m.length);
    net.deliverAll();
    assertEquals(before + 1, bob.data.size());
    assertArrayEquals(m, bob.data.get(bob.data.size() - 1));
    assertArrayEquals(m, alice.data.get(alice.data.size() - 1));
  }

  @Test
  void idleSession_releasesContexts_andResumesOnTheNextPacket() throws Exception {
    TestNet.Peer alice = net.peer("alice", 1);
    TestNet.Peer bob = net.peer("bob", 2);
    Session a = net.establish(alice, bob);
    Session b = bob.sessionWith(alice);
    exchange(alice, a, bob, "before");
    assertTrue(holdsContexts(engine(a)) && holdsContexts(engine(b)));

    net.advance(EngineLimits.DEFAULTS.idleCipherReleaseMillis() / 2);
    assertTrue(holdsContexts(engine(a)), "used within the interval: kept");
    net.advance(EngineLimits.DEFAULTS.idleCipherReleaseMillis() + 1);
    net.advance(EngineLimits.DEFAULTS.idleCipherReleaseMillis() + 1);
    assertFalse(holdsContexts(engine(a)), "idle: released");
    assertFalse(holdsContexts(engine(b)), "idle: released");
    assertEquals(Long.MAX_VALUE, engine(a).cipherCheckAt, "no timer for a session holding none");

    assertEquals(alice.key.publicKey(), b.remoteStaticKey(), "decoded again, equal");
    exchange(alice, a, bob, "after");
    assertTrue(holdsContexts(engine(a)) && holdsContexts(engine(b)));
    assertNotEquals(Long.MAX_VALUE, engine(a).cipherCheckAt, "armed again by the traffic");
    assertEquals(SessionState.S2, a.state());
    assertEquals(SessionState.S2, b.state());
  }

  @Test
  void idleSession_rekeysAndKeepsTalking() throws Exception {
    TestNet.Peer alice = net.peer("alice", 1);
    TestNet.Peer bob = net.peer("bob", 2);
    Session a = net.establish(alice, bob);
    for (int i = 0; i < 3; i++) {
      net.advance(EngineLimits.DEFAULTS.idleCipherReleaseMillis() + 1);
    }
    assertFalse(holdsContexts(engine(a)));
    int kidBefore = engine(a).current.recvKid;
    // Past the rekey time: the timer fires on a session that holds no contexts.
    long rekeyAfter = alice.ctx.settings.rekeyAfterMillis();
    for (long t = 0; t < rekeyAfter + 60_000; t += 30_000) {
      net.advance(30_000);
      net.deliverAll();
    }
    assertEquals(SessionState.S2, a.state());
    assertNotEquals(kidBefore, engine(a).current.recvKid, "a new key generation");
    exchange(alice, a, bob, "after a rekey");
  }
}
