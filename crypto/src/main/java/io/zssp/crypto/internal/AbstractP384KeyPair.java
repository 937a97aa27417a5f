package io.zssp.crypto.internal;

import io.zssp.crypto.P384KeyPair;
import io.zssp.crypto.P384PublicKey;
import java.util.Objects;

/**
 * A P-384 key pair as every provider of this project holds it: the provider's private-key object (a
 * {@link java.math.BigInteger} for the default provider, an AWS-LC key for the native one) until
 * {@link #destroy()}, and the public key, which stays available. After destroy, {@link #key()}, and
 * so ECDH and {@link #exportPrivateScalar()}, throw {@link IllegalStateException}. {@link
 * #toString()} never shows the private key.
 *
 * @param <K> the type of the private-key object
 */
public abstract class AbstractP384KeyPair<K> implements P384KeyPair {
  private final AbstractP384PublicKey publicKey;
  private final String privateLabel;
  private volatile K key;

  /**
   * @param key the private key, already validated
   * @param publicKey its public key
   * @param privateLabel what {@link #toString()} shows for the private key while it exists
   */
  protected AbstractP384KeyPair(K key, AbstractP384PublicKey publicKey, String privateLabel) {
    this.key = Objects.requireNonNull(key, "key");
    this.publicKey = Objects.requireNonNull(publicKey, "publicKey");
    this.privateLabel = privateLabel;
  }

  /**
   * The private key, for ECDH and export.
   *
   * @throws IllegalStateException if the key pair has been destroyed
   */
  protected final K key() {
    K k = key;
    if (k == null) {
      throw new IllegalStateException("P-384 key pair has been destroyed");
    }
    return k;
  }

  /** Erases what can be erased of {@code key}, which the pair has just dropped. */
  protected abstract void erase(K key);

  @Override
  public final P384PublicKey publicKey() {
    return publicKey;
  }

  @Override
  public final void destroy() {
    K k = key;
    key = null;
    if (k != null) {
      erase(k);
    }
  }

  @Override
  public final boolean isDestroyed() {
    return key == null;
  }

  @Override
  public final String toString() {
    return "P384KeyPair[public="
        + publicKey
        + ", private="
        + (isDestroyed() ? "<destroyed>" : privateLabel)
        + "]";
  }
}
