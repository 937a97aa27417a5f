package io.zssp.crypto.internal;

import io.zssp.crypto.P384;
import io.zssp.crypto.RandomSource;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.util.Arrays;

/**
 * What every {@link P384} of this project does the same way: the checks on private scalars and
 * compressed public keys, in one order and with one wording (the exceptions users see), and the
 * rejection sampling of scalars from a {@link RandomSource}. The default provider ({@code
 * p384.JavaP384}), BouncyCastle's ({@link BcP384}) and the native one ({@code io.zssp.crypto.accp})
 * all call it, so they accept, reject and word alike. Stateless and thread-safe.
 */
public final class P384Curve {
  /** The group order n. */
  public static final BigInteger N =
      new BigInteger(
          "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
          16);

  /** The field prime p = 2^384 − 2^128 − 2^96 + 2^32 − 1. */
  private static final BigInteger P =
      BigInteger.TWO
          .pow(384)
          .subtract(BigInteger.TWO.pow(128))
          .subtract(BigInteger.TWO.pow(96))
          .add(BigInteger.TWO.pow(32))
          .subtract(BigInteger.ONE);

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
   * A scalar in [1, n) as exactly 48 big-endian bytes, whatever its length: for implementations
   * that need the bytes (the caller wipes them).
   */
  public static byte[] toBytes(BigInteger d) {
    byte[] raw = d.toByteArray(); // may carry a sign byte or be shorter
    byte[] out = new byte[P384.PRIVATE_KEY_SIZE_IN_BYTES];
    int n = Math.min(raw.length, out.length);
    System.arraycopy(raw, raw.length - n, out, out.length - n, n);
    Arrays.fill(raw, (byte) 0);
    return out;
  }

  /**
   * Checks the form of a compressed public key: 49 bytes, prefix {@code 02} or {@code 03}, x &lt;
   * p. Whether x is the abscissa of a curve point is the provider's question.
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

  /** The exception for a decoded point that is not a valid curve point. */
  public static InvalidKeyException notOnTheCurve() {
    return new InvalidKeyException("decoded P-384 public key is not a valid curve point");
  }
}
