package io.zssp.crypto.accp;

import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.RandomSource;
import io.zssp.crypto.internal.AbstractP384;
import io.zssp.crypto.internal.AbstractP384PublicKey;
import io.zssp.crypto.internal.P384Curve;
import io.zssp.crypto.internal.p384.JavaP384;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.KeyAgreement;
import javax.crypto.ShortBufferException;

/**
 * {@link P384} on AWS-LC: key generation ({@code KeyPairGenerator "EC"}) and ECDH ({@code
 * KeyAgreement "ECDH"}) through ACCP's provider object. Thread-safe: each call obtains its own JCA
 * objects (≈ 1 µs against ≈ 200 µs of ECDH), so nothing is shared between threads.
 *
 * <p><b>Same behaviour as the default provider.</b> {@link #decodePublicKey} and {@link
 * #importPrivateKey} run the default provider's checks, the same code ({@code P384Curve} of {@code
 * io.zssp.crypto.internal}): the same order and the same messages (null, length, prefix, x &lt; p;
 * zero and out-of-range scalars). A key that passes them is decompressed by AWS-LC ({@code
 * KeyFactory "EC"} on a SubjectPublicKeyInfo carrying the compressed point), which yields the key
 * object the native ECDH needs in one step: 1.4× faster than BouncyCastle's decompression followed
 * by an AWS-LC key ({@code P384DecodeAlternativesBenchmark}). If AWS-LC finds no point, the default
 * provider's decompression runs to throw exactly the default provider's exception. So every input
 * is accepted or rejected as there, always with an {@link InvalidKeyException} and the same message
 * (the differential test in this module checks it on thousands of inputs). Compressed encodings are
 * written from the affine point: {@code 02} for even y, {@code 03} for odd, then x as 48 big-endian
 * bytes.
 *
 * <p><b>Constant time.</b> Multiplications by secrets run in AWS-LC (its P-384 is constant-time),
 * except d·G when a scalar is imported, which runs the default provider's constant-time fixed-base
 * multiplication ({@code JavaP384.uncompressedPublicPoint}; ACCP has no API that returns the public
 * key of an imported scalar). Decoding handles public data only.
 *
 * <p><b>Randomness.</b> Without a {@link RandomSource} ({@code random == null}) key pairs come from
 * AWS-LC's generator; with one, the scalar is drawn from it by rejection sampling exactly as the
 * default provider does (same draws, same key pairs) and imported, which is slower but lets tests
 * replay keys.
 */
final class AccpP384 extends AbstractP384 {
  private static final ECGenParameterSpec SECP384R1 = new ECGenParameterSpec("secp384r1");

  /** {@code 04 ‖ x ‖ y}. */
  private static final int UNCOMPRESSED_SIZE_IN_BYTES = 97;

  /**
   * DER of a SubjectPublicKeyInfo for an uncompressed P-384 point, up to the point: SEQUENCE {
   * SEQUENCE { id-ecPublicKey, secp384r1 }, BIT STRING (0 unused bits) }; the 97 bytes follow.
   */
  private static final byte[] SPKI_PREFIX =
      HexFormat.of().parseHex("3076301006072a8648ce3d020106052b81040022036200");

  /** The same for a compressed point; the 49 bytes follow. */
  /**
   * DER of a PKCS#8 P-384 private key (RFC 5208 around an RFC 5915 ECPrivateKey without its
   * optional public key) up to the 48-byte scalar.
   */
  private static final byte[] PKCS8_PREFIX =
      HexFormat.of().parseHex("304e020100301006072a8648ce3d020106052b81040022043730350201010430");

  private static final byte[] COMPRESSED_SPKI_PREFIX =
      HexFormat.of().parseHex("3046301006072a8648ce3d020106052b81040022033200");

  private final Provider accp;
  private final RandomSource random;

