package io.zssp.crypto.internal.p384;

import java.util.HexFormat;

/**
 * Arithmetic modulo the P-384 prime p = 2^384 − 2^128 − 2^96 + 2^32 − 1, for {@link P384Group}.
 *
 * <p>An element is a {@code long[12]} of 32-bit limbs, least significant first, each limb in [0,
 * 2^32), always fully reduced (value &lt; p) on output. Every operation runs the same instructions
 * whatever the values: no branch and no memory index depends on an operand (carries and the final
 * conditional subtractions are masks). Results may alias operands.
 *
 * <p>Multiplication is schoolbook into 24 limbs (product scanning, each column's low and high
 * halves summed apart so nothing overflows) followed by the NIST fast reduction for p (FIPS 186-4
 * D.2.4 / Hankerson–Menezes–Vanstone Algorithm 2.30) on signed 64-bit accumulators.
 *
 * <p>An instance owns scratch space: it belongs to one operation on one thread at a time.
 */
final class P384Field {
  static final int LIMBS = 12;
  private static final long M = 0xffffffffL;

  /** p, little-endian 32-bit limbs. */
  static final long[] P = {
    0xffffffffL, 0, 0, 0xffffffffL, 0xfffffffeL, M, M, M, M, M, M, M,
  };

  private final long[] wide = new long[2 * LIMBS];
  private final long[] t0 = new long[LIMBS];
  private final long[] t1 = new long[LIMBS];
  private final long[] t2 = new long[LIMBS];
  private final long[] t3 = new long[LIMBS];
  private final long[] r3 = new long[LIMBS];
  private final long[] r15 = new long[LIMBS];

  /** A new element, zero. */
  static long[] element() {
    return new long[LIMBS];
  }

  /** The element of a hex string (a constant of the curve); {@code hex} must be below p. */
  static long[] fromHex(String hex) {
    long[] r = element();
    decode(r, HexFormat.of().parseHex("0".repeat(96 - hex.length()) + hex), 0);
    return r;
  }

  /**
   * Reads 48 big-endian bytes into {@code r} as they are (no reduction); the caller makes sure the
   * value is below p.
   */
  static void decode(long[] r, byte[] in, int off) {
    for (int i = 0; i < LIMBS; i++) {
      int o = off + 44 - 4 * i;
      r[i] =
          ((in[o] & 0xffL) << 24)
              | ((in[o + 1] & 0xffL) << 16)
              | ((in[o + 2] & 0xffL) << 8)
              | (in[o + 3] & 0xffL);
    }
  }

  /** Writes {@code a} as 48 big-endian bytes. */
  static void encode(long[] a, byte[] out, int off) {
    for (int i = 0; i < LIMBS; i++) {
      int o = off + 44 - 4 * i;
      long v = a[i];
      out[o] = (byte) (v >>> 24);
      out[o + 1] = (byte) (v >>> 16);
      out[o + 2] = (byte) (v >>> 8);
      out[o + 3] = (byte) v;
    }
  }

  static void copy(long[] r, long[] a) {
    System.arraycopy(a, 0, r, 0, LIMBS);
  }

  static void setOne(long[] r) {
    r[0] = 1;
    for (int i = 1; i < LIMBS; i++) {
      r[i] = 0;
    }
  }

  static void setZero(long[] r) {
    for (int i = 0; i < LIMBS; i++) {
      r[i] = 0;
    }
  }

  /** −1 (all ones) if {@code a} is zero, else 0; constant-time. */
  static long isZeroMask(long[] a) {
    long acc = 0;
    for (int i = 0; i < LIMBS; i++) {
      acc |= a[i];
    }
    return (acc - 1) >> 63; // acc < 2^32, so acc − 1 is negative only for acc = 0
  }

  /** −1 if a = b, else 0; constant-time. */
  static long equalMask(long[] a, long[] b) {
    long acc = 0;
    for (int i = 0; i < LIMBS; i++) {
      acc |= a[i] ^ b[i];
    }
    return (acc - 1) >> 63;
  }

