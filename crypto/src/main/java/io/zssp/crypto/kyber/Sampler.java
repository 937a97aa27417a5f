package io.zssp.crypto.kyber;

/**
 * Turns seeds into polynomials: the uniform public matrix (rejection sampling on SHAKE-128 output;
 * branches only on the public seed's stream) and the centered-binomial noise with η = 2 (pure
 * arithmetic on secret bytes).
 */
final class Sampler {
  /** SHAKE-128 rate. */
  private static final int XOF_BLOCK_BYTES = 168;

  /** Blocks squeezed at first: enough for 256 coefficients with overwhelming probability. */
  private static final int MATRIX_INITIAL_BLOCKS = 3;

  /** η1 = η2 = 2 for Kyber1024: 64·η bytes of PRF output per polynomial. */
  static final int ETA = 2;

  private static final int NOISE_BYTES = 64 * ETA;

  private Sampler() {}

  /**
   * Fills the k×k matrix A (or its transpose) in the NTT domain from rho: entry (i, j) is sampled
   * from SHAKE-128(rho ‖ j ‖ i) for A, and SHAKE-128(rho ‖ i ‖ j) for A^T.
   */
  static void matrix(short[][][] a, byte[] rho, int rhoOff, boolean transposed, Symmetric sym) {
    int k = a.length;
    byte[] buf = new byte[MATRIX_INITIAL_BLOCKS * XOF_BLOCK_BYTES + 2];
    for (int i = 0; i < k; i++) {
      for (int j = 0; j < k; j++) {
        if (transposed) {
          sym.xofAbsorb(rho, rhoOff, i, j);
        } else {
          sym.xofAbsorb(rho, rhoOff, j, i);
        }
        uniform(a[i][j], buf, sym);
      }
    }
  }

  /** Rejection-samples one uniform polynomial from the current XOF stream. */
  private static void uniform(short[] r, byte[] buf, Symmetric sym) {
    int bufLen = MATRIX_INITIAL_BLOCKS * XOF_BLOCK_BYTES;
    sym.xofSqueeze(buf, 0, bufLen);
    int ctr = rejectUniform(r, 0, buf, bufLen);
    while (ctr < Poly.N) {
      // Carry the 0..2 unread bytes over, as the reference does, then squeeze one more block.
      int left = bufLen % 3;
      System.arraycopy(buf, bufLen - left, buf, 0, left);
      sym.xofSqueeze(buf, left, XOF_BLOCK_BYTES);
      bufLen = left + XOF_BLOCK_BYTES;
      ctr = rejectUniform(r, ctr, buf, bufLen);
    }
  }

  /** Parses 12-bit candidates from {@code buf}, keeping those &lt; q; returns the new count. */
  private static int rejectUniform(short[] r, int ctr, byte[] buf, int bufLen) {
    int pos = 0;
    while (ctr < Poly.N && pos + 3 <= bufLen) {
      int b0 = buf[pos] & 0xff;
      int b1 = buf[pos + 1] & 0xff;
      int b2 = buf[pos + 2] & 0xff;
      pos += 3;
      int val0 = (b0 | (b1 << 8)) & 0xfff;
      int val1 = ((b1 >>> 4) | (b2 << 4)) & 0xfff;
      if (val0 < Reduce.Q) {
        r[ctr++] = (short) val0;
      }
      if (ctr < Poly.N && val1 < Reduce.Q) {
        r[ctr++] = (short) val1;
      }
    }
    return ctr;
  }

  /** Noise polynomial CBD_η(PRF(sigma, nonce)) with η = 2. {@code buf} holds 128 bytes. */
  static void noise(short[] r, byte[] sigma, int sigmaOff, int nonce, byte[] buf, Symmetric sym) {
    sym.prf(sigma, sigmaOff, nonce, buf, NOISE_BYTES);
    cbd2(r, buf);
  }

  /** Centered binomial distribution with η = 2: each coefficient is (a0 + a1) − (b0 + b1). */
  static void cbd2(short[] r, byte[] buf) {
    for (int i = 0; i < Poly.N / 8; i++) {
      int t =
          (buf[4 * i] & 0xff)
              | (buf[4 * i + 1] & 0xff) << 8
              | (buf[4 * i + 2] & 0xff) << 16
              | (buf[4 * i + 3] & 0xff) << 24;
      int d = (t & 0x55555555) + ((t >>> 1) & 0x55555555);
      for (int j = 0; j < 8; j++) {
        int a = (d >>> (4 * j)) & 0x3;
        int b = (d >>> (4 * j + 2)) & 0x3;
        r[8 * i + j] = (short) (a - b);
      }
    }
  }
}
