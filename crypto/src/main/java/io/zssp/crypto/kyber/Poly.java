package io.zssp.crypto.kyber;

/**
 * Operations on polynomials of R_q = Z_q[X]/(X^256 + 1), each a {@code short[256]}, and their byte
 * encodings. Encodings pack values little-endian, least significant bit first, as in the round-3
 * reference code. No operation branches on or indexes by coefficient values.
 */
final class Poly {
  /** Coefficients per polynomial. */
  static final int N = 256;

  /** Bytes of a 12-bit encoded polynomial. */
  static final int BYTES = 384;

  /** Bytes of an encoded message (one bit per coefficient). */
  static final int MSG_BYTES = 32;

  /**
   * Shift and multiplier for exact floor(x / q) with x &lt; 2^24 (checked exhaustively in tests).
   */
  private static final int DIV_Q_SHIFT = 36;

  private static final long DIV_Q_MULTIPLIER = (1L << DIV_Q_SHIFT) / Reduce.Q + 1;

  /** round(q/2): the coefficient that encodes message bit 1. */
  private static final int HALF_Q = (Reduce.Q + 1) / 2;

  private Poly() {}

  static void add(short[] r, short[] a, short[] b) {
    for (int i = 0; i < N; i++) {
      r[i] = (short) (a[i] + b[i]);
    }
  }

  static void sub(short[] r, short[] a, short[] b) {
    for (int i = 0; i < N; i++) {
      r[i] = (short) (a[i] - b[i]);
    }
  }

  /** Barrett-reduces every coefficient to its centered representative. */
  static void reduce(short[] r) {
    for (int i = 0; i < N; i++) {
      r[i] = Reduce.barrett(r[i]);
    }
  }

  /** Multiplies every coefficient by 2^16 (enters Montgomery form). */
  static void toMont(short[] r) {
    final int f = (int) ((1L << 32) % Reduce.Q);
    for (int i = 0; i < N; i++) {
      r[i] = Reduce.montgomery(r[i] * f);
    }
  }

  /** Forward NTT followed by a reduction, as the reference {@code poly_ntt}. */
  static void ntt(short[] r) {
    Ntt.ntt(r);
    reduce(r);
  }

  /**
   * Compression of one coefficient in [0, q) to d bits: round(2^d · u / q) mod 2^d, computed
   * without a division (a multiply-high by ⌈2^36/q⌉; exact for every u in [0, q) and d ≤ 11).
   */
  static int compress(int u, int d) {
    long x = ((long) u << d) + Reduce.Q / 2;
    return (int) ((x * DIV_Q_MULTIPLIER) >>> DIV_Q_SHIFT) & ((1 << d) - 1);
  }

  /** Decompression of a d-bit value: round(q · t / 2^d). */
  static short decompress(int t, int d) {
    return (short) ((t * Reduce.Q + (1 << (d - 1))) >>> d);
  }

  /**
   * Packs 256 values of {@code bits} bits each (already in range) into {@code 32·bits} bytes,
   * little-endian bit order.
   */
  static void packBits(int[] values, int bits, byte[] out, int off) {
    long acc = 0;
    int accBits = 0;
    int o = off;
    for (int i = 0; i < N; i++) {
      acc |= (long) values[i] << accBits;
      accBits += bits;
      while (accBits >= 8) {
        out[o++] = (byte) acc;
        acc >>>= 8;
        accBits -= 8;
      }
    }
  }

  /** Unpacks 256 values of {@code bits} bits each from {@code 32·bits} bytes. */
  static void unpackBits(byte[] in, int off, int bits, int[] values) {
    long acc = 0;
    int accBits = 0;
    int o = off;
    int mask = (1 << bits) - 1;
    for (int i = 0; i < N; i++) {
      while (accBits < bits) {
        acc |= (long) (in[o++] & 0xff) << accBits;
        accBits += 8;
      }
      values[i] = (int) acc & mask;
      acc >>>= bits;
      accBits -= bits;
    }
  }

  /** 12-bit encoding of a reduced polynomial (coefficients first mapped to [0, q)). */
  static void toBytes(short[] a, byte[] out, int off, int[] scratch) {
    for (int i = 0; i < N; i++) {
      scratch[i] = Reduce.toPositive(a[i]);
    }
    packBits(scratch, 12, out, off);
  }

  /** 12-bit decoding; values are not reduced (round 3 does not validate them). */
  static void fromBytes(short[] r, byte[] in, int off, int[] scratch) {
    unpackBits(in, off, 12, scratch);
    for (int i = 0; i < N; i++) {
      r[i] = (short) scratch[i];
    }
  }

  /** Compresses a reduced polynomial to d bits per coefficient ({@code 32·d} bytes). */
  static void compressTo(short[] a, int d, byte[] out, int off, int[] scratch) {
    for (int i = 0; i < N; i++) {
      scratch[i] = compress(Reduce.toPositive(a[i]), d);
    }
    packBits(scratch, d, out, off);
  }

  /** Decompresses {@code 32·d} bytes into a polynomial. */
  static void decompressFrom(short[] r, int d, byte[] in, int off, int[] scratch) {
    unpackBits(in, off, d, scratch);
    for (int i = 0; i < N; i++) {
      r[i] = decompress(scratch[i], d);
    }
  }

  /** Maps a 32-byte message to a polynomial: bit 1 → round(q/2), bit 0 → 0, with masks. */
  static void fromMessage(short[] r, byte[] msg, int off) {
    for (int i = 0; i < MSG_BYTES; i++) {
      int b = msg[off + i];
      for (int j = 0; j < 8; j++) {
        int mask = -((b >>> j) & 1);
        r[8 * i + j] = (short) (mask & HALF_Q);
      }
    }
  }

  /** Decodes a reduced polynomial to a 32-byte message: bit = compress(coefficient, 1). */
  static void toMessage(byte[] msg, int off, short[] a) {
    for (int i = 0; i < MSG_BYTES; i++) {
      int b = 0;
      for (int j = 0; j < 8; j++) {
        b |= compress(Reduce.toPositive(a[8 * i + j]), 1) << j;
      }
      msg[off + i] = (byte) b;
    }
  }
}
