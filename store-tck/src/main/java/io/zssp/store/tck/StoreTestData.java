package io.zssp.store.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.zssp.api.RatchetPair;
import io.zssp.api.RatchetState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/** Deterministic peers and ratchet states for store tests, and full-value assertions. */
public final class StoreTestData {
  private StoreTestData() {}

  /** A 49-byte "compressed key" for peer {@code i} (not a curve point; stores do not care). */
  public static byte[] peer(int i) {
    byte[] key = Arrays.copyOf(sha256("peer-" + i), 49);
    key[0] = 0x02;
    key[48] = (byte) i;
    return key;
  }

  /** A state whose key and fingerprint derive from {@code label}; distinct labels never collide. */
  public static RatchetState state(String label, long chainLength) {
    return RatchetState.of(sha256("rk-" + label), sha256("rf-" + label), chainLength);
  }

  public static RatchetPair pair(RatchetState state1, RatchetState state2) {
    return RatchetPair.of(state1, state2);
  }

  /** Asserts equal keys, fingerprints and chain lengths (RatchetState.equals checks rf only). */
  public static void assertSameState(RatchetState expected, RatchetState actual) {
    if (expected == null) {
      assertNull(actual);
      return;
    }
    assertNotNull(actual, "expected " + expected);
    assertArrayEquals(expected.fingerprint(), actual.fingerprint(), "fingerprint");
    assertArrayEquals(expected.key(), actual.key(), "ratchet key of " + expected);
    assertEquals(expected.chainLength(), actual.chainLength(), "chain length of " + expected);
  }

  /** {@link #assertSameState} for both states of a pair. */
  public static void assertSamePair(RatchetPair expected, RatchetPair actual) {
    assertNotNull(actual);
    assertSameState(expected.state1(), actual.state1());
    assertSameState(expected.state2(), actual.state2());
  }

  public static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
