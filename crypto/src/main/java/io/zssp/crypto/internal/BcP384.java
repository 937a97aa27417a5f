package io.zssp.crypto.internal;

import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.RandomSource;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.util.Objects;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * {@link P384} on BouncyCastle's lightweight API ({@code CustomNamedCurves secp384r1}, the
 * specialised field arithmetic) with no JCA provider involved: the default provider's P-384 until
 * this project's own ({@code p384.JavaP384}) replaced it, kept as the differential tests' second
 * opinion and the benchmarks' and timing harness's point of comparison. Thread-safe; it owns
 * nothing but a reference to the {@link RandomSource} that key generation draws from.
 *
 * <p><b>Timing.</b> The timing harness finds evidence that both d·G and ECDH here take time that
 * depends on the scalar's structure (small scalars, Hamming weight 3: docs/TIMING.md), though the
 * multipliers below are the ones BouncyCastle builds for secrets.
 *
 * <p><b>Constant time.</b> Every multiplication by a secret scalar goes through a BouncyCastle
 * multiplier built for secrets, never through {@link ECPoint#multiply}, whose default multiplier on
 * this curve (BC 1.87: {@code WNafL2RMultiplier}) is variable-time wNAF:
 *
 * <ul>
 *   <li>d·G uses {@link FixedPointCombMultiplier} (regular comb, table read through the curve's
 *       cache-safe lookup table), as BC's own {@code ECKeyPairGenerator} does ({@link #keyPairOf});
 *   <li>ECDH uses {@link ECAlgorithms#multiplySecret(ECPoint, BigInteger, BigInteger)}, which in BC
 *       1.87 runs {@code ECConstantTimeMultiplier} (fixed signed window, cache-safe table); this is
 *       exactly what BC's {@code ECDHBasicAgreement} calls.
 * </ul>
 *
 * Public-key decoding works on public data only and may take variable time. The checks on scalars
 * and encodings, and their messages, are {@link P384Curve}'s, which the native provider shares.
 */
public final class BcP384 extends AbstractP384 {
  private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp384r1");
  private static final ECCurve CURVE = PARAMS.getCurve();
  private static final ECPoint G = PARAMS.getG();
  private static final BigInteger N = PARAMS.getN();
  private static final ECMultiplier BASE_MULTIPLIER = new FixedPointCombMultiplier();

  private final RandomSource random;

  /** Creates the implementation; {@code random} feeds {@link #generateKeyPair()}. */
  public BcP384(RandomSource random) {
    super(BcP384KeyPair.class, BcP384PublicKey.class, "BcP384", "");
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
  protected AbstractP384PublicKey decodeChecked(byte[] encoded) throws InvalidKeyException {
    return new BcP384PublicKey(decompress(encoded));
  }

  /**
   * ECDH as BC's {@code ECDHBasicAgreement}: x(d·Q) by the constant-time multiplier, as exactly 48
   * big-endian bytes (left-padded). The checks before it are {@link AbstractP384#agree}'s.
   */
  @Override
  protected void agreeChecked(
      P384KeyPair privateKey, AbstractP384PublicKey publicKey, byte[] out, int off) {
    BigInteger d = ((BcP384KeyPair) privateKey).key();
    ECPoint q = ((BcP384PublicKey) publicKey).point();
    ECPoint s = ECAlgorithms.multiplySecret(q, d, N).normalize();
    if (s.isInfinity()) {
      // Impossible: the group has prime order n, Q is not the identity and 0 < d < n.
      throw new IllegalStateException("ECDH produced the point at infinity");
    }
    // SecP384R1FieldElement.encodeTo writes the twelve 32-bit limbs big-endian: always exactly 48
    // bytes, left-padded by construction, with no BigInteger copy of the shared secret (which
    // could not be wiped) and no length-dependent work.
    s.getAffineXCoord().encodeTo(out, off);
  }

  @Override
  protected P384KeyPair keyPairOf(BigInteger d) {
    return new BcP384KeyPair(d, new BcP384PublicKey(BASE_MULTIPLIER.multiply(G, d).normalize()));
  }

  /**
   * The affine point of a compressed public key that passed {@link P384Curve#checkCompressed},
   * checked to be a valid curve point other than the identity. Never throws anything but {@link
   * InvalidKeyException}.
   */
  private static ECPoint decompress(byte[] encoded) throws InvalidKeyException {
    ECPoint point;
    try {
      // After checkCompressed, the only defect BC can still find is that x³ - 3x + b has no
      // square root mod p ("Invalid point compression"); any other exception is converted too.
      point = CURVE.decodePoint(encoded).normalize();
    } catch (RuntimeException e) {
      throw new InvalidKeyException(
          "no P-384 point has this x-coordinate (" + e.getMessage() + ")", e);
    }
    boolean valid;
    try {
      valid = !point.isInfinity() && point.isValid();
    } catch (RuntimeException e) {
      valid = false;
    }
    if (!valid) {
      throw P384Curve.notOnTheCurve();
    }
    return point;
  }
}
