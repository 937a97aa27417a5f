package io.zssp.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.DropReason;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspEvent;
import org.junit.jupiter.api.Test;

/**
 * The optional responder session caps (issue 10, memory against authenticated peers): an X3 beyond
 * a cap is refused as a rejection, counted, and leaves the ratchet untouched, so the peer's next
 * accepted session continues its chain without a downgrade.
 */
class SessionQuotaTest {
  private final TestNet net = new TestNet();

  @Test
  void perPeerCap_refusesTheThirdSession_andTheRatchetChainSurvives() throws Exception {
    EngineLimits limits = EngineLimits.builder().maxResponderSessionsPerPeer(2).build();
    TestNet.Peer bob = net.peer("bob", TestNet.address(1), limits);
    TestNet.Peer alice = net.peer("alice", 2);
    Session a1 = net.establish(alice, bob);
    Session a2 = net.establish(alice, bob);
    Session a3 = alice.open(bob);
    net.deliverAll();
    assertEquals(SessionState.CLOSED, a3.state(), "refused: " + alice.events);
    assertTrue(alice.events.stream().anyMatch(e -> e instanceof ZsspEvent.SessionRejected));
    assertEquals(1L, bob.drops(DropReason.SESSION_LIMIT));
    assertEquals(2, bob.ctx.sessions().size());
    assertEquals(2, bob.ctx.sessionQuota.total());

    a1.close();
    bob.ctx.sessions().get(0).close(); // Bob makes room (a close is not signalled to the peer)
    Session a4 = net.establish(alice, bob);
    assertEquals(SessionState.S2, a4.state());
    ZsspEvent.SessionEstablished last = null;
    for (ZsspEvent e : bob.events) {
      if (e instanceof ZsspEvent.SessionEstablished) {
        last = (ZsspEvent.SessionEstablished) e;
      }
    }
    assertFalse(last.downgraded(), "the refused X3 did not advance Bob's ratchet");
    assertEquals(
        3,
        bob.store.load(alice.key.publicKey().encoded()).state1().chainLength(),
        "Bob's chain: a1, a2, a4 (the refused a3 wrote nothing)");
    assertEquals(
        bob.store.load(alice.key.publicKey().encoded()).state1(),
        alice.store.load(bob.key.publicKey().encoded()).state1(),
        "the two sides' ratchets agree");
    assertEquals(SessionState.S2, a2.state());
  }

  @Test
  void contextCap_countsEveryPeer_andGivesPlacesBackOnClose() throws Exception {
    EngineLimits limits = EngineLimits.builder().maxResponderSessions(3).build();
    TestNet.Peer bob = net.peer("bob", TestNet.address(1), limits);
    for (int i = 0; i < 3; i++) {
      net.establish(net.peer("alice" + i, 10 + i), bob);
    }
    TestNet.Peer late = net.peer("late", 20);
    Session refused = late.open(bob);
    net.deliverAll();
    assertEquals(SessionState.CLOSED, refused.state());
    assertEquals(1L, bob.drops(DropReason.SESSION_LIMIT));
    bob.ctx.sessions().get(0).close();
    assertEquals(2, bob.ctx.sessionQuota.total());
    assertEquals(SessionState.S2, net.establish(late, bob).state());
    assertEquals(3, bob.ctx.sessionQuota.total());
    bob.ctx.close();
    assertEquals(0, bob.ctx.sessionQuota.total(), "every place given back");
  }

  @Test
  void withoutPerPeerCap_onlyTheTotalIsCounted_andPlacesComeBackExactlyOnce() {
    SessionQuota quota = new SessionQuota(2, Integer.MAX_VALUE);
    byte[] peer = new byte[49];
    assertTrue(quota.reserve(peer));
    assertTrue(quota.reserve(peer)); // no per-peer cap: the same peer twice
    assertFalse(quota.reserve(new byte[49])); // the context cap
    quota.release(peer);
    quota.release(peer);
    assertEquals(0, quota.total());
    assertThrows(IllegalStateException.class, () -> quota.release(peer));
  }

  @Test
  void withPerPeerCap_eachPeerIsCountedOnItsOwn() {
    SessionQuota quota = new SessionQuota(Integer.MAX_VALUE, 1);
    byte[] a = new byte[49];
    byte[] b = new byte[49];
    b[0] = 1;
    assertTrue(quota.reserve(a));
    assertFalse(quota.reserve(a.clone()));
    assertTrue(quota.reserve(b));
    quota.release(a);
    assertTrue(quota.reserve(a));
    assertEquals(2, quota.total());
    assertThrows(IllegalStateException.class, () -> quota.release(new byte[] {9}));
  }
}
