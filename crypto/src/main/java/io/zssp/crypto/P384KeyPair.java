package io.zssp.crypto;

import javax.security.auth.Destroyable;

/**
 * A P-384 private scalar together with its public key. The owner (a handshake or a static identity)
 * calls {@link #destroy()} when the key is no longer needed; afterwards the key must not be used.
 * Not thread-safe against concurrent {@code destroy}.
 */
public interface P384KeyPair extends Destroyable {
  /** The public half. */
  P384PublicKey publicKey();

  /**
   * The 48-byte big-endian private scalar (a fresh copy the caller must wipe). For persisting
   * static keys only; protocol code never needs it.
   */
  byte[] exportPrivateScalar();

  /** Erases the private scalar where the JVM allows. */
  @Override
  void destroy();

  @Override
  boolean isDestroyed();
}
