package io.zssp.crypto.internal;

import io.zssp.crypto.P384;
import io.zssp.crypto.RandomSource;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.util.Arrays;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECCurve;
import org.bouncycastle.math.ec.ECMultiplier;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * What every {@link P384} of this project does the same way, on BouncyCastle's {@code
 * CustomNamedCurves secp384r1}: the checks on private scalars and compressed public keys, in one
 * order and with one wording (the exceptions users see), the rejection sampling of scalars from a
 * {@link RandomSource}, point decompression and d·G. The default provider ({@link BcP384}) and the
 * native one ({@code io.zssp.crypto.accp}) both call it, so they accept, reject and word alike.
 * Stateless and thread-safe.
 *
 * <p><b>Constant time.</b> d·G runs {@link FixedPointCombMultiplier} (a regular comb whose table is
 * read through the curve's cache-safe lookup), as BC's own {@code ECKeyPairGenerator} does, never
 * {@link ECPoint#multiply}, whose default multiplier is variable-time wNAF. Decoding handles public
 * data only and may take variable time.
 */
public final class P384Curve {
  private static final X9ECParameters PARAMS = CustomNamedCurves.getByName("secp384r1");
  private static final ECCurve CURVE = PARAMS.getCurve();
  private static final ECPoint G = PARAMS.getG();

  /** The group order n. */
  static final BigInteger N = PARAMS.getN();

  private static final BigInteger P = CURVE.getField().getCharacteristic();
  private static final ECMultiplier BASE_MULTIPLIER = new FixedPointCombMultiplier();

  /** A working RandomSource needs more than one draw here with probability about 2^-190. */
  private static final int MAX_KEYGEN_ATTEMPTS = 64;

  private P384Curve() {}

  /**
   * Draws 48 random bytes as a big-endian d and redraws while d = 0 or d ≥ n (rejection sampling,
   * so d is uniform in [1, n) without modular-reduction bias). The draw buffer is wiped.
   *
   * @throws IllegalStateException if the random source keeps producing out-of-range values
   */
  public static BigInteger drawScalar(RandomSource random) {
    byte[] buf = new byte[P384.PRIVATE_KEY_SIZE_IN_BYTES];
    try {
      for (int attempt = 0; attempt < MAX_KEYGEN_ATTEMPTS; attempt++) {
        random.nextBytes(buf, 0, buf.length);
        BigInteger d = new BigInteger(1, buf);
        if (d.signum() != 0 && d.compareTo(N) < 0) {
          return d;
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

  /**
   * The scalar of a 48-byte big-endian private key, checked to be in [1, n).
   *
   * @throws InvalidKeyException if {@code scalar} is null, not 48 bytes, zero, or not less than n
   */
  public static BigInteger scalarOf(byte[] scalar) throws InvalidKeyException {
    if (scalar == null) {
      throw new InvalidKeyException("P-384 private scalar is null");
    }
    if (scalar.length != P384.PRIVATE_KEY_SIZE_IN_BYTES) {
      throw new InvalidKeyException(
          "expected "
              + P384.PRIVATE_KEY_SIZE_IN_BYTES
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
    return d;
  }

  /**
   * Checks the form of a compressed public key: 49 bytes, prefix {@code 02} or {@code 03}, x &lt;
   * p. Whether x is the abscissa of a curve point is {@link #decompress}'s question.
   *
   * @throws InvalidKeyException naming the first defect found
   */
  public static void checkCompressed(byte[] encoded) throws InvalidKeyException {
    if (encoded == null) {
      throw new InvalidKeyException("P-384 public key is null");
    }
    if (encoded.length != P384.PUBLIC_KEY_SIZE_IN_BYTES) {
      throw new InvalidKeyException(
          "expected "
              + P384.PUBLIC_KEY_SIZE_IN_BYTES
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
    BigInteger x = new BigInteger(1, encoded, 1, P384.PUBLIC_KEY_SIZE_IN_BYTES - 1);
    if (x.compareTo(P) >= 0) {
      throw new InvalidKeyException(
          "P-384 public key x-coordinate is not less than the field prime p");
    }
  }

  /**
   * The affine point of a compressed public key that passed {@link #checkCompressed}, checked to be
   * a valid curve point other than the identity. Never throws anything but {@link
   * InvalidKeyException}.
   */
  public static ECPoint decompress(byte[] encoded) throws InvalidKeyException {
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
      throw notOnTheCurve();
    }
    return point;
  }

  /** The exception for a decoded point that is not a valid curve point. */
  public static InvalidKeyException notOnTheCurve() {
    return new InvalidKeyException("decoded P-384 public key is not a valid curve point");
  }

  /** d·G, normalized, by the constant-time comb; {@code d} must be in [1, n). */
  public static ECPoint publicPoint(BigInteger d) {
    return BASE_MULTIPLIER.multiply(G, d).normalize();
  }
}
