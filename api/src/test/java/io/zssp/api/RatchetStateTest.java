package io.zssp.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zssp.testkit.Hex;
import org.junit.jupiter.api.Test;

class RatchetStateTest {
  private static final byte[] KEY =
      Hex.decode("c43bd2c0d811203ba282630f8b8c781712dafaa5fe54cce52395b130945cd5a7");
  private static final byte[] FP =
      Hex.decode("118448ab1f869b7c7c09ffba8e2596a8c5a49c3db88b013c5cde3967177b963b");

  @Test
  void fromOneTimePassword_matchesSpecVector() {
    RatchetState r =
        RatchetState.fromOneTimePassword(
            "example-otp".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
            io.zssp.crypto.DefaultCryptoProvider.create().hmacSha512());
    assertEquals(Hex.encode(KEY), Hex.encode(r.key()));
    assertEquals(Hex.encode(FP), Hex.encode(r.fingerprint()));
    assertEquals(1, r.chainLength());
  }

  @Test
  void zero_isZero_andNonZeroIsNot() {
    assertTrue(RatchetState.ZERO.isZero());
    assertEquals(0, RatchetState.ZERO.chainLength());
    assertFalse(RatchetState.of(KEY, FP, 1).isZero());
  }

  @Test
  void equals_usesFingerprintOnly() {
    byte[] otherKey = KEY.clone();
    otherKey[0] ^= 1;
    assertEquals(RatchetState.of(KEY, FP, 1), RatchetState.of(otherKey, FP, 7));
    byte[] otherFp = FP.clone();
    otherFp[31] ^= 1;
    assertNotEquals(RatchetState.of(KEY, FP, 1), RatchetState.of(KEY, otherFp, 1));
  }

  @Test
  void toString_neverShowsTheKey() {
    String s = RatchetState.of(KEY, FP, 3).toString();
    assertFalse(s.contains("c43b"), s);
    assertTrue(s.contains("118448ab"), s);
  }

  @Test
  void of_copiesInputs() {
    byte[] k = KEY.clone();
    RatchetState r = RatchetState.of(k, FP, 1);
    k[0] ^= 1;
    assertEquals(Hex.encode(KEY), Hex.encode(r.key()));
  }

  @Test
  void of_wrongSizes_throw() {
    assertThrows(IllegalArgumentException.class, () -> RatchetState.of(new byte[31], FP, 1));
    assertThrows(IllegalArgumentException.class, () -> RatchetState.of(KEY, new byte[33], 1));
    assertThrows(IllegalArgumentException.class, () -> RatchetState.of(KEY, FP, -1));
  }
}
