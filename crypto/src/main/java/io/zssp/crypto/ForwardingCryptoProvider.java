package io.zssp.crypto;

import java.util.Objects;

/**
 * A {@link CryptoProvider} that forwards every primitive to another one: extend it and override the
 * primitives you replace or wrap (a counting or gated P-384 in a test, a lean AES factory, a
 * metrics wrapper), instead of writing out the other five. Thread-safe if the delegate and the
 * overrides are.
 */
public abstract class ForwardingCryptoProvider implements CryptoProvider {
  private final CryptoProvider delegate;

  /**
   * @param delegate the provider every method not overridden forwards to
   */
  protected ForwardingCryptoProvider(CryptoProvider delegate) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
  }

  /** The provider this one forwards to. */
  protected final CryptoProvider delegate() {
    return delegate;
  }

  @Override
  public P384 p384() {
    return delegate.p384();
  }

  @Override
  public Kem kyber1024() {
    return delegate.kyber1024();
  }

  @Override
  public Aes256 aes256() {
    return delegate.aes256();
  }

  @Override
  public Sha512 sha512() {
    return delegate.sha512();
  }

  @Override
  public HmacSha512 hmacSha512() {
    return delegate.hmacSha512();
  }

  @Override
  public RandomSource random() {
    return delegate.random();
  }
}
