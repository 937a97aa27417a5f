package io.zssp.bench;

import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.accp.NativeCryptoProvider;

/** The crypto providers by the names the benchmarks' {@code crypto} parameter uses. */
final class CryptoProviders {
  private CryptoProviders() {}

  /**
   * {@code default} (BouncyCastle P-384, JDK AES/SHA/HMAC) or {@code native} (AWS-LC through ACCP;
   * fails the benchmark, naming the reason, where it is unavailable).
   */
  static CryptoProvider named(String name) {
    switch (name) {
      case "default":
        return DefaultCryptoProvider.create();
      case "native":
        return NativeCryptoProvider.create();
      default:
        throw new IllegalArgumentException("crypto must be default or native: " + name);
    }
  }
}
