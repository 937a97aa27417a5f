package io.zssp.crypto.internal.p384;

import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.RandomSource;
import io.zssp.crypto.internal.AbstractP384;
import io.zssp.crypto.internal.AbstractP384PublicKey;
import io.zssp.crypto.internal.P384Curve;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.Objects;

/**
 * The default {@link P384}: this project's own constant-time arithmetic ({@link P384Field}, {@link
 * P384Group}) in plain Java, with no library and no JCA provider. Thread-safe; it owns nothing but
 * a reference to the {@link RandomSource} that key generation draws from. Each operation allocates
 * its own few kilobytes of scratch space and wipes it before returning.
 *
 * <p><b>Constant time.</b> Scalar multiplications (d·G for a public key, d·Q for ECDH) run the same
 * instructions and memory accesses for every scalar and point: complete projective formulas, a
 * fixed 4-bit window read by a masked scan, field arithmetic without data-dependent branches, and
 * inversion by a fixed exponentiation. Decoding a public key (a square root) works on public data.
 * The checks on scalars and encodings, and their messages, are {@link P384Curve}'s, which the other
 * providers share.
 */
public final class JavaP384 extends AbstractP384 {
  private final RandomSource random;

  /** Creates the implementation; {@code random} feeds {@link #generateKeyPair()}. */
  public JavaP384(RandomSource random) {
    super(JavaP384KeyPair.class, JavaP384PublicKey.class, "JavaP384", "");
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * A key pair whose d is drawn from the random source by rejection sampling ({@link
   * P384Curve#drawScalar}: uniform in [1, n) without modular-reduction bias).
   *
   * @throws IllegalStateException if the random source keeps producing out-of-range values
   */
  @Override
  public P384KeyPair generateKeyPair() {
    return keyPairOf(P384Curve.drawScalar(random));
  }

  @Override
  protected P384KeyPair keyPairOf(BigInteger d) {
    byte[] scalar = P384Curve.toBytes(d);
    long[] x = P384Field.element();
    long[] y = P384Field.element();
    publicPoint(scalar, x, y);
    return new JavaP384KeyPair(scalar, new JavaP384PublicKey(x, y));
  }

  @Override
  protected AbstractP384PublicKey decodeChecked(byte[] encoded) throws InvalidKeyException {
    long[] x = P384Field.element();
    long[] y = P384Field.element();
    decompress(encoded, x, y);
    return new JavaP384PublicKey(x, y);
  }

  /**
   * d·G in constant time, as the 97-byte uncompressed SEC1 encoding {@code 04 ‖ x ‖ y}: for a
   * provider that imports a scalar into another library but wants this project's d·G.
   *
   * @param d a scalar checked by {@link P384Curve#scalarOf} or drawn by {@link
   *     P384Curve#drawScalar} (1 ≤ d &lt; n)
   */
  public static byte[] uncompressedPublicPoint(BigInteger d) {
    byte[] scalar = P384Curve.toBytes(d);
    long[] x = P384Field.element();
    long[] y = P384Field.element();
    publicPoint(scalar, x, y);
    Arrays.fill(scalar, (byte) 0);
    byte[] out = new byte[1 + 2 * P384.SHARED_SECRET_SIZE_IN_BYTES];
    out[0] = 0x04;
    P384Field.encode(x, out, 1);
    P384Field.encode(y, out, 1 + P384.SHARED_SECRET_SIZE_IN_BYTES);
    return out;
  }

  /**
   * Checks that a compressed encoding which passed {@link P384Curve#checkCompressed} is a curve
   * point, with the exception this provider throws otherwise: for a provider whose own library
   * refused an encoding and that wants to word the refusal as this one does.
   */
  public static void checkDecompresses(byte[] encoded) throws InvalidKeyException {
    decompress(encoded, P384Field.element(), P384Field.element());
  }

  /** x, y = the affine coordinates of d·G, by the fixed-base table in constant time. */
  private static void publicPoint(byte[] scalar, long[] x, long[] y) {
    P384Group group = new P384Group();
    P384Group.Point q = new P384Group.Point();
    group.multiplyBase(q, scalar);
    long identity = group.toAffine(x, y, q);
    group.wipe();
    if (identity != 0) {
      // Impossible for 1 ≤ d < n: G has prime order n.
      throw new IllegalStateException("d·G is the identity");
    }
  }

  /** x, y of a compressed encoding that passed {@link P384Curve#checkCompressed} (x &lt; p). */
  private static void decompress(byte[] encoded, long[] x, long[] y) throws InvalidKeyException {
    P384Field.decode(x, encoded, 1);
    P384Group group = new P384Group();
    long[] rhs = P384Field.element();
    group.curveRightHandSide(rhs, x);
    group.f.sqrtCandidate(y, rhs);
    long[] check = P384Field.element();
    group.f.sqr(check, y);
    if (P384Field.equalMask(check, rhs) == 0) {
      throw new InvalidKeyException(
          "no P-384 point has this x-coordinate (x³ − 3x + b is not a square mod p)");
    }
    if ((y[0] & 1) != (encoded[0] & 1)) { // public data: 02 even y, 03 odd y
      P384Field.neg(y, y); // (−y)² = y² = rhs: still on the curve
    }
  }

  /**
   * ECDH: x(d·Q) by the constant-time multiplication, as exactly 48 big-endian bytes. The checks
   * before it are {@link AbstractP384#agree}'s.
   */
  @Override
  protected void agreeChecked(
      P384KeyPair privateKey, AbstractP384PublicKey publicKey, byte[] out, int off) {
    byte[] d = ((JavaP384KeyPair) privateKey).scalar();
    JavaP384PublicKey q = (JavaP384PublicKey) publicKey;
    P384Group group = new P384Group();
    P384Group.Point base = new P384Group.Point();
    q.setPoint(base);
    P384Group.Point s = new P384Group.Point();
    group.multiply(s, base, d);
    long[] x = P384Field.element();
    long identity = group.toAffine(x, null, s);
    group.wipe();
    s.wipe();
    if (identity != 0) {
      // Impossible: the group has prime order n, Q is not the identity and 0 < d < n.
      throw new IllegalStateException("ECDH produced the point at infinity");
    }
    P384Field.encode(x, out, off);
    P384Field.setZero(x);
  }
}
