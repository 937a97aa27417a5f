package io.zssp.udp;

import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Encodes and decodes one {@link FileRatchetStore} record file (format version 1, documented on
 * {@link FileRatchetStore}) and derives record file names. Stateless; encoded arrays hold ratchet
 * keys and belong to the caller, who wipes them.
 */
final class RatchetRecordCodec {
  /** "ZSRS": ZSSP ratchet store. */
  static final byte[] MAGIC = "ZSRS".getBytes(StandardCharsets.US_ASCII);

  static final int VERSION = 1;
  static final int FLAG_STATE2 = 0x01;
  static final int MAX_PEER_KEY_SIZE = 1024;
  static final int HEADER_SIZE = 8;
  static final int STATE_SIZE = 32 + 32 + 8;
  static final int CHECKSUM_SIZE = 32;
  static final String RECORD_SUFFIX = ".ratchet";
  static final String TEMP_SUFFIX = ".tmp";

  /** Hex characters of SHA-256(peer key) in a record name: 128 bits. */
  static final int NAME_HEX_CHARS = 32;

  static final int MAX_RECORD_SIZE =
      HEADER_SIZE + MAX_PEER_KEY_SIZE + 2 * STATE_SIZE + CHECKSUM_SIZE;

  private RatchetRecordCodec() {}

  /** The record base name of a peer: the first 32 hex chars of SHA-256(peer static key). */
  static String baseName(byte[] peerStaticKey) {
    byte[] digest = sha256(peerStaticKey, 0, peerStaticKey.length);
    return HexFormat.of().formatHex(digest, 0, NAME_HEX_CHARS / 2);
  }

  /** Whether {@code fileName} is {@code <32 lowercase hex>} + {@code suffix}. */
  static boolean hasName(String fileName, String suffix) {
    if (fileName.length() != NAME_HEX_CHARS + suffix.length() || !fileName.endsWith(suffix)) {
      return false;
    }
    for (int i = 0; i < NAME_HEX_CHARS; i++) {
      char c = fileName.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Reads a record file, at most {@link #MAX_RECORD_SIZE} + 1 bytes (a longer file then fails
   * {@link #decode} as having trailing bytes). The caller wipes the result.
   */
  static byte[] read(Path file) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate((int) Math.min(channel.size(), MAX_RECORD_SIZE + 1L));
      while (buf.hasRemaining() && channel.read(buf) >= 0) {
        // read until full or end of file
      }
      return Arrays.copyOf(buf.array(), buf.position());
    }
  }

  /** Encodes a record; the result contains ratchet keys and should be wiped after writing. */
  static byte[] encode(byte[] peerStaticKey, RatchetPair pair) {
    checkPeerKey(peerStaticKey);
    boolean hasState2 = pair.state2() != null;
    int size = HEADER_SIZE + peerStaticKey.length + STATE_SIZE * (hasState2 ? 2 : 1);
    byte[] out = new byte[size + CHECKSUM_SIZE];
    ByteBuffer b = ByteBuffer.wrap(out);
    b.put(MAGIC).put((byte) VERSION).put((byte) (hasState2 ? FLAG_STATE2 : 0));
    b.putShort((short) peerStaticKey.length).put(peerStaticKey);
    putState(b, pair.state1());
    if (hasState2) {
      putState(b, pair.state2());
    }
    b.put(sha256(out, 0, size));
    return out;
  }

  /** A decoded record. */
  static final class Record {
    final byte[] peerStaticKey;
    final RatchetPair pair;

    Record(byte[] peerStaticKey, RatchetPair pair) {
      this.peerStaticKey = peerStaticKey;
      this.pair = pair;
    }
  }

  /**
   * Decodes and verifies a record (does not wipe {@code data}).
   *
   * @throws CorruptRecordException naming the defect (not the file; the caller adds it)
   */
  static Record decode(byte[] data) throws CorruptRecordException {
    if (data.length < HEADER_SIZE) {
      throw new CorruptRecordException(
          "truncated: " + data.length + " bytes, shorter than the header");
    }
    if (!Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
      throw new CorruptRecordException("bad magic (not a ZSSP ratchet record)");
    }
    int version = data[4] & 0xff;
    if (version != VERSION) {
      throw new CorruptRecordException("unsupported record version " + version + " (expected 1)");
    }
    int flags = data[5] & 0xff;
    if ((flags & ~FLAG_STATE2) != 0) {
      throw new CorruptRecordException(String.format("unknown flags 0x%02x", flags));
    }
    int peerKeySize = ((data[6] & 0xff) << 8) | (data[7] & 0xff);
    if (peerKeySize == 0 || peerKeySize > MAX_PEER_KEY_SIZE) {
      throw new CorruptRecordException("bad peer key length " + peerKeySize);
    }
    boolean hasState2 = (flags & FLAG_STATE2) != 0;
    int size = HEADER_SIZE + peerKeySize + STATE_SIZE * (hasState2 ? 2 : 1);
    if (data.length != size + CHECKSUM_SIZE) {
      throw new CorruptRecordException(
          (data.length < size + CHECKSUM_SIZE ? "truncated" : "trailing bytes")
              + ": "
              + data.length
              + " bytes, expected "
              + (size + CHECKSUM_SIZE));
    }
    byte[] digest = sha256(data, 0, size);
    if (!MessageDigest.isEqual(digest, Arrays.copyOfRange(data, size, data.length))) {
      throw new CorruptRecordException("checksum mismatch (SHA-256 over the record)");
    }
    ByteBuffer b = ByteBuffer.wrap(data, HEADER_SIZE, size - HEADER_SIZE);
    byte[] peerKey = new byte[peerKeySize];
    b.get(peerKey);
    RatchetState state1 = getState(b, "state1");
    RatchetState state2 = hasState2 ? getState(b, "state2") : null;
    return new Record(peerKey, RatchetPair.of(state1, state2));
  }

  static void checkPeerKey(byte[] peerStaticKey) {
    if (peerStaticKey.length == 0 || peerStaticKey.length > MAX_PEER_KEY_SIZE) {
      throw new IllegalArgumentException(
          "peer static key must have 1.."
              + MAX_PEER_KEY_SIZE
              + " bytes, got "
              + peerStaticKey.length);
    }
  }

  private static void putState(ByteBuffer b, RatchetState s) {
    byte[] key = s.key();
    try {
      b.put(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    b.put(s.fingerprint()).putLong(s.chainLength());
  }

  private static RatchetState getState(ByteBuffer b, String which) throws CorruptRecordException {
    byte[] key = new byte[32];
    byte[] fingerprint = new byte[32];
    try {
      b.get(key).get(fingerprint);
      long chainLength = b.getLong();
      if (chainLength < 0) {
        throw new CorruptRecordException(which + " has a negative chain length");
      }
      return RatchetState.of(key, fingerprint, chainLength);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  private static byte[] sha256(byte[] data, int off, int len) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(data, off, len);
      return md.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }

  /** A record whose bytes are not a valid version-1 record. */
  static final class CorruptRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptRecordException(String message) {
      super(message);
    }
  }
}
