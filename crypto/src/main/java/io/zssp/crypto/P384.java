package io.zssp.crypto;

import java.security.InvalidKeyException;

/**
 * NIST P-384 as ZSSP uses it: 49-byte compressed SEC1 public keys ({@code 02|03 ‖ x}), 48-byte
 * big-endian private scalars, and ECDH that outputs the raw 48-byte x-coordinate (no KDF).
 *
 * <p><b>Security guarantees.</b> {@link #decodePublicKey} accepts exactly the 49-byte compressed
 * encodings of points on the curve other than the identity, with x &lt; p; everything else is
 * rejected with an {@link InvalidKeyException} whose message names the defect. Scalar
 * multiplication by secrets is constant-time. Thread-safe.
 */
public interface P384 {
  /** Size of a compressed public key on the wire. */
  int PUBLIC_KEY_SIZE_IN_BYTES = 49;

  /** Size of a private scalar. */
  int PRIVATE_KEY_SIZE_IN_BYTES = 48;

  /** Size of an ECDH output (the x-coordinate, left-padded). */
  int SHARED_SECRET_SIZE_IN_BYTES = 48;

  /** Generates a fresh key pair from this provider's random source. */
  P384KeyPair generateKeyPair();

  /**
   * Parses and validates a 49-byte compressed public key.
   *
   * @param encoded exactly 49 bytes; not retained (the key keeps its own copy)
   * @throws InvalidKeyException if the length, prefix, x-coordinate or curve membership is wrong
   */
  P384PublicKey decodePublicKey(byte[] encoded) throws InvalidKeyException;

  /**
   * Imports a private scalar d, 1 ≤ d &lt; n, and computes its public key.
   *
   * @param scalar exactly 48 bytes, big-endian; not retained
   * @throws InvalidKeyException if d is out of range or the length is wrong
   */
  P384KeyPair importPrivateKey(byte[] scalar) throws InvalidKeyException;

  /**
   * ECDH: writes the 48-byte big-endian x-coordinate of {@code d·Q} to {@code out[off, off+48)}.
   *
   * @param privateKey a key pair created by this provider
   * @param publicKey a public key decoded by this provider
   */
  void agree(P384KeyPair privateKey, P384PublicKey publicKey, byte[] out, int off);

  /** ECDH returning a new 48-byte array. */
  default byte[] agree(P384KeyPair privateKey, P384PublicKey publicKey) {
    byte[] out = new byte[SHARED_SECRET_SIZE_IN_BYTES];
    agree(privateKey, publicKey, out, 0);
    return out;
  }
}
