package io.zssp.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.AcceptDecision;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.RatchetStore;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspEvent;
import io.zssp.api.ZsspSettings;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Restart of one side with strict security flags on everywhere (π1 at Bob, π2 at Alice, π3 in Bob's
 * accept decision), the peers introduced by a one-time password: Bob's ratchet state must come back
 * from a store that outlives the endpoint, or Alice is not served at all.
 */
@Timeout(60)
class UdpEndpointRestartTest {
  private static final int MTU = 1400;
  private UdpTestPeer alice;
  private UdpTestPeer bob;

  @AfterEach
  void closeAll() {
    alice.close();
    bob.close();
  }

  /** Introduces alice and bob, makes both strict and runs a first session (chain advanced). */
  private Session firstSession(RatchetStore bobStore) throws Exception {
    alice = new UdpTestPeer("alice");
    bob = new UdpTestPeer("bob", bobStore);
    UdpTestPeer.introduce(alice, bob);
    bob.requireRecognizedRatchet = true;
    bob.acceptDecision = AcceptDecision.accept(/* π3 */ true, /* π4 */ false, null);
    bob.start(MTU);
    alice.start(MTU);
    Session a = alice.open(bob, bob.endpoint.localAddress(), MTU, /* π2 */ true);
    awaitStrictSession(a);
    assertTrue(alice.chainLength(bob) > 1, "chain did not advance past the OTP ratchet");
    return a;
  }

  /** Waits for {@code a} and Bob's side to establish without any downgrade; exchanges data. */
  private void awaitStrictSession(Session a) throws Exception {
    ZsspEvent.SessionEstablished atAlice =
        alice.awaitEvent(ZsspEvent.SessionEstablished.class, e -> e.session() == a, 10_000);
    ZsspEvent.SessionEstablished atBob =
        bob.awaitEvent(ZsspEvent.SessionEstablished.class, e -> true, 10_000);
    assertFalse(atAlice.downgraded(), alice.log());
    assertFalse(atBob.downgraded(), bob.log());
    assertTrue(alice.events(ZsspEvent.DowngradeWarning.class).isEmpty(), alice.log());
    UdpTestPeer.waitUntil(() -> a.state() == SessionState.S2, 5_000, alice::log);
    a.send(new byte[] {1}, 0, 1);
    assertArrayEquals(new byte[] {1}, bob.data.poll(5, TimeUnit.SECONDS), bob.log());
    atBob.session().send(new byte[] {2}, 0, 1);
    assertArrayEquals(new byte[] {2}, alice.data.poll(5, TimeUnit.SECONDS), alice.log());
    assertEquals(alice.chainLength(bob), bob.chainLength(alice));
  }

  /** Closes Bob's endpoint and starts a new one on the same port with the same key and store. */
  private InetSocketAddress restartBob() throws Exception {
    InetSocketAddress address = bob.endpoint.localAddress();
    bob.endpoint.close();
    assertFalse(bob.endpoint.isRunning());
    bob.events.clear();
    bob.start(address, ZsspSettings.DEFAULTS, MTU, UdpEndpointOptions.DEFAULTS);
    assertEquals(address, bob.endpoint.localAddress());
    return address;
  }

  @Test
  void restart_bobReloadsRatchetFromSurvivingStore_strictReopenEstablishesAndChainAdvances()
      throws Exception {
    Session first = firstSession(new InMemoryRatchetStore());
    long chainBefore = alice.chainLength(bob);

    InetSocketAddress bobAddress = restartBob();
    first.close();
    Session second = alice.open(bob, bobAddress, MTU, /* π2 */ true);

    awaitStrictSession(second);
    assertNotEquals(first, second);
    assertTrue(
        alice.chainLength(bob) > chainBefore,
        "chain " + chainBefore + " -> " + alice.chainLength(bob));
    assertEquals(alice.chainLength(bob), bob.chainLength(alice));
  }

  @Test
  void restart_bobLostItsStore_strictAliceIsNotServed() throws Exception {
    Session first = firstSession(new InMemoryRatchetStore());
    InetSocketAddress bobAddress = bob.endpoint.localAddress();
    bob.endpoint.close();
    // Same identity and port, empty store: it recognizes no ratchet, so π1 drops every X1.
    try (UdpTestPeer amnesiac = new UdpTestPeer("bob", bob.key, new InMemoryRatchetStore())) {
      amnesiac.requireRecognizedRatchet = true;
      UdpEndpoint restarted =
          amnesiac.start(bobAddress, ZsspSettings.DEFAULTS, MTU, UdpEndpointOptions.DEFAULTS);
      first.close();
      Session second = alice.open(bob, bobAddress, MTU, /* π2 */ true);
      UdpTestPeer.waitUntil(
          () -> restarted.stats().datagramsReceived() >= 4,
          5_000,
          amnesiac::log); // the first X1 and a resend arrived and were ignored
      assertEquals(SessionState.A1, second.state());
      assertTrue(amnesiac.events(ZsspEvent.SessionEstablished.class).isEmpty(), amnesiac.log());
      assertTrue(restarted.context().sessions().isEmpty());
      assertEquals(0, restarted.stats().datagramsSent());
    }
  }
}
