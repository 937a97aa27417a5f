package io.zssp.udp;

import static io.zssp.udp.RatchetTestData.pair;
import static io.zssp.udp.RatchetTestData.peer;
import static io.zssp.udp.RatchetTestData.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ratchet-store hygiene (issue 10): with a record cap an open listener's store stays bounded, a
 * flood of one-off identities evicts its own kind (chain length 1) first, and peers that rekeyed
 * keep their records.
 */
class FileRatchetStoreCapTest {
  @TempDir Path tmp;

  private static int records(Path dir) throws Exception {
    try (var s = Files.list(dir)) {
      return (int) s.filter(p -> p.toString().endsWith(".ratchet")).count();
    }
  }

  private static void create(FileRatchetStore store, int peer, long chainLength) throws Exception {
    RatchetState s = state("peer" + peer + "-" + chainLength, chainLength);
    assertTrue(store.compareAndSwap(peer(peer), RatchetPair.INITIAL, pair(s, null)));
  }

  @Test
  void cap_evictsTheLeastRecentlyUsedFirstContact() throws Exception {
    try (FileRatchetStore store = FileRatchetStore.open(tmp, 3)) {
      create(store, 1, 1);
      create(store, 2, 1);
      create(store, 3, 1);
      store.load(peer(1)); // peer 1 used again: peer 2 is now the least recently used
      create(store, 4, 1);
      assertEquals(3, records(tmp));
      assertEquals(RatchetPair.INITIAL, store.load(peer(2)), "evicted");
      assertEquals(1, store.load(peer(1)).state1().chainLength());
      assertNull(store.findByFingerprint(state("peer2-1", 1).fingerprint()), "unindexed too");
      assertNotNull(store.findByFingerprint(state("peer4-1", 1).fingerprint()));
    }
  }

  @Test
  void aFloodOfNewIdentities_churnsItsOwnRecords_notThoseOfPeersThatRekeyed() throws Exception {
    try (FileRatchetStore store = FileRatchetStore.open(tmp, 10)) {
      for (int p = 1; p <= 3; p++) {
        create(store, p, 2); // long-lived peers: rekeyed at least once
      }
      for (int p = 100; p < 1_100; p++) {
        create(store, p, 1); // a thousand one-off handshakes
      }
      assertEquals(10, records(tmp));
      for (int p = 1; p <= 3; p++) {
        assertEquals(2, store.load(peer(p)).state1().chainLength(), "peer " + p + " kept");
      }
    }
  }

  @Test
  void reopenedWithALowerCap_shrinksOnTheNextNewRecord_oldestFilesFirst() throws Exception {
    try (FileRatchetStore store = FileRatchetStore.open(tmp)) {
      for (int p = 1; p <= 6; p++) {
        create(store, p, 1);
        Files.setLastModifiedTime(
            RatchetTestData.recordFile(tmp, peer(p)),
            java.nio.file.attribute.FileTime.fromMillis(1_000_000L * p));
      }
    }
    try (FileRatchetStore store = FileRatchetStore.open(tmp, 3)) {
      assertEquals(6, records(tmp), "nothing is deleted at open");
      create(store, 7, 1);
      assertEquals(3, records(tmp));
      assertEquals(RatchetPair.INITIAL, store.load(peer(4)), "the oldest files went first");
      assertEquals(1, store.load(peer(5)).state1().chainLength());
      assertEquals(1, store.load(peer(6)).state1().chainLength());
    }
    assertThrows(IllegalArgumentException.class, () -> FileRatchetStore.open(tmp, 0));
  }
}
