package io.zssp.crypto;

import io.zssp.crypto.internal.JcaHmacSha512;
import io.zssp.crypto.internal.JdkAes256;
import io.zssp.crypto.internal.JdkSha512;
import io.zssp.crypto.internal.SecureRandomSource;
import io.zssp.crypto.internal.p384.JavaP384;
import io.zssp.crypto.kyber.Kyber1024Round3;
import java.util.Objects;

/**
 * The production {@link CryptoProvider}: the JDK for AES, AES-GCM, SHA-512 and HMAC-SHA-512 (all
 * intrinsified by HotSpot), our own P-384 ({@code internal.p384.JavaP384}: constant-time by
 * construction, a few kilobytes of scratch per operation; about 0.75× the speed of BouncyCastle's,
 * whose timing depends on the scalar's structure, and about 4× SunEC's ECDH), and our own round-3
 * Kyber1024 (no maintained library ships round 3). No JCA provider is registered globally.
 *
 * <p>Immutable and thread-safe.
 */
public final class DefaultCryptoProvider implements CryptoProvider {
  private final RandomSource random;
  private final P384 p384;
  private final Kem kyber1024;
  private final Aes256 aes256 = new JdkAes256();
  private final Sha512 sha512 = new JdkSha512();
  private final HmacSha512 hmacSha512 = new JcaHmacSha512(null);

  private DefaultCryptoProvider(RandomSource random) {
    this.random = random;
    this.p384 = new JavaP384(random);
    this.kyber1024 = new Kyber1024Round3(random);
  }

  /** A provider drawing randomness from a new {@link java.security.SecureRandom}. */
  public static DefaultCryptoProvider create() {
    return new DefaultCryptoProvider(new SecureRandomSource());
  }

  /**
   * A provider drawing all randomness (keys, key ids, jitter) from {@code random}. For
   * deterministic tests and for platforms with a dedicated entropy source; {@code random} must be
   * cryptographically secure in production.
   */
  public static DefaultCryptoProvider withRandom(RandomSource random) {
    return new DefaultCryptoProvider(Objects.requireNonNull(random, "random"));
  }

  @Override
  public P384 p384() {
    return p384;
  }

  @Override
  public Kem kyber1024() {
    return kyber1024;
  }

  @Override
  public Aes256 aes256() {
    return aes256;
  }

  @Override
  public Sha512 sha512() {
    return sha512;
  }

  @Override
  public HmacSha512 hmacSha512() {
    return hmacSha512;
  }

  @Override
  public RandomSource random() {
    return random;
  }
}