  /** r = mask ? a : r, for mask 0 or −1; constant-time. */
  static void conditionalCopy(long[] r, long[] a, long mask) {
    for (int i = 0; i < LIMBS; i++) {
      r[i] ^= (r[i] ^ a[i]) & mask;
    }
  }

  /** r = a + b mod p. */
  static void add(long[] r, long[] a, long[] b) {
    // One pass for the sum and whether sum − p borrows, one to subtract p or nothing.
    long carry = 0;
    long borrow = 0;
    for (int i = 0; i < LIMBS; i++) {
      long s = a[i] + b[i] + carry;
      long limb = s & M;
      r[i] = limb;
      carry = s >>> 32;
      borrow = (limb - P[i] + borrow) >> 32;
    }
    subtractPIf(r, ~((carry - 1) & borrow));
  }

  /** r = a − b mod p. */
  static void sub(long[] r, long[] a, long[] b) {
    long borrow = 0;
    for (int i = 0; i < LIMBS; i++) {
      long s = a[i] - b[i] + borrow;
      r[i] = s & M;
      borrow = s >> 32; // 0 or −1
    }
    // a < b: add p back (borrow is the mask).
    long carry = 0;
    for (int i = 0; i < LIMBS; i++) {
      long s = r[i] + (P[i] & borrow) + carry;
      r[i] = s & M;
      carry = s >>> 32;
    }
  }

  /** r = −a mod p. */
  static void neg(long[] r, long[] a) {
    long borrow = 0;
    for (int i = 0; i < LIMBS; i++) {
      long s = P[i] - a[i] + borrow;
      r[i] = s & M;
      borrow = s >> 32;
    }
    // p − 0 = p must become 0.
    long zero = ~equalMask(r, P);
    for (int i = 0; i < LIMBS; i++) {
      r[i] &= zero;
    }
  }

  /** r −= p & mask (mask 0 or −1), dropping the borrow out of 2^384. */
  private static void subtractPIf(long[] r, long mask) {
    long borrow = 0;
    for (int i = 0; i < LIMBS; i++) {
      long s = r[i] - (P[i] & mask) + borrow;
      r[i] = s & M;
      borrow = s >> 32;
    }
  }

  /** r = a·b mod p. */
  void mul(long[] r, long[] a, long[] b) {
    // Operand scanning: each step's a[i]·b[j] + c[i+j] + carry is at most 2^64 − 1 (unsigned).
    long[] c = wide;
    for (int k = 0; k < LIMBS; k++) {
      c[k] = 0;
    }
    for (int i = 0; i < LIMBS; i++) {
      long ai = a[i];
      long carry = 0;
      for (int j = 0; j < LIMBS; j++) {
        long t = ai * b[j] + c[i + j] + carry;
        c[i + j] = t & M;
        carry = t >>> 32;
      }
      c[i + LIMBS] = carry;
    }
    reduce(r, c);
  }

  /** r = a² mod p. */
  void sqr(long[] r, long[] a) {
    // The products a[i]·a[j] for i < j once, then doubled, then the squares a[i]² added.
    long[] c = wide;
    for (int k = 0; k < 2 * LIMBS; k++) {
      c[k] = 0;
    }
    for (int i = 0; i < LIMBS - 1; i++) {
      long ai = a[i];
      long carry = 0;
      for (int j = i + 1; j < LIMBS; j++) {
        long t = ai * a[j] + c[i + j] + carry;
        c[i + j] = t & M;
        carry = t >>> 32;
      }
      c[i + LIMBS] = carry;
    }
    long carry = 0;
    for (int i = 0; i < LIMBS; i++) {
      long sq = a[i] * a[i];
      long lo = (c[2 * i] << 1) + (sq & M) + carry;
      c[2 * i] = lo & M;
      long hi = (c[2 * i + 1] << 1) + (sq >>> 32) + (lo >>> 32);
      c[2 * i + 1] = hi & M;
      carry = hi >>> 32;
    }
    reduce(r, c);
  }

