package io.zssp.udp;

import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStore;
import io.zssp.api.RatchetStoreException;
import io.zssp.udp.RatchetRecordCodec.CorruptRecordException;
import io.zssp.udp.RatchetRecordCodec.Record;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;

/**
 * A durable {@link RatchetStore}: one directory, one record file per peer (ZSSP-SPEC §9.3), with
 * the same semantics as {@link io.zssp.api.InMemoryRatchetStore}. The store owns the directory
 * while open (an exclusive {@code .lock} file keeps other processes and other instances out) and
 * {@link #close()} releases it. Thread-safe: calls for different peers run in parallel (64 lock
 * stripes), calls for one peer are serialized.
 *
 * <p><b>Files.</b> A peer's record is {@code <h>.ratchet}, where {@code h} is the first 32
 * lowercase hex characters (128 bits) of SHA-256 of the peer's static key; its temporary file is
 * {@code <h>.tmp}. Other files in the directory are ignored. Where POSIX is supported the directory
 * is created 700 and record files 600: records hold ratchet keys in the clear.
 *
 * <p><b>Record format, version 1</b> (big-endian):
 *
 * <pre>
 *   4  magic "ZSRS"
 *   1  version = 1
 *   1  flags: bit 0 = state2 present; other bits 0
 *   2  L = length of the peer static key (1..1024, normally 49)
 *   L  peer static key (its SHA-256 must give the file name)
 *   72 state1: 32 ratchet key, 32 fingerprint, 8 chain length (signed, &gt;= 0)
 *   72 state2, same layout, only if flag bit 0
 *   32 SHA-256 of all the bytes above
 * </pre>
 *
 * A record of any other length, magic, version, flags or checksum is corrupted: {@link #load} and
 * {@link #compareAndSwap} for that peer throw a {@link RatchetStoreException} naming the file
 * (never "no record"), the fingerprint index skips it, and {@link #corruptedRecords()} lists it
 * until the operator deletes or restores the file.
 *
 * <p><b>Write protocol</b> ({@link #compareAndSwap}, under the peer's lock, after reading the
 * current record from disk and comparing it with {@code expected}): (1) create {@code <h>.tmp}; (2)
 * write the record; (3) {@code force(true)}; (4) close; (5) rename over {@code <h>.ratchet} with
 * {@code ATOMIC_MOVE}; (6) fsync the directory. A crash at any point leaves the complete old or the
 * complete new record; stale temporary files are deleted when a store is opened. Directory fsync
 * works on Linux and other POSIX systems and is best-effort elsewhere (skipped on Windows; on macOS
 * {@code force} is {@code fsync}, not {@code F_FULLFSYNC}). If step 6 fails, the call throws
 * although the new record is in place (and indexed): it may or may not survive a power loss.
 *
 * <p><b>Index.</b> In memory, built at open by reading every record, updated by every write; each
 * load and write also re-reads the peer's record and reconciles the index with it. Unlike {@link
 * io.zssp.api.InMemoryRatchetStore}, a fingerprint stored by two peers stays indexed until both
 * drop it; {@link #findByFingerprint} then returns one of the states.
 *
 * <p><b>Record cap</b> ({@link #open(Path, int)}). An open listener records every peer that
 * completes a handshake, so anyone could fill the disk with records. With a cap, creating a record
 * beyond it first deletes another: the least recently used record of a peer that never rekeyed
 * (chain length 1: what a flood of one-off handshakes creates), and only when there is none, the
 * least recently used of all ("used": the last load or write in this process; at open, the file
 * modification time). So a flood of new identities churns its own records, not those of peers that
 * keep their sessions. The evicted peer's next handshake finds no ratchet: it proceeds with the
 * zero ratchet and a downgrade warning, or is refused where π3 is set (as after any record loss,
 * ZSSP-SPEC §9.7). Use a cap for opportunistic peers only; a store for an allow list of known peers
 * needs none.
 */
public final class FileRatchetStore implements RatchetStore, Closeable {
  private static final int STRIPES = 64;
  private static final String LOCK_FILE = ".lock";

  private final Path dir;
  private final RatchetStoreFs fs;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Object[] stripes = new Object[STRIPES];
  private final RatchetFingerprintIndex index = new RatchetFingerprintIndex();
  private final int maxRecords;

  /**
   * Record names in least-recently-used order: {@link #young} (chain length 1, evicted first) and
   * {@link #settled} (rekeyed at least once). Both guarded by {@code young}.
   */
  private final LinkedHashMap<String, Boolean> young = new LinkedHashMap<>(16, 0.75f, true);

  private final LinkedHashMap<String, Boolean> settled = new LinkedHashMap<>(16, 0.75f, true);

  private volatile boolean closed;

