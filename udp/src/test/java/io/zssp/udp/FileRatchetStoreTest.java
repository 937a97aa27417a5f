package io.zssp.udp;

import static io.zssp.udp.RatchetTestData.assertSamePair;
import static io.zssp.udp.RatchetTestData.assertSameState;
import static io.zssp.udp.RatchetTestData.pair;
import static io.zssp.udp.RatchetTestData.peer;
import static io.zssp.udp.RatchetTestData.recordFile;
import static io.zssp.udp.RatchetTestData.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zssp.api.InMemoryRatchetStore;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** FileRatchetStore semantics (against InMemoryRatchetStore as an oracle), persistence, files. */
class FileRatchetStoreTest {
  private static final RatchetState A = state("a", 1);
  private static final RatchetState B = state("b", 2);
  private static final RatchetState C = state("c", 3);

  @TempDir Path tmp;

  @Test
  void load_noRecord_returnsInitial() throws Exception {
    try (FileRatchetStore store = FileRatchetStore.open(tmp.resolve("s"))) {
      assertEquals(RatchetPair.INITIAL, store.load(peer(1)));
      assertNull(store.findByFingerprint(A.fingerprint()));
    }
  }

  @Test
  void compareAndSwap_matchingExpected_writesKeysAndChainLengths() throws Exception {
    try (FileRatchetStore store = FileRatchetStore.open(tmp)) {
      assertTrue(store.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(A, RatchetState.ZERO)));
      assertSamePair(pair(A, RatchetState.ZERO), store.load(peer(1)));
      assertTrue(store.compareAndSwap(peer(1), pair(A, RatchetState.ZERO), pair(B, A)));
      assertSamePair(pair(B, A), store.load(peer(1)));
      assertEquals(RatchetPair.INITIAL, store.load(peer(2)));
    }
  }

  @Test
  void compareAndSwap_staleExpected_returnsFalseAndKeepsRecord() throws Exception {
    try (FileRatchetStore store = FileRatchetStore.open(tmp)) {
      assertTrue(store.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(B, A)));
      assertFalse(store.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(C, null)));
      assertFalse(store.compareAndSwap(peer(1), pair(B, null), pair(C, null)), "state2 presence");
      assertFalse(store.compareAndSwap(peer(1), pair(B, C), pair(C, null)), "state2 fingerprint");
      assertSamePair(pair(B, A), store.load(peer(1)));
      assertNull(store.findByFingerprint(C.fingerprint()));
    }
  }

  @Test
  void findByFingerprint_afterWrites_addsNewAndRemovesDroppedStates() throws Exception {
    try (FileRatchetStore store = FileRatchetStore.open(tmp)) {
      store.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(B, A));
      assertSameState(A, store.findByFingerprint(A.fingerprint()));
      assertSameState(B, store.findByFingerprint(B.fingerprint()));
      store.compareAndSwap(peer(1), pair(B, A), pair(C, null));
      assertNull(store.findByFingerprint(A.fingerprint()));
      assertNull(store.findByFingerprint(B.fingerprint()));
      assertSameState(C, store.findByFingerprint(C.fingerprint()));
      assertNull(store.findByFingerprint(new byte[32]), "the zero state is never indexed");
    }
  }

  @Test
  void findByFingerprint_sharedByTwoPeers_staysIndexedUntilBothDropIt() throws Exception {
    try (FileRatchetStore store = FileRatchetStore.open(tmp)) {
      store.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(A, null));
      store.compareAndSwap(peer(2), RatchetPair.INITIAL, pair(A, null));
      store.compareAndSwap(peer(1), pair(A, null), pair(B, null));
      assertSameState(A, store.findByFingerprint(A.fingerprint()));
      store.compareAndSwap(peer(2), pair(A, null), pair(C, null));
      assertNull(store.findByFingerprint(A.fingerprint()));
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void randomSequences_matchInMemoryOracleAcrossReopens(long seed) throws Exception {
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
    FileRatchetStore store = FileRatchetStore.open(tmp);
    try {
      for (int op = 0; op < 400; op++) {
        int p = rnd.nextInt(peers);
        double r = rnd.nextDouble();
        if (r < 0.25) {
          assertSamePair(oracle.load(peer(p)), store.load(peer(p)));
        } else if (r < 0.5) {
          RatchetState s = all.get(rnd.nextInt(all.size()));
          if (!s.isZero()) {
            assertSameState(
                oracle.findByFingerprint(s.fingerprint()),
                store.findByFingerprint(s.fingerprint()));
          }
        } else {
          RatchetPair expected =
              rnd.nextDouble() < 0.6 ? oracle.load(peer(p)) : randomPair(rnd, pools.get(p));
          RatchetPair replacement = randomPair(rnd, pools.get(p));
          assertEquals(
              oracle.compareAndSwap(peer(p), expected, replacement),
              store.compareAndSwap(peer(p), expected, replacement),
              "op " + op);
        }
        if (op % 50 == 49) {
          store.close();
          store = FileRatchetStore.open(tmp);
          assertAllEqual(oracle, store, peers, all);
        }
      }
      assertAllEqual(oracle, store, peers, all);
    } finally {
      store.close();
    }
  }

  @Test
  void reopen_sameDirectory_returnsSamePairsAndIndex() throws Exception {
    try (FileRatchetStore store = FileRatchetStore.open(tmp)) {
      store.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(B, A));
      store.compareAndSwap(peer(2), RatchetPair.INITIAL, pair(C, null));
    }
    try (FileRatchetStore store = FileRatchetStore.open(tmp)) {
      assertSamePair(pair(B, A), store.load(peer(1)));
      assertSamePair(pair(C, null), store.load(peer(2)));
      assertSameState(A, store.findByFingerprint(A.fingerprint()));
      assertSameState(B, store.findByFingerprint(B.fingerprint()));
      assertSameState(C, store.findByFingerprint(C.fingerprint()));
      assertTrue(store.corruptedRecords().isEmpty());
    }
  }

  @Test
  void recordFile_namedByHashOfPeerKey_ownerOnlyInOwnerOnlyDirectory() throws Exception {
    Path dir = tmp.resolve("new/store");
    try (FileRatchetStore store = FileRatchetStore.open(dir)) {
      store.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(A, null));
    }
    Path file = recordFile(dir, peer(1));
    assertTrue(Files.isRegularFile(file));
    assertTrue(file.getFileName().toString().matches("[0-9a-f]{32}\\.ratchet"));
    assumeTrue(RatchetStoreFs.isPosix(dir.getFileSystem()));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }

  @Test
  void open_unrelatedFilesInDirectory_ignoresThem() throws Exception {
    Files.writeString(tmp.resolve("README"), "hello");
    Files.writeString(tmp.resolve("0123.ratchet"), "not a record name");
    try (FileRatchetStore store = FileRatchetStore.open(tmp)) {
      assertTrue(store.corruptedRecords().isEmpty());
      assertEquals(RatchetPair.INITIAL, store.load(peer(1)));
    }
    assertTrue(Files.exists(tmp.resolve("README")));
  }

  @Test
  void open_directoryAlreadyOpen_failsUntilClosed() throws Exception {
    FileRatchetStore first = FileRatchetStore.open(tmp);
    IOException e = assertThrows(IOException.class, () -> FileRatchetStore.open(tmp));
    assertTrue(e.getMessage().contains("already open"), e.getMessage());
    first.close();
    FileRatchetStore.open(tmp).close();
  }

  @Test
  void load_afterClose_throwsRatchetStoreException() throws Exception {
    FileRatchetStore store = FileRatchetStore.open(tmp);
    store.close();
    store.close();
    assertThrows(RatchetStoreException.class, () -> store.load(peer(1)));
    assertThrows(
        RatchetStoreException.class,
        () -> store.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(A, null)));
    assertThrows(RatchetStoreException.class, () -> store.findByFingerprint(A.fingerprint()));
  }

  @Test
  void load_emptyPeerKey_throwsIllegalArgument() throws Exception {
    try (FileRatchetStore store = FileRatchetStore.open(tmp)) {
      assertThrows(IllegalArgumentException.class, () -> store.load(new byte[0]));
    }
  }

  @Test
  void toString_showsDirectoryOnly() throws Exception {
    try (FileRatchetStore store = FileRatchetStore.open(tmp)) {
      store.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(A, null));
      assertEquals("FileRatchetStore[" + tmp.toAbsolutePath().normalize() + "]", store.toString());
    }
  }

  private static RatchetPair randomPair(Random rnd, List<RatchetState> pool) {
    RatchetState s1 = pool.get(rnd.nextInt(pool.size()));
    RatchetState s2 = rnd.nextBoolean() ? null : pool.get(rnd.nextInt(pool.size()));
    return pair(s1, s2);
  }

  private static void assertAllEqual(
      InMemoryRatchetStore oracle, FileRatchetStore store, int peers, List<RatchetState> all)
      throws RatchetStoreException {
    for (int p = 0; p < peers; p++) {
      assertSamePair(oracle.load(peer(p)), store.load(peer(p)));
    }
    for (RatchetState s : all) {
      if (!s.isZero()) {
        assertSameState(
            oracle.findByFingerprint(s.fingerprint()), store.findByFingerprint(s.fingerprint()));
      }
    }
  }
}
