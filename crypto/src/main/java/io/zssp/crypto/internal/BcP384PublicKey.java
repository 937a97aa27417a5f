package io.zssp.crypto.internal;

import io.zssp.crypto.P384;
import io.zssp.crypto.P384PublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.math.ec.ECPoint;

/**
 * A validated P-384 public key: a normalized (affine) BouncyCastle point on {@code
 * CustomNamedCurves secp384r1}, other than the identity, and its 49-byte compressed encoding,
 * computed once. Immutable and thread-safe; only {@link BcP384} creates instances. Equality is by
 * encoding. Public keys are not secret, so {@link #toString()} shows the encoding.
 */
final class BcP384PublicKey implements P384PublicKey {
  private final ECPoint point;
  private final byte[] encoded;

  /** Wraps a point that the caller has already validated and normalized. */
  BcP384PublicKey(ECPoint point) {
    this.point = point;
    this.encoded = point.getEncoded(true);
    if (encoded.length != P384.PUBLIC_KEY_SIZE_IN_BYTES) {
      throw new IllegalStateException("compressed P-384 encoding has " + encoded.length + " bytes");
    }
  }

  /** The affine point, for ECDH. */
  ECPoint point() {
    return point;
  }

  @Override
  public byte[] encoded() {
    return encoded.clone();
  }

  @Override
  public void writeEncoded(byte[] out, int off) {
    Objects.checkFromIndexSize(off, encoded.length, out.length);
    System.arraycopy(encoded, 0, out, off, encoded.length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof BcP384PublicKey && Arrays.equals(encoded, ((BcP384PublicKey) o).encoded);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public String toString() {
    return "P384PublicKey[" + HexFormat.of().formatHex(encoded) + "]";
  }
}
