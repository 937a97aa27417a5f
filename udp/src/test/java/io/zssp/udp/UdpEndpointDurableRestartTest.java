package io.zssp.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.AcceptDecision;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspEvent;
import io.zssp.api.ZsspSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process restart for real: both peers keep their ratchets in a {@link FileRatchetStore}; Bob's
 * endpoint AND store are closed, and a new store instance is opened on the same directory, so the
 * ratchet is reloaded from disk. In strict mode (π1, π2, π3) Alice's re-open must establish with no
 * downgrade and the chain must continue.
 */
class UdpEndpointDurableRestartTest {
  private static final int MTU = 1400;
  @TempDir Path dir;

  @Test
  void restart_bobReloadsRatchetFromDisk_strictSessionContinuesTheChain() throws Exception {
    FileRatchetStore aliceStore = FileRatchetStore.open(dir.resolve("alice"));
    FileRatchetStore bobStore = FileRatchetStore.open(dir.resolve("bob"));
    UdpTestPeer alice = new UdpTestPeer("alice", aliceStore);
    UdpTestPeer bob = new UdpTestPeer("bob", bobStore);
    UdpTestPeer restarted = null;
    FileRatchetStore reloaded = null;
    try {
      UdpTestPeer.introduce(alice, bob); // OTP-style shared first ratchet, chain length 1
      bob.requireRecognizedRatchet = true;
      bob.acceptDecision = AcceptDecision.accept(/* π3 */ true, /* π4 */ false, null);
      bob.start(MTU);
      alice.start(MTU);
      Session first = alice.open(bob, bob.endpoint.localAddress(), MTU, /* π2 */ true);
      alice.awaitEvent(ZsspEvent.SessionEstablished.class, e -> e.session() == first, 10_000);
      long chainBefore = alice.chainLength(bob);
      assertEquals(2, chainBefore);

      // "Process restart" of Bob: endpoint and store closed; a new store reads the disk.
      InetSocketAddress bobAddress = bob.endpoint.localAddress();
      bob.endpoint.close();
      bobStore.close();
      reloaded = FileRatchetStore.open(dir.resolve("bob"));
      assertTrue(reloaded.corruptedRecords().isEmpty());
      restarted = new UdpTestPeer("bob", bob.key, reloaded);
      restarted.requireRecognizedRatchet = true;
      restarted.acceptDecision = AcceptDecision.accept(true, false, null);
      restarted.start(bobAddress, ZsspSettings.DEFAULTS, MTU, UdpEndpointOptions.DEFAULTS);

      first.close();
      Session second = alice.open(bob, bobAddress, MTU, /* π2 */ true);
      ZsspEvent.SessionEstablished atAlice =
          alice.awaitEvent(ZsspEvent.SessionEstablished.class, e -> e.session() == second, 10_000);
      ZsspEvent.SessionEstablished atBob =
          restarted.awaitEvent(ZsspEvent.SessionEstablished.class, e -> true, 10_000);
      assertFalse(atAlice.downgraded());
      assertFalse(atBob.downgraded());
      assertTrue(alice.events(ZsspEvent.DowngradeWarning.class).isEmpty(), alice.log());
      UdpTestPeer.waitUntil(() -> second.state() == SessionState.S2, 5_000, alice::log);
      second.send(new byte[] {7}, 0, 1);
      assertArrayEquals(new byte[] {7}, restarted.data.poll(5, TimeUnit.SECONDS));
      assertEquals(chainBefore + 1, alice.chainLength(bob));
      assertEquals(alice.chainLength(bob), restarted.chainLength(alice));
    } finally {
      alice.close();
      if (restarted != null) {
        restarted.close();
      }
      if (reloaded != null) {
        reloaded.close();
      }
      aliceStore.close();
    }
  }
}
