package io.zssp.crypto.testing;

import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.RandomSource;

/**
 * Where a contract suite gets the provider it checks. Every {@code *Contract} class in this package
 * implements this interface without implementing it; a module runs a suite on its provider with a
 * one-line class that extends the contract and also implements a sub-interface whose default
 * methods create that provider, for example {@code class DefaultP384Test extends P384Contract
 * implements OnDefaultProvider {}}.
 */
public interface ProviderUnderTest {
  /** The provider as production creates it, with its own source of randomness. */
  CryptoProvider provider();

  /**
   * The provider drawing all its randomness (P-384 scalars, Kyber seeds and coins, {@code
   * random()}) from {@code random}.
   *
   * @throws NullPointerException if {@code random} is null
   */
  CryptoProvider provider(RandomSource random);
}
