package io.zssp.udp;

import static io.zssp.udp.RatchetTestData.assertSameState;
import static io.zssp.udp.RatchetTestData.pair;
import static io.zssp.udp.RatchetTestData.peer;
import static io.zssp.udp.RatchetTestData.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Many threads racing compare-and-swap on the same peers: one winner per expected value. */
class FileRatchetStoreConcurrencyTest {
  private static final int THREADS = 8;
  private static final int ROUNDS = 40;
  private static final int PEERS = 3;

  @TempDir Path tmp;

  /** A successful swap: the state1 it replaced and the state1 it wrote. */
  private static final class Edge {
    final int peer;
    final RatchetState from;
    final RatchetState to;

    Edge(int peer, RatchetState from, RatchetState to) {
      this.peer = peer;
      this.from = from;
      this.to = to;
    }
  }

  @Test
  void compareAndSwap_manyThreadsOnSamePeers_oneWinnerPerExpectedValueAndLinearHistory()
      throws Exception {
    ConcurrentLinkedQueue<Edge> wins = new ConcurrentLinkedQueue<>();
    CyclicBarrier start = new CyclicBarrier(THREADS);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try (FileRatchetStore store = FileRatchetStore.open(tmp)) {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  int attempts = 0;
                  for (int i = 0; i < ROUNDS; i++) {
                    int p = (thread + i) % PEERS;
                    RatchetPair seen = store.load(peer(p));
                    RatchetState next =
                        state(p + "/" + thread + "/" + i, seen.state1().chainLength() + 1);
                    if (store.compareAndSwap(peer(p), seen, pair(next, seen.state1()))) {
                      wins.add(new Edge(p, seen.state1(), next));
                    }
                    attempts++;
                  }
                  return attempts;
                }));
      }
      for (Future<Integer> f : results) {
        assertEquals(ROUNDS, f.get(60, TimeUnit.SECONDS));
      }
      for (int p = 0; p < PEERS; p++) {
        RatchetState last = checkLinearHistory(p, wins);
        RatchetPair stored = store.load(peer(p));
        assertSameState(last, stored.state1());
        assertSameState(last, store.findByFingerprint(last.fingerprint()));
        for (Edge e : wins) {
          boolean live = e.to.equals(stored.state1()) || e.to.equals(stored.state2());
          if (e.peer == p && !live) {
            assertNull(store.findByFingerprint(e.to.fingerprint()), "dropped state still indexed");
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
    try (FileRatchetStore reopened = FileRatchetStore.open(tmp)) {
      for (int p = 0; p < PEERS; p++) {
        assertSameState(checkLinearHistory(p, wins), reopened.load(peer(p)).state1());
      }
    }
  }

  /**
   * Asserts that the wins for peer {@code p} form one chain from the zero state (every expected
   * value has exactly one winner, no win is lost) and returns its last state.
   */
  private static RatchetState checkLinearHistory(int p, Iterable<Edge> wins) {
    Map<ByteBuffer, Edge> byFrom = new HashMap<>();
    int count = 0;
    for (Edge e : wins) {
      if (e.peer == p) {
        Edge previous = byFrom.put(ByteBuffer.wrap(e.from.fingerprint()), e);
        assertNull(previous, "two winners replaced " + e.from);
        count++;
      }
    }
    assertTrue(count > 0, "peer " + p + " never advanced");
    RatchetState at = RatchetState.ZERO;
    for (int i = 0; i < count; i++) {
      Edge e = byFrom.get(ByteBuffer.wrap(at.fingerprint()));
      assertNotNull(e, "history of peer " + p + " breaks after " + at);
      assertEquals(at.chainLength() + 1, e.to.chainLength());
      at = e.to;
    }
    return at;
  }
}
