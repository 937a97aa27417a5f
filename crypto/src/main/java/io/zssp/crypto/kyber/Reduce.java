package io.zssp.crypto.kyber;

/** Modular reductions mod q = 3329 without division; all are constant-time. */
final class Reduce {
  /** The Kyber modulus. */
  static final int Q = 3329;

  /** q^-1 mod 2^16, as a signed value. */
  static final int QINV = -3327;

  /** 2^16 mod q, centered: the Montgomery form of 1. */
  static final int MONT = -1044;

  /** Barrett constant round(2^26 / q). */
  private static final int BARRETT_V = ((1 << 26) + Q / 2) / Q;

  private Reduce() {}

  /** Montgomery reduction: for |a| &lt; q·2^15 returns r ≡ a·2^-16 (mod q) with |r| &lt; q. */
  static short montgomery(int a) {
    short t = (short) (a * QINV);
    return (short) ((a - t * Q) >> 16);
  }

  /** Montgomery product of two coefficients: a·b·2^-16 mod q. */
  static short fqmul(int a, int b) {
    return montgomery(a * b);
  }

  /** Barrett reduction of a 16-bit value to the centered representative in [-(q-1)/2, (q-1)/2]. */
  static short barrett(int a) {
    int t = (BARRETT_V * a + (1 << 25)) >> 26;
    return (short) (a - t * Q);
  }

  /** Maps a centered representative in (-q, q) to [0, q) with a mask, not a branch. */
  static int toPositive(int a) {
    return a + ((a >> 15) & Q);
  }
}
