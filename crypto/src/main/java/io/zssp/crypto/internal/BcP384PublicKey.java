package io.zssp.crypto.internal;

import org.bouncycastle.math.ec.ECPoint;

/**
 * A validated P-384 public key of {@link BcP384}: a normalized (affine) BouncyCastle point on
 * {@code CustomNamedCurves secp384r1}, other than the identity, and its 49-byte compressed
 * encoding, computed once. Immutable and thread-safe; only {@link BcP384} creates instances.
 * Equality is by encoding ({@link AbstractP384PublicKey}).
 */
final class BcP384PublicKey extends AbstractP384PublicKey {
  private final ECPoint point;

  /** Wraps a point that the caller has already validated and normalized. */
  BcP384PublicKey(ECPoint point) {
    super(point.getEncoded(true));
    this.point = point;
  }

  /** The affine point, for ECDH. */
  ECPoint point() {
    return point;
  }
}
