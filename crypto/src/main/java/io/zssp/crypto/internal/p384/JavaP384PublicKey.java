package io.zssp.crypto.internal.p384;

import io.zssp.crypto.P384;
import io.zssp.crypto.internal.AbstractP384PublicKey;

/**
 * A validated P-384 public key of {@link JavaP384}: the affine coordinates of a curve point other
 * than the identity, and its 49-byte compressed encoding, computed once. Immutable and thread-safe
 * (the coordinate arrays are never handed out); equality is by encoding ({@link
 * AbstractP384PublicKey}).
 */
final class JavaP384PublicKey extends AbstractP384PublicKey {
  private final long[] x;
  private final long[] y;

  /** Takes ownership of the coordinates of a point the caller has validated. */
  JavaP384PublicKey(long[] x, long[] y) {
    super(compress(x, y));
    this.x = x;
    this.y = y;
  }

  /** Loads this point into {@code p} (Z = 1). */
  void setPoint(P384Group.Point p) {
    p.setAffine(x, y);
  }

  private static byte[] compress(long[] x, long[] y) {
    byte[] encoded = new byte[P384.PUBLIC_KEY_SIZE_IN_BYTES];
    encoded[0] = (byte) (0x02 | (y[0] & 1));
    P384Field.encode(x, encoded, 1);
    return encoded;
  }
}