  /** r = a^(2^n) mod p (n squarings). */
  void sqrN(long[] r, long[] a, int n) {
    sqr(r, a);
    for (int i = 1; i < n; i++) {
      sqr(r, r);
    }
  }

  /**
   * r = c mod p for c < 2^768 in 24 limbs: T + 2·S1 + S2 + S3 + S4 + S5 + S6 − D1 − D2 − D3, the
   * terms as FIPS 186-4 D.2.4 names them, summed per limb in signed 64-bit accumulators.
   */
  private static void reduce(long[] r, long[] c) {
    long c12 = c[12], c13 = c[13], c14 = c[14], c15 = c[15], c16 = c[16], c17 = c[17];
    long c18 = c[18], c19 = c[19], c20 = c[20], c21 = c[21], c22 = c[22], c23 = c[23];
    long s;
    long carry;
    s = c[0] + c12 + c21 + c20 - c23;
    r[0] = s & M;
    carry = s >> 32;
    s = c[1] + c13 + c22 + c23 - c12 - c20 + carry;
    r[1] = s & M;
    carry = s >> 32;
    s = c[2] + c14 + c23 - c13 - c21 + carry;
    r[2] = s & M;
    carry = s >> 32;
    s = c[3] + c15 + c12 + c20 + c21 - c14 - c22 - c23 + carry;
    r[3] = s & M;
    carry = s >> 32;
    s = c[4] + 2 * c21 + c16 + c13 + c12 + c20 + c22 - c15 - 2 * c23 + carry;
    r[4] = s & M;
    carry = s >> 32;
    s = c[5] + 2 * c22 + c17 + c14 + c13 + c21 + c23 - c16 + carry;
    r[5] = s & M;
    carry = s >> 32;
    s = c[6] + 2 * c23 + c18 + c15 + c14 + c22 - c17 + carry;
    r[6] = s & M;
    carry = s >> 32;
    s = c[7] + c19 + c16 + c15 + c23 - c18 + carry;
    r[7] = s & M;
    carry = s >> 32;
    s = c[8] + c20 + c17 + c16 - c19 + carry;
    r[8] = s & M;
    carry = s >> 32;
    s = c[9] + c21 + c18 + c17 - c20 + carry;
    r[9] = s & M;
    carry = s >> 32;
    s = c[10] + c22 + c19 + c18 - c21 + carry;
    r[10] = s & M;
    carry = s >> 32;
    s = c[11] + c23 + c20 + c19 - c22 + carry;
    r[11] = s & M;
    carry = s >> 32;
    // Now value = r + carry·2^384 with |carry| small; 2^384 ≡ 2^128 + 2^96 − 2^32 + 1 (mod p).
    // Two folds bring it into [0, 2^384) (the second carry is in {−1, 0, 1} and the third is 0).
    carry = fold(r, carry);
    foldAndReduce(r, carry);
  }

  /** r += k·(2^128 + 2^96 − 2^32 + 1), returning the signed carry out of 2^384. */
  private static long fold(long[] r, long k) {
    long s = r[0] + k;
    r[0] = s & M;
    s = r[1] - k + (s >> 32);
    r[1] = s & M;
    s = r[2] + (s >> 32);
    r[2] = s & M;
    s = r[3] + k + (s >> 32);
    r[3] = s & M;
    s = r[4] + k + (s >> 32);
    r[4] = s & M;
    for (int i = 5; i < LIMBS; i++) {
      s = r[i] + (s >> 32);
      r[i] = s & M;
    }
    return s >> 32;
  }

