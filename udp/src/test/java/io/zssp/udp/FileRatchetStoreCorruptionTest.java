package io.zssp.udp;

import static io.zssp.udp.RatchetTestData.assertSamePair;
import static io.zssp.udp.RatchetTestData.assertSameState;
import static io.zssp.udp.RatchetTestData.pair;
import static io.zssp.udp.RatchetTestData.peer;
import static io.zssp.udp.RatchetTestData.recordFile;
import static io.zssp.udp.RatchetTestData.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupted record files (flipped bytes, truncation, trailing bytes, wrong version, a record under
 * another peer's name) are detected: load and compareAndSwap throw naming the file, the index skips
 * the record, {@link FileRatchetStore#corruptedRecords()} lists it, other peers are unaffected.
 */
class FileRatchetStoreCorruptionTest {
  private static final RatchetState S1 = state("s1", 7);
  private static final RatchetState S2 = state("s2", 6);
  private static final RatchetPair GOOD = pair(S1, S2);
  private static final RatchetPair OTHER = pair(state("other", 1), null);

  @TempDir Path dir;
  private Path file;
  private byte[] original;

  @BeforeEach
  void writeRecords() throws Exception {
    try (FileRatchetStore store = FileRatchetStore.open(dir)) {
      store.compareAndSwap(peer(1), RatchetPair.INITIAL, GOOD);
      store.compareAndSwap(peer(2), RatchetPair.INITIAL, OTHER);
    }
    file = recordFile(dir, peer(1));
    original = Files.readAllBytes(file);
  }

  @Test
  void open_anySingleByteFlipped_detectedAndReported() throws Exception {
    for (int i = 0; i < original.length; i++) {
      byte[] bad = original.clone();
      bad[i] ^= (byte) (1 << (i % 8));
      Files.write(file, bad);
      assertDetected("byte " + i);
    }
  }

  @Test
  void open_truncatedRecord_detectedAsTruncated() throws Exception {
    for (int len : new int[] {0, 1, 7, 8, original.length / 2, original.length - 1}) {
      Files.write(file, Arrays.copyOf(original, len));
      String message = assertDetected("length " + len);
      assertTrue(message.contains("truncated"), message);
    }
  }

  @Test
  void open_trailingBytes_detected() throws Exception {
    Files.write(file, Arrays.copyOf(original, original.length + 1));
    assertTrue(assertDetected("trailing").contains("trailing bytes"));
  }

  @Test
  void open_garbledRecord_detectedAsBadMagic() throws Exception {
    byte[] garbage = new byte[original.length];
    Arrays.fill(garbage, (byte) 'x');
    Files.write(file, garbage);
    assertTrue(assertDetected("garbage").contains("bad magic"));
  }

  @Test
  void open_unsupportedVersion_reportedAsSuch() throws Exception {
    byte[] bad = original.clone();
    bad[4] = 2;
    Files.write(file, bad);
    assertTrue(assertDetected("version").contains("unsupported record version 2"));
  }

  @Test
  void open_recordCopiedUnderAnotherPeersName_detected() throws Exception {
    Path misplaced = recordFile(dir, peer(3));
    Files.copy(file, misplaced);
    try (FileRatchetStore store = FileRatchetStore.open(dir)) {
      assertEquals(List.of(misplaced), store.corruptedRecords());
      RatchetStoreException e =
          assertThrows(RatchetStoreException.class, () -> store.load(peer(3)));
      assertTrue(e.getMessage().contains(misplaced.toString()), e.getMessage());
      assertSamePair(GOOD, store.load(peer(1)));
    }
  }

  @Test
  void load_recordCorruptedWhileOpen_throwsAndDropsItFromIndex() throws Exception {
    try (FileRatchetStore store = FileRatchetStore.open(dir)) {
      assertSameState(S1, store.findByFingerprint(S1.fingerprint()));
      byte[] bad = original.clone();
      bad[bad.length - 1] ^= 1;
      Files.write(file, bad);
      RatchetStoreException e =
          assertThrows(RatchetStoreException.class, () -> store.load(peer(1)));
      assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
      assertNull(store.findByFingerprint(S1.fingerprint()));
      assertEquals(List.of(file), store.corruptedRecords());
    }
  }

  @Test
  void load_corruptedRecordDeletedByOperator_recoversToInitial() throws Exception {
    Files.write(file, Arrays.copyOf(original, 10));
    try (FileRatchetStore store = FileRatchetStore.open(dir)) {
      assertEquals(List.of(file), store.corruptedRecords());
      Files.delete(file);
      assertEquals(RatchetPair.INITIAL, store.load(peer(1)));
      assertTrue(store.corruptedRecords().isEmpty());
      assertTrue(store.compareAndSwap(peer(1), RatchetPair.INITIAL, GOOD));
      assertSameState(S2, store.findByFingerprint(S2.fingerprint()));
    }
  }

  /** Opens the store on the damaged file, checks every symptom, returns load's message. */
  private String assertDetected(String what) throws Exception {
    try (FileRatchetStore store = FileRatchetStore.open(dir)) {
      assertEquals(List.of(file), store.corruptedRecords(), what);
      assertNull(store.findByFingerprint(S1.fingerprint()), what);
      assertNull(store.findByFingerprint(S2.fingerprint()), what);
      RatchetStoreException e =
          assertThrows(RatchetStoreException.class, () -> store.load(peer(1)), what);
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
      assertTrue(e.getMessage().startsWith("corrupted ratchet record"), e.getMessage());
      assertThrows(
          RatchetStoreException.class,
          () -> store.compareAndSwap(peer(1), RatchetPair.INITIAL, GOOD),
          what);
      assertThrows(
          RatchetStoreException.class,
          () -> store.compareAndSwap(peer(1), GOOD, RatchetPair.INITIAL),
          what);
      assertSamePair(OTHER, store.load(peer(2)));
      assertEquals(List.of(file), store.corruptedRecords(), what);
      return e.getMessage();
    }
  }
}