  private FileRatchetStore(
      Path dir, RatchetStoreFs fs, FileChannel lockChannel, FileLock lock, int maxRecords) {
    this.dir = dir;
    this.fs = fs;
    this.maxRecords = maxRecords;
    this.lockChannel = lockChannel;
    this.lock = lock;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Object();
    }
  }

  /**
   * Opens (creating if needed, mode 700 where POSIX applies) the store in {@code dir}, deletes
   * temporary files left by a crash and builds the fingerprint index. The caller owns the store and
   * closes it.
   *
   * @throws IOException if the directory cannot be created or read, or is in use by another store
   */
  public static FileRatchetStore open(Path dir) throws IOException {
    return open(dir, RatchetStoreFs.REAL, Integer.MAX_VALUE);
  }

  /**
   * {@link #open(Path)} with a cap on the number of records: creating one beyond it evicts the
   * least recently used record (class documentation).
   *
   * @param maxRecords at least 1
   */
  public static FileRatchetStore open(Path dir, int maxRecords) throws IOException {
    if (maxRecords < 1) {
      throw new IllegalArgumentException("maxRecords must be positive, got " + maxRecords);
    }
    return open(dir, RatchetStoreFs.REAL, maxRecords);
  }

  /** {@link #open(Path)} with a file-operation seam (tests). */
  static FileRatchetStore open(Path dir, RatchetStoreFs fs) throws IOException {
    return open(dir, fs, Integer.MAX_VALUE);
  }

  private static FileRatchetStore open(Path dir, RatchetStoreFs fs, int maxRecords)
      throws IOException {
    Path abs = dir.toAbsolutePath().normalize();
    RatchetStoreFs.createPrivateDirectory(abs, fs);
    FileChannel channel =
        FileChannel.open(
            abs.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock fileLock;
    try {
      fileLock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      fileLock = null;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (fileLock == null) {
      channel.close();
      throw new IOException(
          "ratchet store " + abs + " is already open (in this or another process)");
    }
    FileRatchetStore store = new FileRatchetStore(abs, fs, channel, fileLock, maxRecords);
    try {
      store.scan();
    } catch (IOException | RuntimeException e) {
      store.close();
      throw e;
    }
    return store;
  }

  /**
   * Reads the peer's record from disk: its pair, or {@link RatchetPair#INITIAL} if there is no
   * record file.
   *
   * @throws RatchetStoreException if the record is corrupted or unreadable (message names the
   *     file), or the store is closed
   */
  @Override
  public RatchetPair load(byte[] peerStaticKey) throws RatchetStoreException {
    RatchetRecordCodec.checkPeerKey(peerStaticKey);
    String name = RatchetRecordCodec.baseName(peerStaticKey);
    synchronized (stripe(name)) {
      checkOpen();
      RatchetPair pair = readCurrent(name, peerStaticKey);
      if (pair != RatchetPair.INITIAL) {
        touch(name, pair);
      }
      return pair;
    }
  }

  /** The indexed state with this fingerprint, or null (corrupted records are not indexed). */
  @Override
  public RatchetState findByFingerprint(byte[] fingerprint) throws RatchetStoreException {
    checkOpen();
    return index.find(fingerprint);
  }

  /**
   * Under the peer's lock, reads the record from disk (missing = {@link RatchetPair#INITIAL}) and,
   * if it equals {@code expected}, writes {@code replacement} by the write protocol above.
   *
   * @return true if written and durable, false on a conflict (nothing written)
   * @throws RatchetStoreException if the record is corrupted, an I/O step fails (the message says
   *     whether the new record is nevertheless in place) or the store is closed
   */
  @Override
  public boolean compareAndSwap(byte[] peerStaticKey, RatchetPair expected, RatchetPair replacement)
      throws RatchetStoreException {
    RatchetRecordCodec.checkPeerKey(peerStaticKey);
    Objects.requireNonNull(expected, "expected");
    Objects.requireNonNull(replacement, "replacement");
    String name = RatchetRecordCodec.baseName(peerStaticKey);
    makeRoomFor(name);
    synchronized (stripe(name)) {
      checkOpen();
      if (!readCurrent(name, peerStaticKey).equals(expected)) {
        return false;
      }
      write(name, peerStaticKey, replacement);
      touch(name, replacement);
      return true;
    }
  }

  /** The record files found corrupted (at open or since), sorted; empty when all are sound. */
  public List<Path> corruptedRecords() {
    return index.corrupted();
  }

  /** The store's directory (absolute). */
  public Path directory() {
    return dir;
  }

  /**
   * Releases the directory lock; later calls throw {@link RatchetStoreException}. Call it after
   * in-flight calls have returned. Idempotent.
   */
  @Override
  public void close() throws IOException {
    closed = true;
    try {
      if (lock.isValid()) {
        lock.release();
      }
    } finally {
      lockChannel.close();
    }
  }

  /** Shows the directory only. */
  @Override
  public String toString() {
    return "FileRatchetStore[" + dir + "]";
  }

  private void scan() throws IOException {
    List<Object[]> byAge = new ArrayList<>(); // {mtime, name}
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path file : entries) {
        String fileName = file.getFileName().toString();
        if (RatchetRecordCodec.hasName(fileName, RatchetRecordCodec.TEMP_SUFFIX)) {
          fs.delete(file);
        } else if (RatchetRecordCodec.hasName(fileName, RatchetRecordCodec.RECORD_SUFFIX)) {
          String name = fileName.substring(0, RatchetRecordCodec.NAME_HEX_CHARS);
          byte[] data = RatchetRecordCodec.read(file);
          try {
            Record r = RatchetRecordCodec.decode(data);
            if (!RatchetRecordCodec.baseName(r.peerStaticKey).equals(name)) {
              throw new CorruptRecordException("file name does not match the peer key inside");
            }
            index.update(name, r.pair);
            byAge.add(new Object[] {Files.getLastModifiedTime(file).toMillis(), name, r.pair});
          } catch (CorruptRecordException e) {
            index.markCorrupted(name, file);
          } finally {
            Arrays.fill(data, (byte) 0);
          }
        }
      }
    }
    byAge.sort((a, b) -> Long.compare((Long) a[0], (Long) b[0]));
    for (Object[] e : byAge) {
      touch((String) e[1], (RatchetPair) e[2]);
    }
  }

  private void touch(String name, RatchetPair pair) {
    synchronized (young) {
      if (pair.state1().chainLength() <= 1) {
        settled.remove(name);
        young.put(name, Boolean.TRUE);
      } else {
        young.remove(name);
        settled.put(name, Boolean.TRUE);
      }
    }
  }

  /**
   * Before a write that may create record {@code name}: while the store is at its cap and {@code
   * name} is not one of its records, deletes a record chosen as the class documentation says (under
   * that peer's lock only, never two peer locks at once). Concurrent creators may overshoot the cap
   * by their number, never more.
   */
  private void makeRoomFor(String name) throws RatchetStoreException {
    while (true) {
      String victim;
      synchronized (young) {
        if (young.size() + settled.size() < maxRecords
            || young.containsKey(name)
            || settled.containsKey(name)) {
          return;
        }
        LinkedHashMap<String, Boolean> from = young.isEmpty() ? settled : young;
        victim = from.keySet().iterator().next();
        from.remove(victim);
      }
      synchronized (stripe(victim)) {
        checkOpen();
        try {
          fs.delete(recordFile(victim));
          index.update(victim, null);
        } catch (IOException | RuntimeException e) {
          throw new RatchetStoreException(
              "cannot evict ratchet record " + recordFile(victim) + ": " + e, e);
        }
      }
    }
  }

  /** Reads the peer's record from disk and brings the index in line with it. */
  private RatchetPair readCurrent(String name, byte[] peerStaticKey) throws RatchetStoreException {
    Path file = recordFile(name);
    byte[] data;
    try {
      data = RatchetRecordCodec.read(file);
    } catch (NoSuchFileException e) {
      index.update(name, null);
      return RatchetPair.INITIAL;
    } catch (IOException e) {
      throw new RatchetStoreException("cannot read ratchet record " + file + ": " + e, e);
    }
    try {
      Record r = RatchetRecordCodec.decode(data);
      if (!Arrays.equals(r.peerStaticKey, peerStaticKey)) {
        throw new CorruptRecordException("it holds another peer's key (misplaced file)");
      }
      index.update(name, r.pair);
      return r.pair;
    } catch (CorruptRecordException e) {
      index.markCorrupted(name, file);
      throw new RatchetStoreException("corrupted ratchet record " + file + ": " + e.getMessage());
    } finally {
      Arrays.fill(data, (byte) 0);
    }
  }

  /** Steps 1-6 of the write protocol (class Javadoc). */
  private void write(String name, byte[] peerStaticKey, RatchetPair replacement)
      throws RatchetStoreException {
    Path target = recordFile(name);
    Path temp = dir.resolve(name + RatchetRecordCodec.TEMP_SUFFIX);
    byte[] data = RatchetRecordCodec.encode(peerStaticKey, replacement);
    FileChannel channel = null;
    boolean moved = false;
    try {
      channel = fs.createTemp(temp);
      fs.write(channel, ByteBuffer.wrap(data));
      fs.force(channel);
      FileChannel written = channel;
      channel = null;
      fs.close(written);
      fs.move(temp, target);
      moved = true;
      index.update(name, replacement);
      fs.forceDirectory(dir);
    } catch (IOException | RuntimeException e) {
      if (moved) {
        throw new RatchetStoreException(
            "ratchet record "
                + target
                + " was replaced but the"
                + " directory fsync failed; the new record may not survive a crash: "
                + e,
            e);
      }
      cleanUp(channel, temp, e);
      throw new RatchetStoreException("cannot write ratchet record " + target + ": " + e, e);
    } finally {
      Arrays.fill(data, (byte) 0);
    }
  }

  private void cleanUp(FileChannel channel, Path temp, Exception failure) {
    try {
      if (channel != null) {
        fs.close(channel);
      }
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
    try {
      fs.delete(temp);
    } catch (IOException | RuntimeException e) {
      failure.addSuppressed(e);
    }
  }

  private Path recordFile(String name) {
    return dir.resolve(name + RatchetRecordCodec.RECORD_SUFFIX);
  }

  private Object stripe(String name) {
    return stripes[Integer.parseInt(name.substring(0, 2), 16) % STRIPES];
  }

  private void checkOpen() throws RatchetStoreException {
    if (closed) {
      throw new RatchetStoreException("ratchet store " + dir + " is closed");
    }
  }
}
