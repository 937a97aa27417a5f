package io.zssp.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InMemoryRatchetStoreTest {
  private static RatchetState state(int tag, long chain) {
    byte[] key = new byte[32];
    byte[] fp = new byte[32];
    key[0] = (byte) tag;
    fp[0] = (byte) tag;
    fp[31] = 1;
    return RatchetState.of(key, fp, chain);
  }

  private static final byte[] PEER_A = {2, 1};
  private static final byte[] PEER_B = {2, 2};

  @Test
  void compareAndSwap_missingRecordEqualsInitial_andConflictsAreRefused() {
    InMemoryRatchetStore store = new InMemoryRatchetStore();
    assertEquals(RatchetPair.INITIAL, store.load(PEER_A));
    RatchetPair first = RatchetPair.of(state(1, 1), null);
    assertTrue(store.compareAndSwap(PEER_A, RatchetPair.INITIAL, first));
    assertFalse(
        store.compareAndSwap(PEER_A, RatchetPair.INITIAL, RatchetPair.of(state(2, 1), null)));
    assertEquals(first, store.load(PEER_A));
    assertEquals(state(1, 1), store.findByFingerprint(state(1, 1).fingerprint()));
  }

  @Test
  void index_dropsReplacedStates_butKeepsFingerprintsAnotherPeerStillHolds() {
    InMemoryRatchetStore store = new InMemoryRatchetStore();
    RatchetPair shared = RatchetPair.of(state(7, 1), null);
    store.put(PEER_A, shared);
    store.put(PEER_B, shared);
    assertTrue(store.compareAndSwap(PEER_A, shared, RatchetPair.of(state(8, 2), null)));
    assertEquals(state(7, 1), store.findByFingerprint(state(7, 1).fingerprint()), "B still has it");
    assertTrue(store.compareAndSwap(PEER_B, shared, RatchetPair.of(state(9, 2), state(7, 1))));
    assertEquals(state(7, 1), store.findByFingerprint(state(7, 1).fingerprint()), "as B's state2");
    assertTrue(store.compareAndSwap(PEER_B, store.load(PEER_B), RatchetPair.of(state(9, 2), null)));
    assertNull(store.findByFingerprint(state(7, 1).fingerprint()));
    assertEquals(state(8, 2), store.findByFingerprint(state(8, 2).fingerprint()));
  }
}
