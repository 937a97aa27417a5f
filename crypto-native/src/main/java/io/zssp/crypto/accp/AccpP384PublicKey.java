package io.zssp.crypto.accp;

import io.zssp.crypto.internal.AbstractP384PublicKey;
import java.security.PublicKey;

/**
 * A validated P-384 public key: its 49-byte compressed encoding and the ACCP {@link PublicKey} that
 * AWS-LC decoded (and checked to be on the curve) from it, kept for ECDH. Immutable and
 * thread-safe; only {@link AccpP384} creates instances. Equality is by encoding, among keys of this
 * provider ({@code AbstractP384PublicKey}, which also shows the encoding in {@code toString()}).
 */
final class AccpP384PublicKey extends AbstractP384PublicKey {
  private final PublicKey key;

  /**
   * Takes ownership of {@code encoded}, which the caller has validated together with {@code key}.
   */
  AccpP384PublicKey(byte[] encoded, PublicKey key) {
    super(encoded);
    this.key = key;
  }

  /** The ACCP key, for ECDH. */
  PublicKey key() {
    return key;
  }
}
