package io.zssp.crypto;

import java.security.InvalidKeyException;
import java.util.Objects;

/**
 * A {@link Kem} that forwards every method to another one: extend it and override what you wrap (a
 * counting or tampering KEM in a test, say), so that the rest, the public-key check included, is
 * passed on rather than lost. Thread-safe if the delegate and the overrides are.
 */
public abstract class ForwardingKem implements Kem {
  private final Kem delegate;

  /**
   * @param delegate the KEM every method not overridden forwards to
   */
  protected ForwardingKem(Kem delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The KEM this one forwards to. */
  protected final Kem delegate() {
    return delegate;
  }

  @Override
  public int publicKeySizeInBytes() {
    return delegate.publicKeySizeInBytes();
  }

  @Override
  public int secretKeySizeInBytes() {
    return delegate.secretKeySizeInBytes();
  }

  @Override
  public int ciphertextSizeInBytes() {
    return delegate.ciphertextSizeInBytes();
  }

  @Override
  public int sharedSecretSizeInBytes() {
    return delegate.sharedSecretSizeInBytes();
  }

  @Override
  public boolean isValidPublicKey(byte[] publicKey) {
    return delegate.isValidPublicKey(publicKey);
  }

  @Override
  public KemKeyPair generateKeyPair() {
    return delegate.generateKeyPair();
  }

  @Override
  public KemEncapsulation encapsulate(byte[] publicKey) throws InvalidKeyException {
    return delegate.encapsulate(publicKey);
  }

  @Override
  public byte[] decapsulate(KemKeyPair keyPair, byte[] ciphertext) throws InvalidKeyException {
    return delegate.decapsulate(keyPair, ciphertext);
  }
}
