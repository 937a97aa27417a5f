package io.zssp.crypto.internal.p384;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link P384Field} against {@link BigInteger} arithmetic mod p, on random elements and on the
 * edges where carries and the final subtractions happen (0, 1, p − 1, p − 2^32, 2^k, all-ones
 * limbs).
 */
class P384FieldTest {
  static final BigInteger P =
      BigInteger.TWO
          .pow(384)
          .subtract(BigInteger.TWO.pow(128))
          .subtract(BigInteger.TWO.pow(96))
          .add(BigInteger.TWO.pow(32))
          .subtract(BigInteger.ONE);

  static long[] of(BigInteger v) {
    long[] r = P384Field.element();
    for (int i = 0; i < 12; i++) {
      r[i] = v.shiftRight(32 * i).longValue() & 0xffffffffL;
    }
    return r;
  }

  static BigInteger value(long[] a) {
    BigInteger v = BigInteger.ZERO;
    for (int i = 11; i >= 0; i--) {
      assertEquals(0, a[i] >>> 32, "limb " + i + " out of range");
      v = v.shiftLeft(32).or(BigInteger.valueOf(a[i]));
    }
    return v;
  }

  private static List<BigInteger> samples(int random) {
    List<BigInteger> s = new ArrayList<>();
    BigInteger two32 = BigInteger.TWO.pow(32);
    for (BigInteger v :
        new BigInteger[] {
          BigInteger.ZERO,
          BigInteger.ONE,
          BigInteger.TWO,
          P.subtract(BigInteger.ONE),
          P.subtract(BigInteger.TWO),
          P.subtract(two32),
          P.shiftRight(1),
          P.shiftRight(1).add(BigInteger.ONE),
          two32.subtract(BigInteger.ONE),
          BigInteger.TWO.pow(383),
          BigInteger.TWO.pow(128),
          BigInteger.TWO.pow(96).subtract(BigInteger.ONE),
          BigInteger.TWO.pow(383).subtract(BigInteger.ONE),
        }) {
      s.add(v);
    }
    SplittableRandom rnd = new SplittableRandom(384);
    for (int i = 0; i < random; i++) {
      byte[] b = new byte[48];
      rnd.nextBytes(b);
      // Bias some samples toward long runs of ones or zeros in limbs, where carries chain.
      if (i % 4 == 1) {
        for (int j = 0; j < 48; j += 1 + rnd.nextInt(6)) {
          b[j] = (byte) 0xff;
        }
      } else if (i % 4 == 2) {
        for (int j = 0; j < 48; j += 1 + rnd.nextInt(6)) {
          b[j] = 0;
        }
      }
      s.add(new BigInteger(1, b).mod(P));
    }
    return s;
  }

  @Test
  void addSubMulSqrNeg_matchBigInteger() {
    List<BigInteger> s = samples(300);
    P384Field f = new P384Field();
    long[] r = P384Field.element();
    for (BigInteger a : s) {
      long[] la = of(a);
      f.sqr(r, la);
      assertEquals(a.multiply(a).mod(P), value(r), () -> "sqr " + a.toString(16));
      P384Field.neg(r, la);
      assertEquals(a.negate().mod(P), value(r), () -> "neg " + a.toString(16));
      for (BigInteger b : s.subList(0, 60)) {
        long[] lb = of(b);
        P384Field.add(r, la, lb);
        assertEquals(a.add(b).mod(P), value(r), "add");
        P384Field.sub(r, la, lb);
        assertEquals(a.subtract(b).mod(P), value(r), "sub");
        f.mul(r, la, lb);
        assertEquals(a.multiply(b).mod(P), value(r), "mul");
      }
    }
  }

  /**
   * Products whose value mod p is below 2^132: the reduction's last fold then often lands in [p,
   * 2^384), where only the final masked subtraction makes the result right (random products get
   * there with probability 2^-256).
   */
  @Test
  void productsWithSmallResults_exerciseTheFinalSubtraction() {
    P384Field f = new P384Field();
    SplittableRandom rnd = new SplittableRandom(2026);
    long[] r = P384Field.element();
    long[] r2 = P384Field.element();
    for (int i = 0; i < 3000; i++) {
      byte[] b = new byte[48];
      rnd.nextBytes(b);
      BigInteger a = new BigInteger(1, b).mod(P);
      if (a.signum() == 0) {
        continue;
      }
      BigInteger k = new BigInteger(1 + rnd.nextInt(132), new java.util.Random(rnd.nextLong()));
      BigInteger other = k.multiply(a.modInverse(P)).mod(P);
      f.mul(r, of(a), of(other));
      assertEquals(k, value(r), "mul");
      BigInteger root = k.modPow(P.add(BigInteger.ONE).shiftRight(2), P);
      if (root.multiply(root).mod(P).equals(k)) {
        f.sqr(r2, of(root));
        assertEquals(k, value(r2), "sqr");
      }
    }
  }

  @Test
  void resultsMayAliasOperands() {
    P384Field f = new P384Field();
    for (BigInteger a : samples(40)) {
      long[] x = of(a);
      f.mul(x, x, x);
      assertEquals(a.multiply(a).mod(P), value(x));
      long[] y = of(a);
      P384Field.add(y, y, y);
      assertEquals(a.add(a).mod(P), value(y));
      long[] z = of(a);
      P384Field.sub(z, z, of(BigInteger.ONE));
      assertEquals(a.subtract(BigInteger.ONE).mod(P), value(z));
    }
  }

  @Test
  void invertAndSquareRoot_matchBigInteger() {
    P384Field f = new P384Field();
    long[] r = P384Field.element();
    BigInteger sqrtExp = P.add(BigInteger.ONE).shiftRight(2);
    for (BigInteger a : samples(60)) {
      f.invert(r, of(a));
      BigInteger expected = a.signum() == 0 ? BigInteger.ZERO : a.modInverse(P);
      assertEquals(expected, value(r), () -> "invert " + a.toString(16));
      f.sqrtCandidate(r, of(a));
      assertEquals(a.modPow(sqrtExp, P), value(r), () -> "sqrt " + a.toString(16));
    }
  }

  @Test
  void encodeDecode_roundTripBigEndian() {
    for (BigInteger a : samples(20)) {
      byte[] out = new byte[50];
      P384Field.encode(of(a), out, 1);
      byte[] expected = new byte[48];
      byte[] raw = a.toByteArray();
      int n = Math.min(48, raw.length);
      System.arraycopy(raw, raw.length - n, expected, 48 - n, n);
      for (int i = 0; i < 48; i++) {
        assertEquals(expected[i], out[1 + i]);
      }
      long[] back = P384Field.element();
      P384Field.decode(back, out, 1);
      assertEquals(a, value(back));
    }
  }

  @Test
  void masks_areAllOnesOrZero() {
    assertEquals(-1L, P384Field.isZeroMask(of(BigInteger.ZERO)));
    assertEquals(0L, P384Field.isZeroMask(of(BigInteger.ONE)));
    assertEquals(0L, P384Field.isZeroMask(of(BigInteger.TWO.pow(383))));
    assertEquals(
        -1L, P384Field.equalMask(of(P.subtract(BigInteger.ONE)), of(P.subtract(BigInteger.ONE))));
    assertEquals(
        0L, P384Field.equalMask(of(P.subtract(BigInteger.ONE)), of(P.subtract(BigInteger.TWO))));
  }
}
