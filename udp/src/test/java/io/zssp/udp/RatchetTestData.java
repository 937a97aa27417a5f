package io.zssp.udp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Deterministic peers and ratchet states for the store tests, and full-value assertions. */
final class RatchetTestData {
  private RatchetTestData() {}

  /** A 49-byte "compressed key" for peer {@code i} (not a curve point; the store does not care). */
  static byte[] peer(int i) {
    byte[] key = Arrays.copyOf(sha256("peer-" + i), 49);
    key[0] = 0x02;
    key[48] = (byte) i;
    return key;
  }

  /** A state whose key and fingerprint derive from {@code label}; distinct labels never collide. */
  static RatchetState state(String label, long chainLength) {
    return RatchetState.of(sha256("rk-" + label), sha256("rf-" + label), chainLength);
  }

  static RatchetPair pair(RatchetState state1, RatchetState state2) {
    return RatchetPair.of(state1, state2);
  }

  /** Asserts equal keys, fingerprints and chain lengths (RatchetState.equals checks rf only). */
  static void assertSameState(RatchetState expected, RatchetState actual) {
    if (expected == null) {
      assertNull(actual);
      return;
    }
    assertNotNull(actual, "expected " + expected);
    assertArrayEquals(expected.fingerprint(), actual.fingerprint(), "fingerprint");
    assertArrayEquals(expected.key(), actual.key(), "ratchet key of " + expected);
    assertEquals(expected.chainLength(), actual.chainLength(), "chain length of " + expected);
  }

  static void assertSamePair(RatchetPair expected, RatchetPair actual) {
    assertNotNull(actual);
    assertSameState(expected.state1(), actual.state1());
    assertSameState(expected.state2(), actual.state2());
  }

  /** The temp files in {@code dir} (names ending in .tmp). */
  static List<Path> tempFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".tmp"))
          .collect(Collectors.toList());
    }
  }

  /** The record file of a peer in {@code dir}. */
  static Path recordFile(Path dir, byte[] peer) {
    return dir.resolve(RatchetRecordCodec.baseName(peer) + ".ratchet");
  }

  static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
