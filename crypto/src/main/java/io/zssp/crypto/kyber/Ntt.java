package io.zssp.crypto.kyber;

/**
 * The number-theoretic transform over Z_q[X]/(X^256 + 1) in Kyber's incomplete form (128 degree-1
 * residues), and multiplication in that domain. Coefficients stay in Montgomery-friendly 16-bit
 * ranges exactly as in the round-3 reference code.
 */
final class Ntt {
  /** Powers of the root of unity 17 in Montgomery form, bit-reversed order, centered. */
  private static final short[] ZETAS = computeZetas();

  /** mont^2 / 128 mod q: undoes the inverse transform's scaling and restores Montgomery form. */
  private static final int INVNTT_F = 1441;

  private Ntt() {}

  private static short[] computeZetas() {
    short[] z = new short[128];
    int mont = Reduce.MONT + Reduce.Q; // 2^16 mod q in [0, q)
    for (int i = 0; i < 128; i++) {
      int br = Integer.reverse(i) >>> 25; // 7-bit bit reversal
      long v = mont;
      for (int e = 0; e < br; e++) {
        v = (v * 17) % Reduce.Q;
      }
      int c = (int) v;
      z[i] = (short) (c > Reduce.Q / 2 ? c - Reduce.Q : c);
    }
    return z;
  }

  /** In-place forward NTT; input in standard order, output in bit-reversed order. */
  static void ntt(short[] r) {
    int k = 1;
    for (int len = 128; len >= 2; len >>= 1) {
      for (int start = 0; start < 256; start += 2 * len) {
        short zeta = ZETAS[k++];
        for (int j = start; j < start + len; j++) {
          short t = Reduce.fqmul(zeta, r[j + len]);
          r[j + len] = (short) (r[j] - t);
          r[j] = (short) (r[j] + t);
        }
      }
    }
  }

  /** In-place inverse NTT, including multiplication by the Montgomery factor 2^16. */
  static void invntt(short[] r) {
    int k = 127;
    for (int len = 2; len <= 128; len <<= 1) {
      for (int start = 0; start < 256; start += 2 * len) {
        short zeta = ZETAS[k--];
        for (int j = start; j < start + len; j++) {
          short t = r[j];
          r[j] = Reduce.barrett((short) (t + r[j + len]));
          r[j + len] = Reduce.fqmul(zeta, (short) (r[j + len] - t));
        }
      }
    }
    for (int j = 0; j < 256; j++) {
      r[j] = Reduce.fqmul(r[j], INVNTT_F);
    }
  }

  /**
   * r = a·b in the NTT domain (pairwise products of degree-1 residues mod X^2 − ζ), with a factor
   * 2^-16 (Montgomery).
   */
  static void basemul(short[] r, short[] a, short[] b) {
    for (int i = 0; i < 64; i++) {
      int zeta = ZETAS[64 + i];
      basemulPair(r, a, b, 4 * i, zeta);
      basemulPair(r, a, b, 4 * i + 2, -zeta);
    }
  }

  private static void basemulPair(short[] r, short[] a, short[] b, int o, int zeta) {
    short a0 = a[o];
    short a1 = a[o + 1];
    short b0 = b[o];
    short b1 = b[o + 1];
    short r0 = Reduce.fqmul(Reduce.fqmul(a1, b1), zeta);
    r0 += Reduce.fqmul(a0, b0);
    short r1 = Reduce.fqmul(a0, b1);
    r1 += Reduce.fqmul(a1, b0);
    r[o] = r0;
    r[o + 1] = r1;
  }
}
