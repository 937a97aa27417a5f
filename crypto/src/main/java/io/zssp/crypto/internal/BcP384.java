package io.zssp.crypto.internal;

import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import io.zssp.crypto.RandomSource;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * The default {@link P384}, on BouncyCastle's lightweight API ({@code CustomNamedCurves secp384r1},
 * the specialised field arithmetic) with no JCA provider involved. Thread-safe; it owns nothing but
 * a reference to the {@link RandomSource} that key generation draws from.
 *
 * <p><b>Constant time.</b> Every multiplication by a secret scalar goes through a BouncyCastle
 * multiplier built for secrets, never through {@link ECPoint#multiply}, whose default multiplier on
 * this curve (BC 1.87: {@code WNafL2RMultiplier}) is variable-time wNAF:
 *
 * <ul>
 *   <li>d·G uses {@link FixedPointCombMultiplier} (regular comb, table read through the curve's
 *       cache-safe lookup table), as BC's own {@code ECKeyPairGenerator} does;
 *   <li>ECDH uses {@link ECAlgorithms#multiplySecret(ECPoint, BigInteger, BigInteger)}, which in BC
 *       1.87 runs {@code ECConstantTimeMultiplier} (fixed signed window, cache-safe table); this is
 *       exactly what BC's {@code ECDHBasicAgreement} calls.
 * </ul>
 *
 * Public-key decoding works on public data only and may take variable time.
 */
public final class BcP384 implements P384 {
  private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp384r1");
  private static final ECCurve CURVE = PARAMS.getCurve();
  private static final ECPoint G = PARAMS.getG();
  private static final BigInteger N = PARAMS.getN();
  private static final BigInteger P = CURVE.getField().getCharacteristic();
  private static final ECMultiplier BASE_MULTIPLIER = new FixedPointCombMultiplier();

  /** A working RandomSource needs more than one draw here with probability about 2^-190. */
  private static final int MAX_KEYGEN_ATTEMPTS = 64;

  private final RandomSource random;

  /** Creates the implementation; {@code random} feeds {@link #generateKeyPair()}. */
  public BcP384(RandomSource random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * Draws 48 random bytes as a big-endian d and redraws while d = 0 or d ≥ n (rejection sampling,
   * so d is uniform in [1, n) without modular-reduction bias).
   *
   * @throws IllegalStateException if the random source keeps producing out-of-range values
   */
  @Override
  public P384KeyPair generateKeyPair() {
    byte[] buf = new byte[PRIVATE_KEY_SIZE_IN_BYTES];
    try {
      for (int attempt = 0; attempt < MAX_KEYGEN_ATTEMPTS; attempt++) {
        random.nextBytes(buf, 0, buf.length);
        BigInteger d = new BigInteger(1, buf);
        if (d.signum() != 0 && d.compareTo(N) < 0) {
          return keyPairOf(d);
        }
      }
    } finally {
      Arrays.fill(buf, (byte) 0);
    }
    throw new IllegalStateException(
        "random source produced "
            + MAX_KEYGEN_ATTEMPTS
            + " scalars outside [1, n) in a row; it is broken");
  }

  @Override
  public P384KeyPair importPrivateKey(byte[] scalar) throws InvalidKeyException {
    if (scalar == null) {
      throw new InvalidKeyException("P-384 private scalar is null");
    }
    if (scalar.length != PRIVATE_KEY_SIZE_IN_BYTES) {
      throw new InvalidKeyException(
          "expected "
              + PRIVATE_KEY_SIZE_IN_BYTES
              + "-byte P-384 private scalar, got "
              + scalar.length
              + " bytes");
    }
    BigInteger d = new BigInteger(1, scalar);
    if (d.signum() == 0) {
      throw new InvalidKeyException("P-384 private scalar is zero");
    }
    if (d.compareTo(N) >= 0) {
      throw new InvalidKeyException("P-384 private scalar is not less than the group order n");
    }
    return keyPairOf(d);
  }

  /**
   * Accepts exactly {@code 02|03 ‖ x} with x &lt; p and x the abscissa of a curve point. Never
   * throws anything but {@link InvalidKeyException}, whatever the input.
   */
  @Override
  public P384PublicKey decodePublicKey(byte[] encoded) throws InvalidKeyException {
    if (encoded == null) {
      throw new InvalidKeyException("P-384 public key is null");
    }
    if (encoded.length != PUBLIC_KEY_SIZE_IN_BYTES) {
      throw new InvalidKeyException(
          "expected "
              + PUBLIC_KEY_SIZE_IN_BYTES
              + "-byte compressed P-384 public key, got "
              + encoded.length
              + " bytes");
    }
    int prefix = encoded[0] & 0xff;
    if (prefix != 0x02 && prefix != 0x03) {
      throw new InvalidKeyException(
          String.format(
              "compressed P-384 public key must start with 0x02 or 0x03, got 0x%02x", prefix));
    }
    BigInteger x = new BigInteger(1, encoded, 1, PUBLIC_KEY_SIZE_IN_BYTES - 1);
    if (x.compareTo(P) >= 0) {
      throw new InvalidKeyException(
          "P-384 public key x-coordinate is not less than the field prime p");
    }
    ECPoint point;
    try {
      // After the checks above, the only defect BC can still find is that x³ - 3x + b has no
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
      throw new InvalidKeyException("decoded P-384 public key is not a valid curve point");
    }
    return new BcP384PublicKey(point);
  }

  /**
   * ECDH as BC's {@code ECDHBasicAgreement}: x(d·Q) by the constant-time multiplier, as exactly 48
   * big-endian bytes (left-padded).
   *
   * @throws IllegalArgumentException if {@code privateKey} was not created by this class, or a
   *     foreign {@code publicKey} does not decode
   * @throws IllegalStateException if {@code privateKey} has been destroyed
   */
  @Override
  public void agree(P384KeyPair privateKey, P384PublicKey publicKey, byte[] out, int off) {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.checkFromIndexSize(off, SHARED_SECRET_SIZE_IN_BYTES, out.length);
    if (!(privateKey instanceof BcP384KeyPair)) {
      throw new IllegalArgumentException(
          "P-384 key pair was not created by BcP384: " + privateKey.getClass().getName());
    }
    BigInteger d = ((BcP384KeyPair) privateKey).scalar();
    ECPoint q = pointOf(publicKey);
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

  private P384KeyPair keyPairOf(BigInteger d) {
    ECPoint q = BASE_MULTIPLIER.multiply(G, d).normalize();
    return new BcP384KeyPair(d, new BcP384PublicKey(q));
  }

  private ECPoint pointOf(P384PublicKey publicKey) {
    if (publicKey instanceof BcP384PublicKey) {
      return ((BcP384PublicKey) publicKey).point();
    }
    try {
      return ((BcP384PublicKey) decodePublicKey(publicKey.encoded())).point();
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException(
          "foreign P-384 public key is invalid: " + e.getMessage(), e);
    }
  }
}
