package io.zssp.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.RatchetState;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The successful compare-and-swaps of a race, per peer, and the check that they form one chain:
 * every expected state1 was replaced by exactly one winner and no win was lost. Thread-safe.
 */
public final class CasHistory {
  private final Map<Integer, ConcurrentLinkedQueue<RatchetState[]>> wins =
      new ConcurrentHashMap<>();

  /** Records a win on peer {@code peer}: {@code from} (the expected state1) → {@code to}. */
  public void win(int peer, RatchetState from, RatchetState to) {
    wins.computeIfAbsent(peer, k -> new ConcurrentLinkedQueue<>())
        .add(new RatchetState[] {from, to});
  }

  /** The number of wins recorded for {@code peer}. */
  public int count(int peer) {
    ConcurrentLinkedQueue<RatchetState[]> q = wins.get(peer);
    return q == null ? 0 : q.size();
  }

  /** The wins of {@code peer}, each as {from, to}. */
  public Iterable<RatchetState[]> edges(int peer) {
    ConcurrentLinkedQueue<RatchetState[]> q = wins.get(peer);
    return q == null ? new ConcurrentLinkedQueue<>() : q;
  }

  /**
   * Asserts that the wins of {@code peer} form one chain from the zero state, each step adding 1 to
   * the chain length, and returns its last state.
   */
  public RatchetState assertLinear(int peer) {
    Map<ByteBuffer, RatchetState> byFrom = new HashMap<>();
    int count = 0;
    for (RatchetState[] e : edges(peer)) {
      RatchetState previous = byFrom.put(ByteBuffer.wrap(e[0].fingerprint()), e[1]);
      assertNull(previous, "peer " + peer + ": two winners replaced " + e[0]);
      count++;
    }
    assertTrue(count > 0, "peer " + peer + " never advanced");
    RatchetState at = RatchetState.ZERO;
    for (int i = 0; i < count; i++) {
      RatchetState next = byFrom.get(ByteBuffer.wrap(at.fingerprint()));
      assertNotNull(next, "history of peer " + peer + " breaks after " + at);
      assertEquals(at.chainLength() + 1, next.chainLength());
      at = next;
    }
    return at;
  }
}
