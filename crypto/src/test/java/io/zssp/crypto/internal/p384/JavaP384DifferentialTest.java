package io.zssp.crypto.internal.p384;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import io.zssp.crypto.internal.BcP384;
import io.zssp.crypto.internal.P384Curve;
import io.zssp.crypto.internal.SecureRandomSource;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link JavaP384} against BouncyCastle's P-384 ({@link BcP384}): public keys of random and
 * structured scalars (small, large, low and high Hamming weight, n − k), ECDH on random pairs in
 * both directions, and decoding of random x-coordinates (accepted and refused alike, the same
 * point). The group-law edge cases (the identity on either side, opposite points, n·G) are checked
 * directly.
 */
class JavaP384DifferentialTest {
  private static final BigInteger N = P384Curve.N;

  private final P384 ours = new JavaP384(new SecureRandomSource());
  private final P384 bc = new BcP384(new SecureRandomSource());

  private static byte[] bytes(BigInteger d) {
    byte[] out = new byte[48];
    byte[] raw = d.toByteArray();
    int n = Math.min(48, raw.length);
    System.arraycopy(raw, raw.length - n, out, 48 - n, n);
    return out;
  }

  private static List<BigInteger> scalars() {
    List<BigInteger> s = new ArrayList<>();
    for (long k = 1; k <= 40; k++) {
      s.add(BigInteger.valueOf(k));
      s.add(N.subtract(BigInteger.valueOf(k)));
    }
    s.add(BigInteger.TWO.pow(383));
    s.add(BigInteger.TWO.pow(64).subtract(BigInteger.ONE));
    s.add(BigInteger.TWO.pow(56).add(BigInteger.ONE));
    s.add(BigInteger.TWO.pow(380).subtract(BigInteger.ONE));
    s.add(N.shiftRight(1));
    SplittableRandom rnd = new SplittableRandom(7);
    for (int i = 0; i < 60; i++) {
      byte[] b = new byte[48];
      rnd.nextBytes(b);
      BigInteger d = new BigInteger(1, b).mod(N.subtract(BigInteger.ONE)).add(BigInteger.ONE);
      s.add(d);
      // Hamming weight 3 at random positions.
      s.add(
          BigInteger.ZERO
              .setBit(rnd.nextInt(383))
              .setBit(rnd.nextInt(383))
              .setBit(rnd.nextInt(383)));
    }
    return s;
  }

  @Test
  void publicKeys_matchBouncyCastle_forRandomAndStructuredScalars() throws Exception {
    for (BigInteger d : scalars()) {
      byte[] scalar = bytes(d);
      assertArrayEquals(
          bc.importPrivateKey(scalar).publicKey().encoded(),
          ours.importPrivateKey(scalar).publicKey().encoded(),
          () -> "d = " + d.toString(16));
    }
  }

  @Test
  void ecdh_matchesBouncyCastle_bothDirections() throws Exception {
    List<BigInteger> s = scalars();
    SplittableRandom rnd = new SplittableRandom(11);
    for (int i = 0; i < 80; i++) {
      byte[] a = bytes(s.get(rnd.nextInt(s.size())));
      byte[] b = bytes(s.get(rnd.nextInt(s.size())));
      P384KeyPair oursA = ours.importPrivateKey(a);
      P384KeyPair bcB = bc.importPrivateKey(b);
      P384PublicKey bPublicOurs = ours.decodePublicKey(bcB.publicKey().encoded());
      byte[] expected = bc.agree(bcB, bc.decodePublicKey(oursA.publicKey().encoded()));
      assertArrayEquals(expected, ours.agree(oursA, bPublicOurs));
      byte[] out = new byte[60];
      ours.agree(oursA, bPublicOurs, out, 7);
      for (int j = 0; j < 48; j++) {
        assertEquals(expected[j], out[7 + j]);
      }
    }
  }

  @Test
  void decode_acceptsAndRefusesExactlyAsBouncyCastle_sameEncodingBack() {
    SplittableRandom rnd = new SplittableRandom(13);
    int accepted = 0;
    for (int i = 0; i < 400; i++) {
      byte[] enc = new byte[49];
      rnd.nextBytes(enc);
      enc[0] = (byte) (2 + (i & 1));
      if (i % 7 == 0) {
        for (int j = 1; j < 20; j++) {
          enc[j] = (byte) 0xff; // near p: some ≥ p, refused by both before the curve check
        }
      }
      P384PublicKey expected;
      try {
        expected = bc.decodePublicKey(enc);
      } catch (InvalidKeyException e) {
        assertThrows(InvalidKeyException.class, () -> ours.decodePublicKey(enc));
        continue;
      }
      accepted++;
      try {
        assertArrayEquals(expected.encoded(), ours.decodePublicKey(enc).encoded());
      } catch (InvalidKeyException e) {
        throw new AssertionError("refused what BouncyCastle accepts: " + e.getMessage(), e);
      }
    }
    assertEquals(true, accepted > 100, "enough accepted inputs: " + accepted);
  }

  @Test
  void formulas_handleTheIdentityAndOppositePoints() {
    P384Group g = new P384Group();
    P384Group.Point gen = new P384Group.Point();
    gen.setAffine(P384Group.GX, P384Group.GY);
    P384Group.Point id = new P384Group.Point();
    id.setIdentity();
    P384Group.Point r = new P384Group.Point();
    long[] x = P384Field.element();
    long[] y = P384Field.element();

    g.add(r, gen, id); // G + O = G
    assertEquals(0, g.toAffine(x, y, r));
    assertArrayEquals(P384Group.GX, x);
    assertArrayEquals(P384Group.GY, y);

    g.add(r, id, id); // O + O = O
    assertEquals(-1, g.toAffine(x, y, r));
    g.dbl(r, id); // 2·O = O
    assertEquals(-1, g.toAffine(x, y, r));

    P384Group.Point two = new P384Group.Point();
    g.dbl(two, gen);
    P384Group.Point three = new P384Group.Point();
    g.add(three, two, gen); // 2G + G
    P384Group.Point threeOther = new P384Group.Point();
    g.add(threeOther, gen, two); // G + 2G, a different Z
    long[] x2 = P384Field.element();
    long[] y2 = P384Field.element();
    g.toAffine(x, y, three);
    g.toAffine(x2, y2, threeOther);
    assertArrayEquals(x2, x);
    assertArrayEquals(y2, y);
    assertEquals(-1, g.onCurveMask(x, y));

    P384Group.Point minusG = new P384Group.Point();
    long[] negY = P384Field.element();
    P384Field.neg(negY, P384Group.GY);
    minusG.setAffine(P384Group.GX, negY);
    g.add(r, gen, minusG); // G + (−G) = O
    assertEquals(-1, g.toAffine(x, y, r));

    // n·G = O and (n−1)·G = −G through the scalar multiplication.
    g.multiply(r, gen, bytes(N));
    assertEquals(-1, g.toAffine(x, y, r));
    g.multiply(r, gen, bytes(N.subtract(BigInteger.ONE)));
    assertEquals(0, g.toAffine(x, y, r));
    assertArrayEquals(negY, y);
  }
}
