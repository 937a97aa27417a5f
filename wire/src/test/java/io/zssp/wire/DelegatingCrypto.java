package io.zssp.wire;

import io.zssp.crypto.Aes256;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.HmacSha512;
import io.zssp.crypto.Kem;
import io.zssp.crypto.P384;
import io.zssp.crypto.RandomSource;
import io.zssp.crypto.Sha512;

/** A provider with its P-384 replaced (tests that count or script key agreements). */
final class DelegatingCrypto implements CryptoProvider {
  private final CryptoProvider real;
  private final P384 p384;

  DelegatingCrypto(CryptoProvider real, P384 p384) {
    this.real = real;
    this.p384 = p384;
  }

  @Override
  public P384 p384() {
    return p384;
  }

  @Override
  public Kem kyber1024() {
    return real.kyber1024();
  }

  @Override
  public Aes256 aes256() {
    return real.aes256();
  }

  @Override
  public Sha512 sha512() {
    return real.sha512();
  }

  @Override
  public HmacSha512 hmacSha512() {
    return real.hmacSha512();
  }

  @Override
  public RandomSource random() {
    return real.random();
  }
}
