package io.zssp.crypto;

import java.util.Arrays;
import javax.security.auth.Destroyable;

/**
 * A KEM public key and its secret key, as encoded byte strings. Owned by one handshake, which calls
 * {@link #destroy()} as soon as the key is no longer needed (in ZSSP: once X2 is processed or A1
 * restarts).
 */
public final class KemKeyPair implements Destroyable {
  private final byte[] publicKey;
  private final byte[] secretKey;
  private boolean destroyed;

  /**
   * Wraps encoded keys. Takes ownership of both arrays: the caller must not modify or reuse them.
   */
  public KemKeyPair(byte[] publicKey, byte[] secretKey) {
    this.publicKey = publicKey;
    this.secretKey = secretKey;
  }

  /** The encoded public key (a fresh copy). */
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /**
   * A copy of the encoded secret key, for {@link Kem} implementations (and for persisting it, which
   * ZSSP never does). The caller must wipe the copy. Copying and {@link #destroy()} exclude each
   * other, so a concurrent destroy can never hand out a half-zeroed key.
   *
   * @throws IllegalStateException if destroyed
   */
  public synchronized byte[] secretKeyCopy() {
    if (destroyed) {
      throw new IllegalStateException("KEM key pair has been destroyed");
    }
    return secretKey.clone();
  }

  /** Overwrites the secret key with zeros. */
  @Override
  public synchronized void destroy() {
    destroyed = true;
    Arrays.fill(secretKey, (byte) 0);
  }

  @Override
  public synchronized boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "KemKeyPair[publicKey=" + publicKey.length + " bytes, secretKey=<redacted>]";
  }
}
