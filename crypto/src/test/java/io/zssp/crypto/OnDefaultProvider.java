package io.zssp.crypto;

import io.zssp.crypto.testing.ProviderUnderTest;

/** Runs a contract of {@code io.zssp.crypto.testing} on {@link DefaultCryptoProvider}. */
interface OnDefaultProvider extends ProviderUnderTest {
  @Override
  default CryptoProvider provider() {
    return DefaultCryptoProvider.create();
  }

  @Override
  default CryptoProvider provider(RandomSource random) {
    return DefaultCryptoProvider.withRandom(random);
  }
}
