package io.zssp.crypto;

/**
 * A validated P-384 public key. Immutable; equality is by encoding. Obtain one from {@link
 * P384#decodePublicKey} or {@link P384KeyPair#publicKey()}.
 */
public interface P384PublicKey {
  /** The 49-byte compressed SEC1 encoding (a fresh copy). */
  byte[] encoded();

  /** Writes the 49-byte compressed encoding to {@code out[off, off+49)}. */
  void writeEncoded(byte[] out, int off);
}
