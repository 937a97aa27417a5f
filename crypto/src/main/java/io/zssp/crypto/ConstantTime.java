package io.zssp.crypto;

/**
 * Comparisons whose running time depends only on the lengths compared, never on the contents. Use
 * these for tags, MACs and ratchet fingerprints; never {@link java.util.Arrays#equals}.
 */
public final class ConstantTime {
  private ConstantTime() {}

  /**
   * Whether {@code a[aOff, aOff+len)} equals {@code b[bOff, bOff+len)}, examining every byte.
   *
   * @throws IndexOutOfBoundsException if a range is outside its array
   */
  public static boolean equals(byte[] a, int aOff, byte[] b, int bOff, int len) {
    java.util.Objects.checkFromIndexSize(aOff, len, a.length);
    java.util.Objects.checkFromIndexSize(bOff, len, b.length);
    int diff = 0;
    for (int i = 0; i < len; i++) {
      diff |= a[aOff + i] ^ b[bOff + i];
    }
    return diff == 0;
  }

  /**
   * Whether two arrays are equal. Arrays of different lengths are unequal; the time depends on the
   * lengths only.
   */
  public static boolean equals(byte[] a, byte[] b) {
    if (a.length != b.length) {
      return false;
    }
    return equals(a, 0, b, 0, a.length);
  }

  /** Whether every byte of {@code a[off, off+len)} is zero, examining every byte. */
  public static boolean isZero(byte[] a, int off, int len) {
    java.util.Objects.checkFromIndexSize(off, len, a.length);
    int acc = 0;
    for (int i = 0; i < len; i++) {
      acc |= a[off + i];
    }
    return acc == 0;
  }
}
