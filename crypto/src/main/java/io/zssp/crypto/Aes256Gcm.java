package io.zssp.crypto;

import javax.security.auth.Destroyable;

/**
 * AES-256-GCM under one fixed key, with a caller-supplied 12-byte nonce per operation and a 16-byte
 * tag appended after the ciphertext ({@code ct ‖ tag}).
 *
 * <p><b>Security guarantees.</b> IND-CCA2 and INT-CTXT as long as a nonce is never reused under the
 * same key: the caller (the ZSSP session counter) owns that invariant. {@link #open} verifies the
 * tag in constant time and reports failure by its return value, never by an exception.
 *
 * <p><b>Buffers.</b> Operations work in place or between distinct arrays. No array is retained. Not
 * thread-safe: one owner at a time.
 */
public interface Aes256Gcm extends Destroyable {
  /** Nonce size. */
  int NONCE_SIZE_IN_BYTES = 12;

  /** Tag size. */
  int TAG_SIZE_IN_BYTES = 16;

  /**
   * Encrypts {@code in[inOff, inOff+len)} and writes {@code ct ‖ tag} ({@code len + 16} bytes) to
   * {@code out[outOff, …)}. In-place operation ({@code in == out}, same offset) is allowed.
   *
   * @param nonce exactly 12 bytes
   * @param aad additional data, or {@code null} for none (the same as empty)
   * @return {@code len + 16}
   */
  int seal(byte[] nonce, byte[] aad, byte[] in, int inOff, int len, byte[] out, int outOff);

  /**
   * Verifies and decrypts {@code ct ‖ tag} in {@code in[inOff, inOff+len)} and writes the plaintext
   * ({@code len - 16} bytes) to {@code out[outOff, …)}. In-place is allowed.
   *
   * @return the plaintext length, or {@code -1} if {@code len < 16} or the tag does not verify (the
   *     output range then holds no plaintext)
   */
  int open(byte[] nonce, byte[] aad, byte[] in, int inOff, int len, byte[] out, int outOff);

  /** Drops the key (where the JVM allows, the copies are erased); the context becomes unusable. */
  @Override
  void destroy();

  @Override
  boolean isDestroyed();
}
