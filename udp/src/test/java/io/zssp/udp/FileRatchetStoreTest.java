package io.zssp.udp;

import static io.zssp.udp.RatchetTestData.pair;
import static io.zssp.udp.RatchetTestData.peer;
import static io.zssp.udp.RatchetTestData.recordFile;
import static io.zssp.udp.RatchetTestData.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStore;
import io.zssp.api.RatchetStoreException;
import io.zssp.store.tck.RatchetStoreContract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FileRatchetStore: the RatchetStore contract suite (each test on its own directory, reopened where
 * the suite reopens), then files, locking and closing.
 */
class FileRatchetStoreTest extends RatchetStoreContract {
  private static final RatchetState A = state("a", 1);

  @TempDir Path tmp;

  @Override
  protected RatchetStore openStore() throws IOException {
    return FileRatchetStore.open(tmp.resolve("contract"));
  }

  @Override
  protected RatchetStore reopenStore(RatchetStore old) throws IOException {
    ((FileRatchetStore) old).close();
    FileRatchetStore reopened = FileRatchetStore.open(tmp.resolve("contract"));
    assertTrue(reopened.corruptedRecords().isEmpty());
    return reopened;
  }

  @Override
  protected void closeStore(RatchetStore store) throws IOException {
    ((FileRatchetStore) store).close();
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
}
