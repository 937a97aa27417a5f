package io.zssp.crypto.internal;

import io.zssp.crypto.P384;
import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.util.Objects;

/**
 * The part of {@link P384} that every provider of this project does alike, around what each does
 * its own way: scalars and compressed encodings are checked by {@link P384Curve} before the
 * subclass builds its key objects, and {@link #agree} checks its arguments, refuses a key pair of
 * another implementation, and decodes a public key of another implementation from its encoding
 * before the subclass computes the shared secret. Subclasses are stateless apart from final
 * references, so they are thread-safe.
 */
public abstract class AbstractP384 implements P384 {
  private final Class<? extends P384KeyPair> keyPairType;
  private final Class<? extends AbstractP384PublicKey> publicKeyType;
  private final String refusal;
  private final String refusalHint;

  /**
   * @param keyPairType the class of this implementation's key pairs
   * @param publicKeyType the class of this implementation's public keys
   * @param owner how the refusal of a foreign key pair names this implementation
   * @param refusalHint appended to that refusal (empty for none)
   */
  protected AbstractP384(
      Class<? extends P384KeyPair> keyPairType,
      Class<? extends AbstractP384PublicKey> publicKeyType,
      String owner,
      String refusalHint) {
    this.keyPairType = Objects.requireNonNull(keyPairType, "keyPairType");
    this.publicKeyType = Objects.requireNonNull(publicKeyType, "publicKeyType");
    this.refusal = "P-384 key pair was not created by " + owner + ": ";
    this.refusalHint = Objects.requireNonNull(refusalHint, "refusalHint");
  }

  /** The key pair of a scalar checked by {@link P384Curve#scalarOf} (1 ≤ d &lt; n). */
  protected abstract P384KeyPair keyPairOf(BigInteger d);

  /**
   * The public key of an encoding that passed {@link P384Curve#checkCompressed}, whose abscissa may
   * still be off the curve.
   *
   * @throws InvalidKeyException if no curve point has this x-coordinate
   */
  protected abstract AbstractP384PublicKey decodeChecked(byte[] encoded) throws InvalidKeyException;

  /**
   * x(d·Q) into {@code out[off, off+48)}, the range already checked.
   *
   * @param privateKey a key pair of this implementation
   * @param publicKey a public key of this implementation
   */
  protected abstract void agreeChecked(
      P384KeyPair privateKey, AbstractP384PublicKey publicKey, byte[] out, int off);

  @Override
  public final P384KeyPair importPrivateKey(byte[] scalar) throws InvalidKeyException {
    return keyPairOf(P384Curve.scalarOf(scalar));
  }

  /**
   * Accepts exactly {@code 02|03 ‖ x} with x &lt; p and x the abscissa of a curve point. Never
   * throws anything but {@link InvalidKeyException}, whatever the input.
   */
  @Override
  public final P384PublicKey decodePublicKey(byte[] encoded) throws InvalidKeyException {
    P384Curve.checkCompressed(encoded);
    return decodeChecked(encoded);
  }

  /**
   * ECDH: x(d·Q) as exactly 48 big-endian bytes (left-padded).
   *
   * @throws IllegalArgumentException if {@code privateKey} was not created by this implementation,
   *     or a foreign {@code publicKey} does not decode
   * @throws IllegalStateException if {@code privateKey} has been destroyed
   */
  @Override
  public final void agree(P384KeyPair privateKey, P384PublicKey publicKey, byte[] out, int off) {
    Objects.requireNonNull(privateKey, "privateKey");
    Objects.requireNonNull(publicKey, "publicKey");
    Objects.checkFromIndexSize(off, SHARED_SECRET_SIZE_IN_BYTES, out.length);
    if (!keyPairType.isInstance(privateKey)) {
      throw new IllegalArgumentException(refusal + privateKey.getClass().getName() + refusalHint);
    }
    if (privateKey.isDestroyed()) {
      // Before a foreign public key is decoded, as the key pairs' own check comes first (the
      // subclass reads the key again, which throws the same if it is destroyed meanwhile).
      throw new IllegalStateException("P-384 key pair has been destroyed");
    }
    agreeChecked(privateKey, ownPublicKey(publicKey), out, off);
  }

  private AbstractP384PublicKey ownPublicKey(P384PublicKey publicKey) {
    if (publicKeyType.isInstance(publicKey)) {
      return (AbstractP384PublicKey) publicKey;
    }
    try {
      return (AbstractP384PublicKey) decodePublicKey(publicKey.encoded());
    } catch (InvalidKeyException e) {
      throw new IllegalArgumentException(
          "foreign P-384 public key is invalid: " + e.getMessage(), e);
    }
  }
}
