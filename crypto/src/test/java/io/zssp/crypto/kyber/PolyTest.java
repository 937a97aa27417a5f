package io.zssp.crypto.kyber;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The division-free arithmetic agrees with the textbook definitions on every input. */
class PolyTest {
  private static final int Q = 3329;

  @Test
  void compress_everyCoefficientAndWidth_matchesRoundedDivision() {
    for (int d : new int[] {1, 4, 5, 10, 11}) {
      for (int u = 0; u < Q; u++) {
        int expected = (int) ((((long) u << d) + Q / 2) / Q) & ((1 << d) - 1);
        assertEquals(expected, Poly.compress(u, d), "u=" + u + " d=" + d);
      }
    }
  }

  @Test
  void barrett_everyInt16_isCenteredAndCongruent() {
    for (int a = Short.MIN_VALUE; a <= Short.MAX_VALUE; a++) {
      int r = Reduce.barrett(a);
      assertEquals(Math.floorMod(a, Q), Math.floorMod(r, Q), "a=" + a);
      assertEquals(true, r >= -(Q - 1) / 2 && r <= (Q - 1) / 2, "a=" + a + " r=" + r);
    }
  }

  @Test
  void montgomery_isMultiplicationByInverseOf2To16() {
    Random rnd = new Random(1);
    long rInv =
        java.math.BigInteger.valueOf(1 << 16)
            .modInverse(java.math.BigInteger.valueOf(Q))
            .longValue();
    for (int i = 0; i < 100_000; i++) {
      int a = rnd.nextInt(2 * Q * (1 << 15) - 1) - Q * (1 << 15) + 1;
      int r = Reduce.montgomery(a);
      assertEquals(Math.floorMod(a * rInv, Q), Math.floorMod(r, Q), "a=" + a);
      assertEquals(true, Math.abs(r) < Q, "a=" + a + " r=" + r);
    }
  }

  @Test
  void nttProduct_equalsSchoolbookNegacyclicProduct() {
    Random rnd = new Random(2);
    short[] a = new short[256];
    short[] b = new short[256];
    for (int i = 0; i < 256; i++) {
      a[i] = (short) (rnd.nextInt(Q) - Q / 2);
      b[i] = (short) (rnd.nextInt(Q) - Q / 2);
    }
    long[] expected = new long[256];
    for (int i = 0; i < 256; i++) {
      for (int j = 0; j < 256; j++) {
        int k = i + j;
        long p = (long) a[i] * b[j];
        if (k < 256) {
          expected[k] += p;
        } else {
          expected[k - 256] -= p;
        }
      }
    }
    short[] fa = a.clone();
    short[] fb = b.clone();
    Poly.ntt(fa);
    Poly.ntt(fb);
    short[] r = new short[256];
    Ntt.basemul(r, fa, fb);
    Ntt.invntt(r); // basemul's 2^-16 and invntt's 2^16 cancel
    for (int i = 0; i < 256; i++) {
      assertEquals(Math.floorMod(expected[i], Q), Math.floorMod(r[i], Q), "coefficient " + i);
    }
  }

  @Test
  void packBits_roundTripsEveryWidth() {
    Random rnd = new Random(3);
    for (int bits : new int[] {1, 5, 11, 12}) {
      int[] values = new int[256];
      for (int i = 0; i < 256; i++) {
        values[i] = rnd.nextInt(1 << bits);
      }
      byte[] packed = new byte[32 * bits];
      Poly.packBits(values, bits, packed, 0);
      int[] back = new int[256];
      Poly.unpackBits(packed, 0, bits, back);
      assertArrayEquals(values, back, "bits=" + bits);
    }
  }

  @Test
  void messageEncoding_roundTripsThroughNoise() {
    Random rnd = new Random(4);
    byte[] msg = new byte[32];
    rnd.nextBytes(msg);
    short[] p = new short[256];
    Poly.fromMessage(p, msg, 0);
    for (int i = 0; i < 256; i++) {
      p[i] = Reduce.barrett(p[i] + rnd.nextInt(1600) - 800); // noise below q/4 keeps every bit
    }
    byte[] back = new byte[32];
    Poly.toMessage(back, 0, p);
    assertArrayEquals(msg, back);
  }
}
