package io.zssp.crypto.internal;

import io.zssp.crypto.P384;
import io.zssp.crypto.P384PublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A validated P-384 public key as every provider of this project holds it: its 49-byte compressed
 * encoding, beside whatever key object the provider's ECDH needs (the subclass's). Immutable and
 * thread-safe. Equality is by encoding among keys of the same class, so keys of two providers are
 * never equal. Public keys are not secret, so {@link #toString()} shows the encoding.
 */
public abstract class AbstractP384PublicKey implements P384PublicKey {
  private final byte[] encoded;

  /**
   * Takes ownership of {@code encoded}, the validated key's compressed encoding.
   *
   * @throws IllegalStateException if it is not 49 bytes long
   */
  protected AbstractP384PublicKey(byte[] encoded) {
    if (encoded.length != P384.PUBLIC_KEY_SIZE_IN_BYTES) {
      throw new IllegalStateException("compressed P-384 encoding has " + encoded.length + " bytes");
    }
    this.encoded = encoded;
  }

  @Override
  public final byte[] encoded() {
    return encoded.clone();
  }

  @Override
  public final void writeEncoded(byte[] out, int off) {
    Objects.checkFromIndexSize(off, encoded.length, out.length);
    System.arraycopy(encoded, 0, out, off, encoded.length);
  }

  @Override
  public final boolean equals(Object o) {
    return o != null
        && o.getClass() == getClass()
        && Arrays.equals(encoded, ((AbstractP384PublicKey) o).encoded);
  }

  @Override
  public final int hashCode() {
    return Arrays.hashCode(encoded);
  }

  @Override
  public final String toString() {
    return "P384PublicKey[" + HexFormat.of().formatHex(encoded) + "]";
  }
}
