package io.zssp.udp;

import static io.zssp.udp.RatchetTestData.assertSamePair;
import static io.zssp.udp.RatchetTestData.assertSameState;
import static io.zssp.udp.RatchetTestData.pair;
import static io.zssp.udp.RatchetTestData.peer;
import static io.zssp.udp.RatchetTestData.recordFile;
import static io.zssp.udp.RatchetTestData.state;
import static io.zssp.udp.RatchetTestData.tempFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStoreException;
import io.zssp.udp.CrashingFs.Mode;
import io.zssp.udp.CrashingFs.SimulatedCrash;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Crash safety of the FileRatchetStore write path: a crash (with power loss) or an I/O error before
 * every step of a record write leaves the complete old or the complete new record, never a torn,
 * missing or corrupted one, and the reopened store's index agrees with it.
 */
class FileRatchetStoreCrashTest {
  private static final RatchetState OLD1 = state("old1", 4);
  private static final RatchetState OLD2 = state("old2", 3);
  private static final RatchetState NEW = state("new", 5);
  private static final RatchetState NEWER = state("newer", 6);
  private static final RatchetPair BYSTANDER = pair(state("bystander", 9), null);

  @TempDir Path dir;

  static Stream<Arguments> crashPoints() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (int k = 0; k <= CrashingFs.STEPS; k++) {
      for (boolean hadRecord : new boolean[] {false, true}) {
        for (boolean loseRename : new boolean[] {false, true}) {
          b.add(Arguments.of(k, hadRecord, loseRename));
        }
      }
    }
    return b.build();
  }

  @ParameterizedTest(name = "crash before step {0}, had record {1}, rename lost {2}")
  @MethodSource("crashPoints")
  void compareAndSwap_crashBeforeEachStep_reopenedStoreHasCompleteOldOrNew(
      int k, boolean hadRecord, boolean loseRename) throws Exception {
    RatchetPair old = setUp(hadRecord);
    RatchetPair replacement = pair(NEW, old.state1());
    CrashingFs fs = new CrashingFs(k, Mode.CRASH);
    FileRatchetStore crashing = FileRatchetStore.open(dir, fs);
    if (k < CrashingFs.STEPS) {
      assertThrows(SimulatedCrash.class, () -> crashing.compareAndSwap(peer(1), old, replacement));
    } else {
      assertTrue(crashing.compareAndSwap(peer(1), old, replacement));
    }
    fs.powerLoss(loseRename);
    crashing.close();

    // Steps 0-4: nothing visible yet. Step 5 (directory fsync) pending: the rename may be lost.
    boolean expectNew = k == CrashingFs.STEPS || (k == 5 && !loseRename);
    assertReopenedHolds(expectNew ? replacement : old, expectNew ? old : replacement);
  }

  @ParameterizedTest(name = "had record {0}")
  @MethodSource("booleans")
  void compareAndSwap_crashInTheMiddleOfWrite_reopenedStoreHasOld(boolean hadRecord)
      throws Exception {
    RatchetPair old = setUp(hadRecord);
    CrashingFs fs = new CrashingFs(1, Mode.CRASH_DURING_WRITE);
    FileRatchetStore crashing = FileRatchetStore.open(dir, fs);
    RatchetPair replacement = pair(NEW, null);
    assertThrows(SimulatedCrash.class, () -> crashing.compareAndSwap(peer(1), old, replacement));
    assertEquals(1, tempFiles(dir).size(), "the crash leaves a torn temp file");
    fs.powerLoss(true);
    crashing.close();
    assertReopenedHolds(old, replacement);
  }

  static Stream<Boolean> booleans() {
    return Stream.of(false, true);
  }

  @ParameterizedTest(name = "I/O error before step {0}")
  @MethodSource("ioErrorSteps")
  void compareAndSwap_ioErrorBeforeEachStep_throwsAndStoreStaysConsistent(int k) throws Exception {
    RatchetPair old = setUp(true);
    RatchetPair replacement = pair(NEW, old.state1());
    try (FileRatchetStore store = FileRatchetStore.open(dir, new CrashingFs(k, Mode.IO_ERROR))) {
      RatchetStoreException e =
          assertThrows(
              RatchetStoreException.class, () -> store.compareAndSwap(peer(1), old, replacement));
      assertTrue(
          e.getMessage().contains(recordFile(dir, peer(1)).getFileName().toString()),
          e.getMessage());
      assertTrue(tempFiles(dir).isEmpty(), "temp file cleaned up");
      // Before the rename nothing changed; a failed directory fsync leaves the new record in place.
      RatchetPair now = k == 5 ? replacement : old;
      assertSamePair(now, store.load(peer(1)));
      assertIndexHolds(store, now, k == 5 ? old : replacement);
      assertTrue(store.compareAndSwap(peer(1), now, pair(NEWER, null)), "a retry succeeds");
    }
    assertReopenedHolds(pair(NEWER, null), old);
  }

  static Stream<Integer> ioErrorSteps() {
    return Stream.of(0, 1, 2, 3, 4, 5);
  }

  @Test
  void crashModel_storeThatNeverForcesData_isCaughtAsCorruption() throws Exception {
    RatchetPair old = setUp(true);
    CrashingFs fs = new CrashingFs(5, Mode.CRASH, /* forceIsNoop= */ true);
    FileRatchetStore crashing = FileRatchetStore.open(dir, fs);
    assertThrows(
        SimulatedCrash.class, () -> crashing.compareAndSwap(peer(1), old, pair(NEW, null)));
    fs.powerLoss(false);
    crashing.close();
    try (FileRatchetStore reopened = FileRatchetStore.open(dir)) {
      assertEquals(
          List.of(recordFile(dir, peer(1))),
          reopened.corruptedRecords(),
          "the model must be able to fail: an unforced record is torn by the power loss");
    }
  }

  @Test
  void open_tornTempFileLeftBehind_ignoredAndDeleted() throws Exception {
    RatchetPair old = setUp(true);
    Path temp = dir.resolve(RatchetRecordCodec.baseName(peer(1)) + ".tmp");
    byte[] full = RatchetRecordCodec.encode(peer(1), pair(NEW, null));
    Files.write(temp, Arrays.copyOf(full, full.length / 3));
    try (FileRatchetStore store = FileRatchetStore.open(dir)) {
      assertFalse(Files.exists(temp));
      assertSamePair(old, store.load(peer(1)));
      assertTrue(store.corruptedRecords().isEmpty());
      assertTrue(store.compareAndSwap(peer(1), old, pair(NEW, null)));
    }
  }

  /** Writes the bystander and, if asked, an old record for peer 1; returns peer 1's pair. */
  private RatchetPair setUp(boolean hadRecord) throws Exception {
    try (FileRatchetStore store = FileRatchetStore.open(dir)) {
      assertTrue(store.compareAndSwap(peer(2), RatchetPair.INITIAL, BYSTANDER));
      if (!hadRecord) {
        return RatchetPair.INITIAL;
      }
      assertTrue(store.compareAndSwap(peer(1), RatchetPair.INITIAL, pair(OLD1, OLD2)));
      return pair(OLD1, OLD2);
    }
  }

  /** Reopens the store from disk: peer 1 holds exactly {@code now}, nothing is corrupt or left. */
  private void assertReopenedHolds(RatchetPair now, RatchetPair notNow) throws Exception {
    try (FileRatchetStore store = FileRatchetStore.open(dir)) {
      assertTrue(store.corruptedRecords().isEmpty(), "corrupted: " + store.corruptedRecords());
      assertTrue(tempFiles(dir).isEmpty(), "temp files are cleaned at open");
      assertSamePair(now, store.load(peer(1)));
      assertSamePair(BYSTANDER, store.load(peer(2)));
      assertIndexHolds(store, now, notNow);
      if (now.equals(RatchetPair.INITIAL)) {
        assertFalse(Files.exists(recordFile(dir, peer(1))), "no record before the first write");
      }
    }
  }

  private static void assertIndexHolds(FileRatchetStore store, RatchetPair now, RatchetPair notNow)
      throws RatchetStoreException {
    for (RatchetState s : new RatchetState[] {now.state1(), now.state2()}) {
      if (s != null && !s.isZero()) {
        assertSameState(s, store.findByFingerprint(s.fingerprint()));
      }
    }
    for (RatchetState s : new RatchetState[] {notNow.state1(), notNow.state2()}) {
      if (s != null && !s.isZero() && !now.containsFingerprint(s.fingerprint())) {
        assertNull(store.findByFingerprint(s.fingerprint()), "stale state indexed: " + s);
      }
    }
  }
}
