package io.zssp.udp;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import io.zssp.api.RatchetStoreException;
import io.zssp.fuzz.Allocation;
import io.zssp.udp.RatchetRecordCodec.CorruptRecordException;
import io.zssp.udp.RatchetRecordCodec.Record;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Fuzz targets for ratchet-record decoding ({@link RatchetRecordCodec#decode}, format version 1,
 * documented on {@link FileRatchetStore}) and for reading a record through the store ({@link
 * FileRatchetStore#load}). Whatever the bytes, decoding either returns a record or throws {@link
 * CorruptRecordException}, and loading either returns a pair or throws {@link
 * RatchetStoreException}; nothing else escapes, and each allocates within a bound linear in the
 * record. A record that decodes is canonical: encoding it again gives the same bytes, the store
 * returns the same pair and indexes its state; a record the store rejects leaves nothing of itself
 * in the index.
 *
 * <p>A record ends with a SHA-256 over the rest, which a fuzzer cannot forge, so an input may ask
 * for the checksum to be recomputed after mutating: that is how the fields behind it (lengths,
 * flags, chain lengths) are reached. Seeds, made at test time: records with one and two states,
 * with peer keys of 49, 1 and 1024 bytes, and chain lengths 0, 1 and 2^63 − 1.
 */
class RatchetRecordFuzzTest {
  private static final List<byte[]> SEEDS = new ArrayList<>();
  private static final byte[] PEER = new byte[49];
  private static final FileRatchetStore STORE;
  private static final Path RECORD;

  private static final List<RatchetState> SEED_STATES;

  static {
    Arrays.fill(PEER, (byte) 3);
    RatchetState one = state(1, 1);
    RatchetState two = state(2, Long.MAX_VALUE);
    SEED_STATES = List.of(one, two);
    SEEDS.add(RatchetRecordCodec.encode(PEER, RatchetPair.of(one, null)));
    SEEDS.add(RatchetRecordCodec.encode(PEER, RatchetPair.of(two, one)));
    SEEDS.add(RatchetRecordCodec.encode(new byte[] {9}, RatchetPair.of(RatchetState.ZERO, null)));
    SEEDS.add(RatchetRecordCodec.encode(new byte[1024], RatchetPair.of(one, two)));
    try {
      Path dir = Files.createTempDirectory("zssp-fuzz-ratchets");
      dir.toFile().deleteOnExit();
      STORE = FileRatchetStore.open(dir);
      RECORD = dir.resolve(RatchetRecordCodec.baseName(PEER) + RatchetRecordCodec.RECORD_SUFFIX);
      RECORD.toFile().deleteOnExit();
      dir.resolve(".lock").toFile().deleteOnExit();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @FuzzTest(maxDuration = "10m")
  void decode(FuzzedDataProvider in) {
    decode(record(in));
  }

  @FuzzTest(maxDuration = "10m")
  void storeLoad(FuzzedDataProvider in) throws IOException {
    load(record(in));
  }

  /** Decodes {@code data}: a record (checked canonical) or {@link CorruptRecordException}. */
  static void decode(byte[] data) {
    Record r;
    Allocation.Meter meter = Allocation.start();
    try {
      r = RatchetRecordCodec.decode(data);
    } catch (CorruptRecordException expected) {
      meter.check(decodeBound(data), () -> "rejecting " + HexFormat.of().formatHex(data));
      return;
    }
    meter.check(decodeBound(data), () -> "decoding " + HexFormat.of().formatHex(data));
    byte[] again = RatchetRecordCodec.encode(r.peerStaticKey, r.pair);
    if (!Arrays.equals(again, data)) {
      throw new AssertionError(
          "a decoded record encodes differently:\n  in  "
              + HexFormat.of().formatHex(data)
              + "\n  out "
              + HexFormat.of().formatHex(again));
    }
  }

  /** Writes {@code data} as the record of {@link #PEER} and loads it through the store. */
  static void load(byte[] data) throws IOException {
    Files.write(RECORD, data);
    RatchetPair pair;
    Allocation.Meter meter = Allocation.start();
    try {
      pair = STORE.load(PEER);
    } catch (RatchetStoreException expected) {
      meter.check(loadBound(data), () -> "rejecting " + HexFormat.of().formatHex(data));
      // A corrupted record is not indexed: none of the seeds' states can be found any more.
      for (RatchetState s : SEED_STATES) {
        if (findByFingerprint(s.fingerprint()) != null) {
          throw new AssertionError(
              "a rejected record left " + s + " in the index: " + HexFormat.of().formatHex(data));
        }
      }
      return;
    }
    meter.check(loadBound(data), () -> "loading " + HexFormat.of().formatHex(data));
    RatchetState found = findByFingerprint(pair.state1().fingerprint());
    if (!pair.state1().isZero() && !pair.state1().equals(found)) {
      throw new AssertionError(
          "the index does not return the loaded state1 " + pair + ": " + found);
    }
    Record r;
    try {
      r = RatchetRecordCodec.decode(data);
    } catch (CorruptRecordException e) {
      throw new AssertionError(
          "the store loaded a record the codec rejects: " + HexFormat.of().formatHex(data), e);
    }
    if (!Arrays.equals(r.peerStaticKey, PEER) || !r.pair.equals(pair)) {
      throw new AssertionError(
          "the store returned " + pair + " for " + HexFormat.of().formatHex(data));
    }
  }

  /**
   * A seed or raw bytes, then up to 8 XORed bytes, an optional resize/overwrite, and optionally a
   * recomputed checksum.
   */
  static byte[] record(FuzzedDataProvider in) {
    boolean fixChecksum = in.consumeBoolean();
    int pick = in.consumeInt(0, SEEDS.size());
    byte[] d;
    if (pick == SEEDS.size()) {
      d = in.consumeRemainingAsBytes();
    } else {
      d = SEEDS.get(pick).clone();
      for (int n = in.consumeInt(0, 8); n > 0; n--) {
        d[in.consumeInt(0, d.length - 1)] ^= in.consumeByte();
      }
      if (in.consumeBoolean()) {
        int length = in.consumeInt(0, RatchetRecordCodec.MAX_RECORD_SIZE + 64);
        int at = in.consumeInt(0, length);
        d = Arrays.copyOf(d, length);
        byte[] patch = in.consumeBytes(length - at);
        System.arraycopy(patch, 0, d, at, patch.length);
      }
    }
    if (fixChecksum) {
      fixChecksum(d);
    }
    return d;
  }

  /**
   * Allocation allowed for decoding {@code data}: 16 KiB (a SHA-256, the states, the message of a
   * rejection) and 4 bytes per byte (the copies of the checksum and the peer key).
   */
  static long decodeBound(byte[] data) {
    return 16 * 1024 + 4L * data.length;
  }

  /**
   * Allocation allowed for loading {@code data} through the store: 64 KiB (the file channel, paths
   * and names, the index update) and 8 bytes per byte (the read buffer and its copy, then
   * decoding).
   */
  static long loadBound(byte[] data) {
    return 64 * 1024 + 8L * data.length;
  }

  private static RatchetState findByFingerprint(byte[] fingerprint) {
    try {
      return STORE.findByFingerprint(fingerprint);
    } catch (RatchetStoreException e) {
      throw new AssertionError("findByFingerprint failed on an open store", e);
    }
  }

  /** The seed records (shared arrays: copy before changing one). */
  static List<byte[]> seeds() {
    return SEEDS;
  }

  /** Replaces the last 32 bytes by the SHA-256 of the others, as a valid record has them. */
  static void fixChecksum(byte[] d) {
    if (d.length >= RatchetRecordCodec.CHECKSUM_SIZE) {
      int size = d.length - RatchetRecordCodec.CHECKSUM_SIZE;
      System.arraycopy(sha256(d, size), 0, d, size, RatchetRecordCodec.CHECKSUM_SIZE);
    }
  }

  private static RatchetState state(int fill, long chainLength) {
    byte[] key = new byte[32];
    byte[] fingerprint = new byte[32];
    Arrays.fill(key, (byte) fill);
    Arrays.fill(fingerprint, (byte) (fill + 100));
    return RatchetState.of(key, fingerprint, chainLength);
  }

  private static byte[] sha256(byte[] d, int len) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(d, 0, len);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
