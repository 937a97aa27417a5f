package io.zssp.crypto;

import java.security.InvalidKeyException;
import java.util.Objects;

/**
 * A {@link P384} that forwards every operation to another one: extend it and override what you wrap
 * (a gated, counting or tracking P-384 in a test, say) instead of writing out the rest. Thread-safe
 * if the delegate and the overrides are.
 */
public abstract class ForwardingP384 implements P384 {
  private final P384 delegate;

  /**
   * @param delegate the P-384 every method not overridden forwards to
   */
  protected ForwardingP384(P384 delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The P-384 this one forwards to. */
  protected final P384 delegate() {
    return delegate;
  }

  @Override
  public P384KeyPair generateKeyPair() {
    return delegate.generateKeyPair();
  }

  @Override
  public P384PublicKey decodePublicKey(byte[] encoded) throws InvalidKeyException {
    return delegate.decodePublicKey(encoded);
  }

  @Override
  public P384KeyPair importPrivateKey(byte[] scalar) throws InvalidKeyException {
    return delegate.importPrivateKey(scalar);
  }

  @Override
  public void agree(P384KeyPair privateKey, P384PublicKey publicKey, byte[] out, int off) {
    delegate.agree(privateKey, publicKey, out, off);
  }
}
