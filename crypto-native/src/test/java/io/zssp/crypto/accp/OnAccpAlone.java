package io.zssp.crypto.accp;

import io.zssp.crypto.Aes256;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.ForwardingCryptoProvider;
import io.zssp.crypto.RandomSource;
import io.zssp.crypto.testing.ProviderUnderTest;

/**
 * Runs a contract on the native provider with its AES from ACCP alone: GCM on AWS-LC at every size
 * (the provider hands packets under 128 bytes to the JDK, and the GCM specification's vectors are
 * all shorter) and the single blocks through ACCP's CBC with a zero IV (the provider's come from
 * the JDK).
 */
interface OnAccpAlone extends ProviderUnderTest {
  @Override
  default CryptoProvider provider() {
    return accpAlone(NativeTesting.provider());
  }

  @Override
  default CryptoProvider provider(RandomSource random) {
    return accpAlone(NativeTesting.provider(random));
  }

  private static CryptoProvider accpAlone(CryptoProvider nativeProvider) {
    Aes256 accpOnly = new AccpAes256(AccpStatus.get().provider(), null);
    return new ForwardingCryptoProvider(nativeProvider) {
      @Override
      public Aes256 aes256() {
        return accpOnly;
      }
    };
  }
}