  /**
   * @param accp ACCP's provider object
   * @param random the source of private scalars, or null for AWS-LC's own generator
   */
  AccpP384(Provider accp, RandomSource random) {
    super(
        AccpP384KeyPair.class,
        AccpP384PublicKey.class,
        "NativeCryptoProvider",
        " (import it with this provider's p384().importPrivateKey)");
    this.accp = Objects.requireNonNull(accp, "accp");
    this.random = random;
    try {
      KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", accp);
      kpg.initialize(SECP384R1);
      kpg.generateKeyPair(); // fails here, at construction, if ACCP cannot make P-384 keys
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ACCP cannot generate P-384 keys", e);
    }
  }

  @Override
  public P384KeyPair generateKeyPair() {
    if (random != null) {
      // The default provider's key generation (same draws, same key pair), imported.
      return keyPairOf(P384Curve.drawScalar(random));
    }
    KeyPair kp;
    try {
      KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", accp);
      kpg.initialize(SECP384R1);
      kp = kpg.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ACCP failed to generate a P-384 key pair", e);
    }
    ECPublicKey pub = (ECPublicKey) kp.getPublic();
    byte[] encoded = compress(pub.getW().getAffineX(), pub.getW().getAffineY());
    return new AccpP384KeyPair((ECPrivateKey) kp.getPrivate(), new AccpP384PublicKey(encoded, pub));
  }

  /** AWS-LC decompresses an encoding that passed the default provider's checks. */
  @Override
  protected AbstractP384PublicKey decodeChecked(byte[] encoded) throws InvalidKeyException {
    byte[] spki = Arrays.copyOf(COMPRESSED_SPKI_PREFIX, COMPRESSED_SPKI_PREFIX.length + 49);
    System.arraycopy(encoded, 0, spki, COMPRESSED_SPKI_PREFIX.length, PUBLIC_KEY_SIZE_IN_BYTES);
    PublicKey key;
    try {
      // After P384Curve.checkCompressed, the only defect left is that x³ - 3x + b has no square
      // root mod p.
      key = KeyFactory.getInstance("EC", accp).generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException | RuntimeException e) {
      throw rejection(encoded);
    }
    return new AccpP384PublicKey(encoded.clone(), key);
  }

  /**
   * The default provider's exception for an input AWS-LC could not decompress: the default
   * provider's decompression runs again to word it exactly as there (only invalid input pays for
   * this). Both compute the same square root mod p, so they agree on every input; the differential
   * test checks it.
   */
  private static InvalidKeyException rejection(byte[] encoded) {
    try {
      JavaP384.checkDecompresses(encoded);
    } catch (InvalidKeyException e) {
      return e;
    }
    return P384Curve.notOnTheCurve();
  }

