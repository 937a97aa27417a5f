package io.zssp.conformance.bugs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.AcceptDecision;
import io.zssp.api.ContextConfig;
import io.zssp.api.DropReason;
import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.OpenOptions;
import io.zssp.api.PeerAddress;
import io.zssp.api.Session;
import io.zssp.api.SessionState;
import io.zssp.api.ZsspApplication;
import io.zssp.api.ZsspContext;
import io.zssp.api.ZsspSettings;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Hostile input at every state of the automaton: the handshake and a rekey are stopped at A1, B2,
 * A3, S1, R1, R2 and the KK S1, and at each stop both peers receive thousands of mutated copies of
 * the traffic already delivered, plus noise. Nothing may change: states, sessions, half-open
 * entries, deliveries, and nothing is sent; then the protocol completes normally. Runs against
 * every implementation through its {@link ImplementationProbe}.
 */
abstract class HostileInputStatesSuite {
  private static final PeerAddress A = PeerAddress.ofBytes(new byte[] {1});
  private static final PeerAddress B = PeerAddress.ofBytes(new byte[] {2});
  private static final int MUTANTS_PER_STOP = 3_000;

  private final ImplementationProbe probe;
  private final CryptoProvider crypto = DefaultCryptoProvider.create();
  private final List<byte[]> delivered = new ArrayList<>();
  private final Deque<Object[]> pending = new ArrayDeque<>();
  private final Random rnd = new Random(7);
  private long now = 9_000_000;
  private Peer alice;
  private Peer bob;

  HostileInputStatesSuite(ImplementationProbe probe) {
    this.probe = probe;
  }

  private final class Peer implements ZsspApplication {
    final P384KeyPair key = crypto.p384().generateKeyPair();
    final List<byte[]> data = new ArrayList<>();
    final ZsspContext ctx;
    int sent;

    Peer(PeerAddress self) {
      ZsspSettings settings =
          ZsspSettings.builder().rekeyAfterMillis(100_000).rekeyMaxJitterMillis(1_000).build();
      ctx =
          probe.newContext(
              ContextConfig.builder()
                  .crypto(crypto)
                  .staticKey(key)
                  .application(this)
                  .ratchetStore(new InMemoryRatchetStore())
                  .settings(settings)
                  .clock(() -> now)
                  .sender(
                      (to, d, off, len) -> {
                        sent++;
                        pending.add(new Object[] {self, to, Arrays.copyOfRange(d, off, off + len)});
                        return true;
                      })
                  .build());
    }

    int halfOpenCount() {
      return probe.halfOpenCount(ctx);
    }

    @Override
    public AcceptDecision acceptSession(P384PublicKey k, byte[] id, PeerAddress from) {
      return AcceptDecision.accept();
    }

    @Override
    public void onData(Session s, byte[] p, int off, int len) {
      data.add(Arrays.copyOfRange(p, off, off + len));
    }
  }

  /** Delivers the datagrams pending now (not the ones they cause). */
  private void step() {
    int n = pending.size();
    for (int i = 0; i < n; i++) {
      Object[] d = pending.removeFirst();
      byte[] bytes = (byte[]) d[2];
      delivered.add(bytes);
      now++;
      (d[1].equals(A) ? alice : bob).ctx.receive((PeerAddress) d[0], bytes, 0, bytes.length);
    }
  }

  private String snapshot() {
    return alice.ctx.sessions().toString()
        + bob.ctx.sessions()
        + " b2="
        + bob.halfOpenCount()
        + " a2="
        + alice.halfOpenCount()
        + " data="
        + alice.data.size()
        + "/"
        + bob.data.size();
  }

  private void storm(String stop) {
    String before = snapshot();
    int[] sent = {alice.sent, bob.sent};
    List<Object[]> keep = new ArrayList<>(pending);
    for (int i = 0; i < MUTANTS_PER_STOP; i++) {
      byte[] base = delivered.get(rnd.nextInt(delivered.size()));
      byte[] d = base.clone();
      switch (rnd.nextInt(4)) {
        case 0:
          d[rnd.nextInt(d.length)] ^= (byte) (1 << rnd.nextInt(8));
          break;
        case 1:
          d = Arrays.copyOf(d, rnd.nextInt(d.length));
          break;
        case 2:
          rnd.nextBytes(d);
          System.arraycopy(base, 0, d, 0, 4);
          break;
        default:
          boolean x1 = d[0] == 0 && d[1] == 0 && d[2] == 0 && d[3] == 0;
          if (x1) {
            d[d.length - 1] ^= 1; // exact X1 replays may legitimately be answered: mutate them
          }
      }
      (rnd.nextBoolean() ? alice : bob).ctx.receive(rnd.nextBoolean() ? A : B, d, 0, d.length);
    }
    assertEquals(before, snapshot(), "state changed at " + stop);
    assertEquals(sent[0], alice.sent, "alice sent at " + stop);
    assertEquals(sent[1], bob.sent, "bob sent at " + stop);
    assertEquals(keep.size(), pending.size());
    assertEquals(null, alice.ctx.dropCounts().get(DropReason.INTERNAL_ERROR));
    assertEquals(null, bob.ctx.dropCounts().get(DropReason.INTERNAL_ERROR));
  }

  @Test
  void everyState_ignoresHostileInput_thenCompletes() throws Exception {
    alice = new Peer(A);
    bob = new Peer(B);
    Session a = alice.ctx.open(bob.key.publicKey(), B, OpenOptions.builder().mtu(700).build());
    delivered.add(new byte[32]); // seed the corpus with at least one datagram
    storm("A1");
    assertEquals(SessionState.A1, a.state());
    step(); // X1 → Bob: B2
    assertEquals(1, bob.halfOpenCount());
    storm("B2");
    step(); // X2 → Alice: A3
    assertEquals(SessionState.A3, a.state());
    storm("A3");
    step(); // X3 → Bob: S1
    Session b = bob.ctx.sessions().get(0);
    assertEquals(SessionState.S1, b.state());
    storm("S1 (Bob)");
    step(); // C1 → Alice: S2, C2 queued
    step(); // C2 → Bob: S2
    assertEquals(SessionState.S2, a.state());
    assertEquals(SessionState.S2, b.state());
    a.send(new byte[1500], 0, 1500);
    step();
    storm("S2");
    now += 200_000; // past Alice's rekey deadline only if she services first
    alice.ctx.service();
    assertEquals(SessionState.R1, a.state());
    storm("R1");
    step(); // K1 → Bob: R2
    assertEquals(SessionState.R2, b.state());
    storm("R2");
    step(); // K2 → Alice: S1 (KK initiator)
    assertEquals(SessionState.S1, a.state());
    storm("S1 (KK initiator)");
    step(); // C1 → Bob: S2
    step(); // C2 → Alice: S2
    assertEquals(SessionState.S2, a.state());
    assertEquals(SessionState.S2, b.state());
    a.send(new byte[] {42}, 0, 1);
    b.send(new byte[] {43}, 0, 1);
    step();
    assertArrayEquals(new byte[] {42}, bob.data.get(bob.data.size() - 1));
    assertArrayEquals(new byte[] {43}, alice.data.get(alice.data.size() - 1));
    assertTrue(bob.data.size() == 2 && alice.data.size() == 1, "exactly once: " + snapshot());
  }
}
