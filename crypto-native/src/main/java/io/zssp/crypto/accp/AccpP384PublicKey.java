package io.zssp.crypto.accp;

import io.zssp.crypto.P384PublicKey;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A validated P-384 public key: its 49-byte compressed encoding and the ACCP {@link PublicKey} that
 * AWS-LC decoded (and checked to be on the curve) from it, kept for ECDH. Immutable and
 * thread-safe; only {@link AccpP384} creates instances. Equality is by encoding, among keys of this
 * provider. Public keys are not secret, so {@link #toString()} shows the encoding.
 */
final class AccpP384PublicKey implements P384PublicKey {
  private final byte[] encoded;
  private final PublicKey key;

  /**
   * Takes ownership of {@code encoded}, which the caller has validated together with {@code key}.
   */
  AccpP384PublicKey(byte[] encoded, PublicKey key) {
    this.encoded = encoded;
    this.key = key;
  }

  /** The ACCP key, for ECDH. */
  PublicKey key() {
    return key;
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
    return o instanceof AccpP384PublicKey
        && Arrays.equals(encoded, ((AccpP384PublicKey) o).encoded);
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
