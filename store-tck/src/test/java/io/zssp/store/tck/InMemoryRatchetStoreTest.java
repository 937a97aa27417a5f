package io.zssp.store.tck;

import static io.zssp.store.tck.StoreTestData.assertSameState;
import static io.zssp.store.tck.StoreTestData.pair;
import static io.zssp.store.tck.StoreTestData.peer;
import static io.zssp.store.tck.StoreTestData.state;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStore;
import org.junit.jupiter.api.Test;

/**
 * {@link InMemoryRatchetStore}: the contract suite, and {@link InMemoryRatchetStore#put}. (Moved
 * here from api's tests: api cannot depend on this module, which depends on api.)
 */
class InMemoryRatchetStoreTest extends RatchetStoreContract {
  @Override
  protected RatchetStore openStore() {
    return new InMemoryRatchetStore();
  }

  @Test
  void put_replacesAndIndexes_butKeepsFingerprintsAnotherPeerStillHolds() {
    InMemoryRatchetStore store = new InMemoryRatchetStore();
    RatchetState a = state("a", 1);
    RatchetPair shared = pair(a, null);
    store.put(peer(1), shared);
    store.put(peer(2), shared);
    assertTrue(store.compareAndSwap(peer(1), shared, pair(state("b", 2), null)));
    assertSameState(a, store.findByFingerprint(a.fingerprint()));
    store.put(peer(2), pair(state("c", 2), null));
    assertNull(store.findByFingerprint(a.fingerprint()));
    assertSameState(state("c", 2), store.findByFingerprint(state("c", 2).fingerprint()));
  }
}
