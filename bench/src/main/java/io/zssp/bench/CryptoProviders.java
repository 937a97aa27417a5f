package io.zssp.bench;

import io.zssp.crypto.Aes256;
import io.zssp.crypto.Aes256Block;
import io.zssp.crypto.Aes256Gcm;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.ForwardingCryptoProvider;
import io.zssp.crypto.P384;
import io.zssp.crypto.accp.NativeCryptoProvider;
import io.zssp.crypto.internal.BcP384;
import io.zssp.crypto.internal.JcaAes256Gcm;

/** The crypto providers by the names the benchmarks' {@code crypto} parameter uses. */
public final class CryptoProviders {
  private CryptoProviders() {}

  /**
   * {@code default} (our P-384, JDK AES/SHA/HMAC), {@code bouncycastle} (the default provider with
   * BouncyCastle's P-384, the default's before it had its own) or {@code native} (AWS-LC through
   * ACCP; fails the benchmark, naming the reason, where it is unavailable). {@code native-gcm-all}
   * is the native provider with ACCP's GCM at every size (the provider itself hands packets under
   * 128 bytes to the JDK's): a candidate measured against it, not something users can choose.
   */
  static CryptoProvider named(String name) {
    switch (name) {
      case "default":
        return DefaultCryptoProvider.create();
      case "bouncycastle":
        return withBouncyCastleP384(DefaultCryptoProvider.create());
      case "native":
        return NativeCryptoProvider.create();
      case "native-gcm-all":
        return new AccpGcmAtEverySize(NativeCryptoProvider.create());
      default:
        throw new IllegalArgumentException(
            "crypto must be default, bouncycastle, native or native-gcm-all: " + name);
    }
  }

  /** {@code defaults} with BouncyCastle's P-384 ({@link BcP384}) in place of its own. */
  public static CryptoProvider withBouncyCastleP384(CryptoProvider defaults) {
    P384 bc = new BcP384(defaults.random());
    return new ForwardingCryptoProvider(defaults) {
      @Override
      public P384 p384() {
        return bc;
      }
    };
  }

  /** The native provider, with AES-GCM on ACCP's cipher whatever the packet size. */
  private static final class AccpGcmAtEverySize extends ForwardingCryptoProvider {
    private final Aes256 aes;

    AccpGcmAtEverySize(CryptoProvider nativeProvider) {
      super(nativeProvider);
      Aes256 inner = nativeProvider.aes256();
      this.aes =
          new Aes256() {
            @Override
            public Aes256Gcm newGcm(byte[] key) {
              return new JcaAes256Gcm(
                  key,
                  com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider.INSTANCE,
                  0);
            }

            @Override
            public Aes256Block newBlockEncryptor(byte[] key) {
              return inner.newBlockEncryptor(key);
            }

            @Override
            public Aes256Block newBlockDecryptor(byte[] key) {
              return inner.newBlockDecryptor(key);
            }
          };
    }

    @Override
    public Aes256 aes256() {
      return aes;
    }
  }
}