  /**
   * The last fold, k ∈ {−1, 0, 1}, which leaves r in [0, 2^384), then r − p if that is not
   * negative: whether r − p borrows is found in the same pass as the fold.
   */
  private static void foldAndReduce(long[] r, long k) {
    long s = r[0] + k;
    long limb = s & M;
    r[0] = limb;
    long borrow = (limb - P[0]) >> 32;
    s = r[1] - k + (s >> 32);
    limb = s & M;
    r[1] = limb;
    borrow = (limb - P[1] + borrow) >> 32;
    s = r[2] + (s >> 32);
    limb = s & M;
    r[2] = limb;
    borrow = (limb - P[2] + borrow) >> 32;
    s = r[3] + k + (s >> 32);
    limb = s & M;
    r[3] = limb;
    borrow = (limb - P[3] + borrow) >> 32;
    s = r[4] + k + (s >> 32);
    limb = s & M;
    r[4] = limb;
    borrow = (limb - P[4] + borrow) >> 32;
    for (int i = 5; i < LIMBS; i++) {
      s = r[i] + (s >> 32);
      limb = s & M;
      r[i] = limb;
      borrow = (limb - P[i] + borrow) >> 32;
    }
    subtractPIf(r, ~borrow); // the carry out of this fold is 0: see reduce
  }

  /**
   * r = a^(p−2) = a^−1 mod p (0 for a = 0), by a fixed addition chain: 384 squarings and 15
   * multiplications whatever a is. p − 2 in binary: 255 ones, a zero, 32 ones, 64 zeros, 30 ones, a
   * zero, a one.
   */
  void invert(long[] r, long[] a) {
    long[] x2 = t0;
    long[] x30 = t1;
    long[] x32 = t2;
    long[] t = t3;
    powerChainTo255Ones(t, x2, x30, x32, a);
    sqr(t, t); // 0
    sqrN(t, t, 32);
    mul(t, t, x32); // 32 ones
    sqrN(t, t, 64); // 64 zeros
    sqrN(t, t, 30);
    mul(t, t, x30); // 30 ones
    sqrN(t, t, 2);
    mul(r, t, a); // 0, 1
  }

  /**
   * r = a^((p+1)/4), the square root of a if a has one (p ≡ 3 mod 4); the caller checks r² = a.
   * (p+1)/4 in binary: 255 ones, a zero, 32 ones, 63 zeros, a one, 30 zeros.
   */
  void sqrtCandidate(long[] r, long[] a) {
    long[] x2 = t0;
    long[] x30 = t1;
    long[] x32 = t2;
    long[] t = t3;
    powerChainTo255Ones(t, x2, x30, x32, a);
    sqr(t, t); // 0
    sqrN(t, t, 32);
    mul(t, t, x32); // 32 ones
    sqrN(t, t, 64);
    mul(t, t, a); // 63 zeros, 1
    sqrN(r, t, 30); // 30 zeros
  }

  /**
   * t = a^(2^255 − 1), with x2 = a^3, x30 = a^(2^30 − 1) and x32 = a^(2^32 − 1) left behind for the
   * rest of the chain. Writing x_k for a^(2^k − 1): x_{i+j} = x_i^(2^j) · x_j.
   */
  private void powerChainTo255Ones(long[] t, long[] x2, long[] x30, long[] x32, long[] a) {
    long[] x3 = r3;
    long[] x15 = r15;
    sqr(x2, a);
    mul(x2, x2, a); // x2
    sqr(x3, x2);
    mul(x3, x3, a); // x3
    sqrN(t, x3, 3);
    mul(t, t, x3); // x6
    sqrN(x15, t, 6);
    mul(x15, x15, t); // x12
    sqrN(x15, x15, 3);
    mul(x15, x15, x3); // x15
    sqrN(x30, x15, 15);
    mul(x30, x30, x15); // x30
    sqrN(x32, x30, 2);
    mul(x32, x32, x2); // x32
    sqrN(t, x30, 30);
    mul(t, t, x30); // x60
    sqrN(x3, t, 60);
    mul(t, x3, t); // x120
    sqrN(x3, t, 120);
    mul(t, x3, t); // x240
    sqrN(t, t, 15);
    mul(t, t, x15); // x255
  }

  /** Overwrites the scratch space (intermediates of secret values). */
  void wipe() {
    java.util.Arrays.fill(wide, 0);
    for (long[] t : new long[][] {t0, t1, t2, t3, r3, r15}) {
      setZero(t);
    }
  }
}
