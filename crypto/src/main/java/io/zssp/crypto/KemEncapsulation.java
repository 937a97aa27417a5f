package io.zssp.crypto;

import java.util.Arrays;
import javax.security.auth.Destroyable;

/** The result of {@link Kem#encapsulate}: a ciphertext to send and the shared secret to keep. */
public final class KemEncapsulation implements Destroyable {
  private final byte[] ciphertext;
  private final byte[] sharedSecret;
  private volatile boolean destroyed;

  /** Takes ownership of both arrays. */
  public KemEncapsulation(byte[] ciphertext, byte[] sharedSecret) {
    this.ciphertext = ciphertext;
    this.sharedSecret = sharedSecret;
  }

  /** The ciphertext (a fresh copy). */
  public byte[] ciphertext() {
    return ciphertext.clone();
  }

  /**
   * The shared secret (a fresh copy the caller should wipe).
   *
   * @throws IllegalStateException if destroyed
   */
  public byte[] sharedSecret() {
    if (destroyed) {
      throw new IllegalStateException("KEM encapsulation has been destroyed");
    }
    return sharedSecret.clone();
  }

  /** Overwrites the shared secret with zeros. */
  @Override
  public void destroy() {
    destroyed = true;
    Arrays.fill(sharedSecret, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return "KemEncapsulation[ciphertext=" + ciphertext.length + " bytes, sharedSecret=<redacted>]";
  }
}
