package io.zssp.fuzz;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The receive invariants can fail: each planted fault (through {@link ReceiveOracle.Receive}, in
 * place of the real call) is reported as a {@link ReceiveOracle.Violation}, and the real call on
 * the same datagram is not.
 */
class ReceiveOracleSelfTest {
  /** A replay of a datagram delivered while building: Bob drops it, changing nothing. */
  private static byte[] replayToBob(HandshakeFixture f) {
    for (HandshakeFixture.Datagram d : f.delivered) {
      if (d.to() == HandshakeFixture.BOB && d.bytes()[0] != 0) {
        return d.bytes().clone();
      }
    }
    throw new IllegalStateException("no delivered datagram to Bob with a key id");
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void realReceive_ofAReplay_keepsTheInvariants(Impl impl) {
    HandshakeFixture f = HandshakeFixture.build(impl, Stop.S2);
    assertFalse(ReceiveOracle.deliver(f, f.bob, HandshakeFixture.ALICE, replayToBob(f)));
  }

  @ParameterizedTest
  @EnumSource(Impl.class)
  void plantedFaults_areViolations(Impl impl) {
    HandshakeFixture f = HandshakeFixture.build(impl, Stop.S2);
    byte[] d = replayToBob(f);
    ReceiveOracle.Receive real = ReceiveOracle.RECEIVE;
    assertViolation(
        f,
        d,
        (to, from, x) -> {
          real.receive(to, from, x);
          throw new IllegalStateException("planted");
        },
        "receive threw");
    assertViolation(
        f,
        d,
        (to, from, x) -> {
          real.receive(to, from, x);
          byte[][] garbage = new byte[64][];
          for (int i = 0; i < garbage.length; i++) {
            garbage[i] = new byte[16 * 1024]; // 1 MiB, above the non-handshake bound
          }
          sink = garbage;
        },
        "allocated");
    assertViolation(f, d, (to, from, x) -> {}, "neither dropped");
    assertViolation(
        f,
        d,
        (to, from, x) -> {
          real.receive(f.alice, from, x); // to the wrong peer
        },
        "the other peer changed");
    assertViolation(
        f,
        d,
        (to, from, x) -> {
          for (HandshakeFixture.Datagram next : f.pending) { // Alice's held-back data to Bob
            if (next.to() == HandshakeFixture.BOB) {
              real.receive(to, from, next.bytes()); // authenticated; the oracle saw a replay
            }
          }
        },
        "changed the sessions");
  }

  /** Where the planted allocation goes; its array class is loaded here, not in the fault. */
  private static Object sink = new byte[1][1];

  private static void assertViolation(
      HandshakeFixture f, byte[] d, ReceiveOracle.Receive planted, String expected) {
    ReceiveOracle.Violation v =
        assertThrows(
            ReceiveOracle.Violation.class,
            () -> ReceiveOracle.deliver(f, f.bob, HandshakeFixture.ALICE, d, false, planted));
    assertTrue(v.getMessage().contains(expected), v.getMessage());
  }
}
