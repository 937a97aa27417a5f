package io.zssp.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ConstantTimeTest {
  private static byte[] seq(int len) {
    byte[] b = new byte[len];
    for (int i = 0; i < len; i++) {
      b[i] = (byte) (i * 37 + 1);
    }
    return b;
  }

  @Test
  void equals_identicalContents_true() {
    assertTrue(ConstantTime.equals(seq(64), seq(64)));
    assertTrue(ConstantTime.equals(new byte[0], new byte[0]));
  }

  @Test
  void equals_differenceAtFirstOrLastByte_false() {
    byte[] a = seq(64);
    byte[] first = seq(64);
    first[0] ^= 1;
    byte[] last = seq(64);
    last[63] ^= (byte) 0x80;
    assertFalse(ConstantTime.equals(a, first));
    assertFalse(ConstantTime.equals(a, last));
  }

  @Test
  void equals_everySingleBitFlip_false() {
    byte[] a = seq(16);
    for (int bit = 0; bit < 128; bit++) {
      byte[] b = seq(16);
      b[bit / 8] ^= (byte) (1 << (bit % 8));
      assertFalse(ConstantTime.equals(a, b), "bit " + bit);
    }
  }

  @Test
  void equals_differentLengths_false() {
    assertFalse(ConstantTime.equals(seq(16), seq(17)));
    assertFalse(ConstantTime.equals(new byte[0], new byte[1]));
  }

  @Test
  void equals_withOffsets_comparesOnlyTheRanges() {
    byte[] a = {9, 9, 1, 2, 3, 9};
    byte[] b = {1, 2, 3, 7};
    assertTrue(ConstantTime.equals(a, 2, b, 0, 3));
    assertFalse(ConstantTime.equals(a, 2, b, 0, 4));
    assertFalse(ConstantTime.equals(a, 1, b, 0, 3));
    assertTrue(ConstantTime.equals(a, 0, b, 0, 0));
  }

  @Test
  void equals_rangeOutOfBounds_throws() {
    byte[] a = new byte[8];
    assertThrows(IndexOutOfBoundsException.class, () -> ConstantTime.equals(a, 4, a, 0, 5));
    assertThrows(IndexOutOfBoundsException.class, () -> ConstantTime.equals(a, 0, a, 4, 5));
    assertThrows(IndexOutOfBoundsException.class, () -> ConstantTime.equals(a, -1, a, 0, 1));
    assertThrows(IndexOutOfBoundsException.class, () -> ConstantTime.equals(a, 0, a, 0, -1));
  }

  @Test
  void isZero_detectsAnyNonZeroByteInRange() {
    byte[] z = new byte[32];
    assertTrue(ConstantTime.isZero(z, 0, 32));
    z[31] = 1;
    assertFalse(ConstantTime.isZero(z, 0, 32));
    assertTrue(ConstantTime.isZero(z, 0, 31));
    z[0] = (byte) 0x80;
    assertFalse(ConstantTime.isZero(z, 0, 1));
    assertThrows(IndexOutOfBoundsException.class, () -> ConstantTime.isZero(z, 30, 3));
  }
}
