package io.zssp.crypto.accp;

import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.RandomSource;
import io.zssp.crypto.testing.ProviderUnderTest;

/**
 * Runs a contract of {@code io.zssp.crypto.testing} on {@link NativeCryptoProvider} (failing on
 * Linux x86-64 if it is unavailable, skipped elsewhere: {@link NativeTesting}).
 */
interface OnNativeProvider extends ProviderUnderTest {
  @Override
  default CryptoProvider provider() {
    return NativeTesting.provider();
  }

  @Override
  default CryptoProvider provider(RandomSource random) {
    return NativeTesting.provider(random);
  }
}
