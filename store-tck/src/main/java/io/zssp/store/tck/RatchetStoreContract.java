package io.zssp.store.tck;

import static io.zssp.store.tck.StoreTestData.assertSamePair;
import static io.zssp.store.tck.StoreTestData.assertSameState;
import static io.zssp.store.tck.StoreTestData.pair;
import static io.zssp.store.tck.StoreTestData.peer;
import static io.zssp.store.tck.StoreTestData.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStore;
import io.zssp.api.RatchetStoreException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@link RatchetStore} contract (ZSSP-SPEC §9.3 and the interface's Javadoc), one suite for
 * every implementation: a store's test class extends it and says how to open (and, for a durable
 * store, reopen) a store; its store-specific tests sit beside these. {@link InMemoryRatchetStore}
 * is the oracle of the random-sequence test, and is itself tested by this suite.
 *
 * <p>Each test calls {@link #store()} at most once per instance it needs; the store is opened
 * lazily, so a subclass's own tests that never call it open nothing.
 */
public abstract class RatchetStoreContract {
  private static final RatchetState A = state("a", 1);
  private static final RatchetState B = state("b", 2);
  private static final RatchetState C = state("c", 3);

  private RatchetStore store;

  /** A new, empty store for the current test. */
  protected abstract RatchetStore openStore() throws Exception;

  /**
   * The same stored data through a fresh instance, for durable stores (close {@code old} first if
   * it holds a lock); the default returns {@code old}, for stores that live in memory.
   */
  protected RatchetStore reopenStore(RatchetStore old) throws Exception {
    return old;
  }

  /** Releases the store after the test (default: nothing). */
  protected void closeStore(RatchetStore store) throws Exception {}

  /** The current test's store, opened on first use. */
  protected final RatchetStore store() throws Exception {
    if (store == null) {
      store = openStore();
    }
    return store;
  }

  /** Replaces the current store by {@link #reopenStore} and returns the new one. */
  protected final RatchetStore reopen() throws Exception {
    store = reopenStore(store());
    return store;
  }

  @AfterEach
  void closeContractStore() throws Exception {
    if (store != null) {
      RatchetStore s = store;
      store = null;
      closeStore(s);
    }
  }

  @Test
  void contract_load_noRecord_returnsInitial() throws Exception {
    assertEquals(RatchetPair.INITIAL, store().load(peer(1)));
    assertNull(store().findByFingerprint(A.fingerprint()));
  }

  @Test
  void contract_compareAndSwap_matchingExpected_writesKeysAndChainLengths() throws Exception {
    RatchetStore s = store();
    assertTrue(s.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(A, RatchetState.ZERO)));
    assertSamePair(pair(A, RatchetState.ZERO), s.load(peer(1)));
    assertTrue(s.compareAndSwap(peer(1), pair(A, RatchetState.ZERO), pair(B, A)));
    assertSamePair(pair(B, A), s.load(peer(1)));
    assertTrue(s.compareAndSwap(peer(1), pair(B, A), pair(C, null)));
    assertSamePair(pair(C, null), s.load(peer(1)));
    assertEquals(RatchetPair.INITIAL, s.load(peer(2)));
  }

  @Test
  void contract_compareAndSwap_staleExpected_returnsFalseAndKeepsRecord() throws Exception {
    RatchetStore s = store();
    assertTrue(s.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(B, A)));
    assertFalse(s.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(C, null)), "initial");
    assertFalse(s.compareAndSwap(peer(1), pair(B, null), pair(C, null)), "state2 presence");
    assertFalse(s.compareAndSwap(peer(1), pair(B, C), pair(C, null)), "state2 fingerprint");
    assertFalse(s.compareAndSwap(peer(1), pair(A, B), pair(C, null)), "swapped states");
    assertFalse(s.compareAndSwap(peer(2), pair(B, A), pair(C, null)), "another peer's pair");
    assertSamePair(pair(B, A), s.load(peer(1)));
    assertEquals(RatchetPair.INITIAL, s.load(peer(2)));
    assertNull(s.findByFingerprint(C.fingerprint()));
  }

  @Test
  void contract_compareAndSwap_storedInitialPair_equalsInitial() throws Exception {
    RatchetStore s = store();
    assertTrue(s.compareAndSwap(peer(1), RatchetPair.INITIAL, RatchetPair.INITIAL));
    assertEquals(RatchetPair.INITIAL, s.load(peer(1)));
    assertTrue(s.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(A, null)));
    assertSamePair(pair(A, null), s.load(peer(1)));
    assertFalse(s.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(B, null)));
  }

  @Test
  void contract_compareAndSwap_comparesFingerprintsOnly_notKeysOrChainLengths() throws Exception {
    RatchetStore s = store();
    assertTrue(s.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(A, B)));
    RatchetState sameFingerprintOtherKey =
        RatchetState.of(C.key(), A.fingerprint(), A.chainLength() + 7);
    assertTrue(s.compareAndSwap(peer(1), pair(sameFingerprintOtherKey, B), pair(C, null)));
    assertSamePair(pair(C, null), s.load(peer(1)));
  }

  @Test
  void contract_findByFingerprint_afterWrites_addsNewAndRemovesDroppedStates() throws Exception {
    RatchetStore s = store();
    s.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(B, A));
    assertSameState(A, s.findByFingerprint(A.fingerprint()));
    assertSameState(B, s.findByFingerprint(B.fingerprint()));
    s.compareAndSwap(peer(1), pair(B, A), pair(C, null));
    assertNull(s.findByFingerprint(A.fingerprint()));
    assertNull(s.findByFingerprint(B.fingerprint()));
    assertSameState(C, s.findByFingerprint(C.fingerprint()));
    s.compareAndSwap(peer(2), RatchetPair.INITIAL, pair(A, RatchetState.ZERO));
    assertNull(s.findByFingerprint(new byte[32]), "the zero state is never found");
  }

  @Test
  void contract_findByFingerprint_sharedByTwoPeers_staysUntilBothDropIt() throws Exception {
    RatchetStore s = store();
    s.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(A, null));
    s.compareAndSwap(peer(2), RatchetPair.INITIAL, pair(A, null));
    s.compareAndSwap(peer(1), pair(A, null), pair(B, null));
    assertSameState(A, s.findByFingerprint(A.fingerprint()));
    s.compareAndSwap(peer(2), pair(A, null), pair(C, A));
    assertSameState(A, s.findByFingerprint(A.fingerprint())); // as peer 2's state2
    s.compareAndSwap(peer(2), pair(C, A), pair(C, null));
    assertNull(s.findByFingerprint(A.fingerprint()));
  }

  @Test
  void contract_peers_areIndependent_evenWhenOneKeyIsAPrefixOfAnother() throws Exception {
    RatchetStore s = store();
    byte[] shortKey = {2, 1};
    byte[] longKey = {2, 1, 0};
    assertTrue(s.compareAndSwap(shortKey, RatchetPair.INITIAL, pair(A, null)));
    assertEquals(RatchetPair.INITIAL, s.load(longKey));
    assertTrue(s.compareAndSwap(longKey, RatchetPair.INITIAL, pair(B, null)));
    assertSamePair(pair(A, null), s.load(shortKey));
    assertSamePair(pair(B, null), s.load(longKey));
  }

  @Test
  void contract_arguments_areNotRetained() throws Exception {
    RatchetStore s = store();
    byte[] key = peer(1);
    assertTrue(s.compareAndSwap(key, RatchetPair.INITIAL, pair(A, null)));
    key[5] ^= 1;
    assertSamePair(pair(A, null), s.load(peer(1)));
    byte[] fp = A.fingerprint();
    RatchetState found = s.findByFingerprint(fp);
    fp[0] ^= 1;
    assertSameState(A, found);
  }

  @Test
  void contract_reopen_keepsPairsAndIndex() throws Exception {
    store().compareAndSwap(peer(1), RatchetPair.INITIAL, pair(B, A));
    store().compareAndSwap(peer(2), RatchetPair.INITIAL, pair(C, null));
    RatchetStore s = reopen();
    assertSamePair(pair(B, A), s.load(peer(1)));
    assertSamePair(pair(C, null), s.load(peer(2)));
    assertSameState(A, s.findByFingerprint(A.fingerprint()));
    assertSameState(B, s.findByFingerprint(B.fingerprint()));
    assertSameState(C, s.findByFingerprint(C.fingerprint()));
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void contract_randomSequences_matchInMemoryOracleAcrossReopens(long seed) throws Exception {
    Random rnd = new Random(seed);
    int peers = 3;
    List<List<RatchetState>> pools = new ArrayList<>();
    List<RatchetState> all = new ArrayList<>();
    for (int p = 0; p < peers; p++) {
      List<RatchetState> pool = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        pool.add(state(seed + "/" + p + "/" + i, rnd.nextInt(1000)));
      }
      pool.add(RatchetState.ZERO);
      pools.add(pool);
      all.addAll(pool);
    }
    all.add(state("never-stored", 9));
    InMemoryRatchetStore oracle = new InMemoryRatchetStore();
    RatchetStore s = store();
    for (int op = 0; op < 300; op++) {
      int p = rnd.nextInt(peers);
      double r = rnd.nextDouble();
      if (r < 0.25) {
        assertSamePair(oracle.load(peer(p)), s.load(peer(p)));
      } else if (r < 0.5) {
        RatchetState st = all.get(rnd.nextInt(all.size()));
        if (!st.isZero()) {
          assertSameState(
              oracle.findByFingerprint(st.fingerprint()), s.findByFingerprint(st.fingerprint()));
        }
      } else {
        RatchetPair expected =
            rnd.nextDouble() < 0.6 ? oracle.load(peer(p)) : randomPair(rnd, pools.get(p));
        RatchetPair replacement = randomPair(rnd, pools.get(p));
        assertEquals(
            oracle.compareAndSwap(peer(p), expected, replacement),
            s.compareAndSwap(peer(p), expected, replacement),
            "op " + op);
      }
      if (op % 100 == 99) {
        s = reopen();
        assertAllEqual(oracle, s, peers, all);
      }
    }
    assertAllEqual(oracle, s, peers, all);
  }

  @Test
  void contract_compareAndSwap_manyThreadsOnSamePeers_oneWinnerPerExpectedValue() throws Exception {
    int threads = 4;
    int rounds = 40;
    int peers = 2;
    RatchetStore s = store();
    CasHistory wins = new CasHistory();
    CyclicBarrier start = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < rounds; i++) {
                    int p = (thread + i) % peers;
                    RatchetPair seen = s.load(peer(p));
                    RatchetState next =
                        state(p + "/" + thread + "/" + i, seen.state1().chainLength() + 1);
                    if (s.compareAndSwap(peer(p), seen, pair(next, seen.state1()))) {
                      wins.win(p, seen.state1(), next);
                    }
                  }
                  return rounds;
                }));
      }
      for (Future<Integer> f : results) {
        assertEquals(rounds, f.get(120, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
    }
    for (int p = 0; p < peers; p++) {
      RatchetState last = wins.assertLinear(p);
      RatchetPair stored = s.load(peer(p));
      assertSameState(last, stored.state1());
      assertSameState(last, s.findByFingerprint(last.fingerprint()));
      for (RatchetState[] e : wins.edges(p)) {
        boolean live = e[1].equals(stored.state1()) || e[1].equals(stored.state2());
        if (!live) {
          assertNull(s.findByFingerprint(e[1].fingerprint()), "dropped state still found");
        }
      }
    }
  }

  private static RatchetPair randomPair(Random rnd, List<RatchetState> pool) {
    RatchetState s1 = pool.get(rnd.nextInt(pool.size()));
    RatchetState s2 = rnd.nextBoolean() ? null : pool.get(rnd.nextInt(pool.size()));
    return pair(s1, s2);
  }

  private static void assertAllEqual(
      InMemoryRatchetStore oracle, RatchetStore s, int peers, List<RatchetState> all)
      throws RatchetStoreException {
    for (int p = 0; p < peers; p++) {
      assertSamePair(oracle.load(peer(p)), s.load(peer(p)));
    }
    for (RatchetState st : all) {
      if (!st.isZero()) {
        assertSameState(
            oracle.findByFingerprint(st.fingerprint()), s.findByFingerprint(st.fingerprint()));
      }
    }
  }
}
