package io.zssp.conformance.bugs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspEvent;
import io.zssp.api.ZsspSettings;
import io.zssp.engine.EngineProbe;
import io.zssp.reference.ReferenceProbe;
import io.zssp.wire.Kid;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cases where the engine once behaved differently from the reference, compared side by side: the
 * two must agree.
 */
class ImplementationsAgreeTest {
  private static String run1MiB(ImplementationProbe probe) throws Exception {
    TestNetwork net = new TestNetwork(probe);
    TestPeer alice = net.peer("alice", 1, ZsspSettings.DEFAULTS, b -> b.mtu(65535));
    TestPeer bob = net.peer("bob", 2, ZsspSettings.DEFAULTS, b -> b.mtu(65535));
    Session s = alice.open(bob, OpenOptions.builder().mtu(65535).build());
    net.deliverAll();
    assertEquals(SessionState.S2, s.state());
    StringBuilder out = new StringBuilder();
    for (int len : new int[] {1_048_000, 1_048_540, 1_048_560}) {
      bob.data.clear();
      s.send(new byte[len], 0, len);
      net.deliverAll();
      out.append(len).append(bob.data.size() == 1 ? ":delivered " : ":dropped ");
    }
    return out.toString();
  }

  /** P packets just under the 1 MiB per-session limit: delivered or dropped alike. */
  @Test
  void payloadJustBelow1MiB_sameOutcome() throws Exception {
    assertEquals(run1MiB(ReferenceProbe.INSTANCE), run1MiB(EngineProbe.INSTANCE));
  }

  private static String challengeOnCurrentKid(ImplementationProbe probe) throws Exception {
    TestNetwork net = new TestNetwork(probe);
    TestPeer alice = net.peer("alice", 1);
    TestPeer bob = net.peer("bob", 2);
    Session s = alice.open(bob, OpenOptions.builder().build());
    net.deliverAll();
    int kid = probe.current(s).recvKid;
    byte[] d = new byte[16 + 36];
    d[5] = 1; // count 1
    d[7] = 9; // challenge
    System.arraycopy(Kid.bytes(kid), 0, d, 16, 4);
    PeerAddress attacker = TestNetwork.addr(99);
    alice.events.clear();
    alice.ctx.receive(attacker, d, 0, d.length);
    List<String> drops = new ArrayList<>();
    for (ZsspEvent e : alice.events) {
      if (e instanceof ZsspEvent.Dropped x) {
        drops.add(x.reason() + " from=" + x.from() + " session=" + (x.session() != null));
      }
    }
    return drops.toString();
  }

  /** A challenge naming an established kid is blamed on its sender (attacker, no session). */
  @Test
  void challengeNamingCurrentKid_sameDropEvent() throws Exception {
    assertEquals(
        challengeOnCurrentKid(ReferenceProbe.INSTANCE),
        challengeOnCurrentKid(EngineProbe.INSTANCE));
  }
}
