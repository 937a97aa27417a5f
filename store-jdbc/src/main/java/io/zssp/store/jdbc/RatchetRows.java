package io.zssp.store.jdbc;

import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The columns of one {@code ratchet_record} row and their checksum: SHA-256 over the record as
 * {@code FileRatchetStore} encodes it (format version 1), the same bytes the SQL function {@code
 * ratchet_checksum} hashes. Stateless. Arrays passed in are read, never kept.
 */
final class RatchetRows {
  static final int MAX_PEER_KEY_SIZE = 1024;
  private static final byte[] MAGIC_AND_VERSION =
      "ZSRS\u0001".getBytes(StandardCharsets.ISO_8859_1);

  private RatchetRows() {}

  /** SHA-256 of the record (peer, pair) in FileRatchetStore's format version 1. */
  static byte[] checksum(byte[] peer, RatchetPair pair) {
    RatchetState s2 = pair.state2();
    MessageDigest md = sha256();
    md.update(MAGIC_AND_VERSION);
    md.update((byte) (s2 == null ? 0 : 1));
    md.update((byte) (peer.length >>> 8));
    md.update((byte) peer.length);
    md.update(peer);
    update(md, pair.state1());
    if (s2 != null) {
      update(md, s2);
    }
    return md.digest();
  }

  /**
   * The pair in a row after checking its checksum.
   *
   * @param rk2 null, with rf2 and chain2, when the row has no state2
   * @throws CorruptRowException naming the defect (never a key)
   */
  static RatchetPair decode(
      byte[] peer,
      byte[] rk1,
      byte[] rf1,
      long chain1,
      byte[] rk2,
      byte[] rf2,
      Long chain2,
      byte[] checksum)
      throws CorruptRowException {
    boolean hasState2 = rf2 != null;
    if ((rk2 != null) != hasState2 || (chain2 != null) != hasState2) {
      throw new CorruptRowException("state2 is partly null");
    }
    RatchetPair pair;
    try {
      RatchetState s1 = RatchetState.of(rk1, rf1, chain1);
      RatchetState s2 = hasState2 ? RatchetState.of(rk2, rf2, chain2) : null;
      pair = RatchetPair.of(s1, s2);
    } catch (IllegalArgumentException e) {
      throw new CorruptRowException("bad column: " + e.getMessage());
    }
    if (checksum == null || !MessageDigest.isEqual(checksum(peer, pair), checksum)) {
      throw new CorruptRowException("checksum mismatch (SHA-256 over the record)");
    }
    return pair;
  }

  static void checkPeerKey(byte[] peer) {
    if (peer.length == 0 || peer.length > MAX_PEER_KEY_SIZE) {
      throw new IllegalArgumentException(
          "peer static key must have 1.." + MAX_PEER_KEY_SIZE + " bytes, got " + peer.length);
    }
  }

  /** A peer's name in messages: the first 16 hex characters of SHA-256 of its static key. */
  static String peerName(byte[] peer) {
    return HexFormat.of().formatHex(sha256().digest(peer), 0, 8);
  }

  static void wipe(byte[]... arrays) {
    for (byte[] a : arrays) {
      if (a != null) {
        Arrays.fill(a, (byte) 0);
      }
    }
  }

  private static void update(MessageDigest md, RatchetState s) {
    byte[] key = s.key();
    try {
      md.update(key);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
    md.update(s.fingerprint());
    long c = s.chainLength();
    for (int shift = 56; shift >= 0; shift -= 8) {
      md.update((byte) (c >>> shift));
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is mandatory in every JDK", e);
    }
  }

  /** A row whose columns do not form a valid record. */
  static final class CorruptRowException extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptRowException(String message) {
      super(message);
    }
  }
}