  /**
   * ECDH: x(d·Q) as exactly 48 big-endian bytes (AWS-LC pads to the field size). The checks before
   * it are {@code AbstractP384.agree}'s.
   */
  @Override
  protected void agreeChecked(
      P384KeyPair privateKey, AbstractP384PublicKey publicKey, byte[] out, int off) {
    PrivateKey d = ((AccpP384KeyPair) privateKey).privateKey();
    PublicKey q = ((AccpP384PublicKey) publicKey).key();
    int n;
    try {
      KeyAgreement ka = KeyAgreement.getInstance("ECDH", accp);
      ka.init(d);
      ka.doPhase(q, true);
      n = ka.generateSecret(out, off);
    } catch (ShortBufferException e) {
      throw new IllegalStateException("ECDH output does not fit 48 bytes", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ACCP ECDH failed unexpectedly", e);
    }
    if (n != SHARED_SECRET_SIZE_IN_BYTES) {
      throw new IllegalStateException("ECDH produced " + n + " bytes, expected 48");
    }
  }

  /**
   * d imported into AWS-LC, and its public key d·G (the default provider's constant-time fixed-base
   * multiplication, {@code JavaP384.uncompressedPublicPoint}). AWS-LC gets d as a PKCS#8 encoding
   * of exactly 48 bytes, so nothing on the way depends on d's length: {@code new
   * ECPrivateKeySpec(d, params)}, used before, encodes the {@code BigInteger} at its own length,
   * and the timing harness saw scalars with leading zero bytes import faster (docs/TIMING.md). It
   * costs about twice as much (AWS-LC computes d·G itself from this encoding); imports are rare (a
   * static key loaded, or a key pair drawn from a given {@link RandomSource}).
   */
  @Override
  protected P384KeyPair keyPairOf(BigInteger d) {
    byte[] uncompressed = JavaP384.uncompressedPublicPoint(d);
    PublicKey pub = awsLcKey(uncompressed);
    if (pub == null) {
      throw new IllegalStateException("AWS-LC refused d·G for a valid scalar");
    }
    byte[] der = Arrays.copyOf(PKCS8_PREFIX, PKCS8_PREFIX.length + PRIVATE_KEY_SIZE_IN_BYTES);
    byte[] scalar = P384Curve.toBytes(d);
    System.arraycopy(scalar, 0, der, PKCS8_PREFIX.length, PRIVATE_KEY_SIZE_IN_BYTES);
    Arrays.fill(scalar, (byte) 0);
    try {
      PrivateKey priv =
          KeyFactory.getInstance("EC", accp).generatePrivate(new PKCS8EncodedKeySpec(der));
      return new AccpP384KeyPair(
          (ECPrivateKey) priv, new AccpP384PublicKey(compressed(uncompressed), pub));
    } catch (InvalidKeySpecException | RuntimeException e) {
      // d is in [1, n) and d·G is on the curve: AWS-LC has no reason to refuse either.
      throw new IllegalStateException("ACCP refused a valid P-384 key: " + e.getMessage(), e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ACCP has no EC key factory", e);
    } finally {
      Arrays.fill(der, (byte) 0); // PKCS8EncodedKeySpec keeps its own copy, which we cannot wipe
    }
  }

  /**
   * The ACCP key of a validated affine point, from its uncompressed SubjectPublicKeyInfo (AWS-LC
   * checks again that it is on the curve; no square root is needed). Null if AWS-LC refuses it.
   */
  private PublicKey awsLcKey(byte[] uncompressed) {
    byte[] spki = Arrays.copyOf(SPKI_PREFIX, SPKI_PREFIX.length + UNCOMPRESSED_SIZE_IN_BYTES);
    System.arraycopy(uncompressed, 0, spki, SPKI_PREFIX.length, UNCOMPRESSED_SIZE_IN_BYTES);
    try {
      return KeyFactory.getInstance("EC", accp).generatePublic(new X509EncodedKeySpec(spki));
    } catch (GeneralSecurityException | RuntimeException e) {
      return null;
    }
  }

  /** {@code 02|03 ‖ x} of an uncompressed {@code 04 ‖ x ‖ y}. */
  private static byte[] compressed(byte[] uncompressed) {
    byte[] out = new byte[PUBLIC_KEY_SIZE_IN_BYTES];
    out[0] = (byte) (0x02 | (uncompressed[UNCOMPRESSED_SIZE_IN_BYTES - 1] & 1));
    System.arraycopy(uncompressed, 1, out, 1, PUBLIC_KEY_SIZE_IN_BYTES - 1);
    return out;
  }

  /** {@code 02|03 ‖ x}, x left-padded to 48 bytes. */
  static byte[] compress(BigInteger x, BigInteger y) {
    byte[] out = new byte[PUBLIC_KEY_SIZE_IN_BYTES];
    out[0] = (byte) (y.testBit(0) ? 0x03 : 0x02);
    byte[] xb = x.toByteArray(); // big-endian, possibly with a sign byte or shorter than 48
    int n = Math.min(xb.length, PRIVATE_KEY_SIZE_IN_BYTES);
    System.arraycopy(xb, xb.length - n, out, PUBLIC_KEY_SIZE_IN_BYTES - n, n);
    return out;
  }
}
