package io.zssp.crypto.accp;

import io.zssp.crypto.Aes256;
import io.zssp.crypto.CryptoProvider;
import io.zssp.crypto.DefaultCryptoProvider;
import io.zssp.crypto.ForwardingCryptoProvider;
import io.zssp.crypto.HmacSha512;
import io.zssp.crypto.P384;
import io.zssp.crypto.RandomSource;
import io.zssp.crypto.internal.JcaHmacSha512;
import io.zssp.crypto.internal.SecureRandomSource;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link CryptoProvider} on native code where the platform allows it: P-384 key generation, point
 * decompression and ECDH, AES-256-GCM and HMAC-SHA-512 from AWS-LC through the Amazon Corretto
 * Crypto Provider (ACCP); Kyber1024 round 3 from {@code io.zssp.crypto} (no library ships round 3).
 * Each primitive comes from whichever side measured faster ({@code docs/BENCHMARKS.md}): the AES
 * single block (header protection), SHA-512 and AES-GCM on packets under 128 bytes stay with the
 * JDK, whose intrinsics beat the fixed cost of a call into native code on so little data (13×, 1.4×
 * and about 1.1×). P-384 is what bounds the handshake rate, and AWS-LC's ECDH is 4.5–6×
 * BouncyCastle's. It is built as the {@link DefaultCryptoProvider} (on the same random source) with
 * {@link #p384()}, {@link #aes256()} and {@link #hmacSha512()} replaced, hence its superclass.
 *
 * <p><b>Enabling it.</b> One line where the default provider would be created:
 *
 * <pre>{@code
 * CryptoProvider crypto = NativeCryptoProvider.createOrDefault(System.err::println);
 * }</pre>
 *
 * which returns this provider when ACCP works here and otherwise the {@link DefaultCryptoProvider},
 * logging one line that says why. {@link #create()} insists instead (it throws when unavailable),
 * and {@link #isAvailable()} / {@link #unavailableReason()} only ask. The first of these calls
 * loads ACCP's native library and runs its self-tests and our known answers (a few milliseconds,
 * once per JVM); nothing is loaded before.
 *
 * <p><b>Interoperability.</b> Everything observable is the default provider's: the same 49-byte
 * compressed points, the same accepted and rejected inputs with the same exception types, the same
 * bytes out of every primitive; a peer on one provider talks to a peer on the other. Keys are not
 * interchangeable objects, though: a key pair given to this provider's ECDH must come from this
 * provider ({@code p384().generateKeyPair()} or {@code importPrivateKey}; read key files with this
 * provider's {@code p384()}).
 *
 * <p><b>Ownership and threads.</b> Immutable; the provider, its factories and its random source may
 * be used from any number of threads at once. Contexts it creates ({@code Aes256Gcm}, {@code
 * Aes256Block}, HMAC and digest contexts) belong to one thread at a time, and key pairs to the
 * caller who created them. ACCP is used as a provider object passed to each JCA call, never
 * registered globally.
 */
public final class NativeCryptoProvider extends ForwardingCryptoProvider {
  private final String version;
  private final P384 p384;
  private final Aes256 aes256;
  private final HmacSha512 hmacSha512;

  /**
   * The default provider on the same random source (AWS-LC's generator unless {@code scalars} is
   * given), with P-384, AES and HMAC-SHA-512 replaced: Kyber1024, SHA-512 and {@link #random()} are
   * the default provider's.
   */
  private NativeCryptoProvider(AccpStatus status, RandomSource scalars) {
    super(
        DefaultCryptoProvider.withRandom(
            scalars != null ? scalars : new SecureRandomSource(libCryptoRng(status.provider()))));
    this.version = status.version();
    Provider accp = status.provider();
    this.p384 = new AccpP384(accp, scalars);
    this.aes256 = new AccpAes256(accp, delegate().aes256());
    this.hmacSha512 = new JcaHmacSha512(accp);
  }

  /**
   * AWS-LC's generator (ACCP's {@code SecureRandom "LibCryptoRng"}: a per-thread CTR-DRBG seeded
   * from the operating system, thread-safe without a shared lock), the one that makes ACCP's P-384
   * keys.
   */
  private static SecureRandom libCryptoRng(Provider accp) {
    try {
      return SecureRandom.getInstance("LibCryptoRng", accp);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("ACCP lacks its LibCryptoRng generator", e);
    }
  }

  /** Whether ACCP works in this JVM (loads it and runs its self-tests on the first call). */
  public static boolean isAvailable() {
    return AccpStatus.get().isAvailable();
  }

  /**
   * Why the native provider cannot be used here (unsupported platform, native library failed to
   * load, self-test or known-answer failure), or empty if it can.
   */
  public static Optional<String> unavailableReason() {
    return Optional.ofNullable(AccpStatus.get().reason());
  }

  /**
   * The native provider, drawing keys from AWS-LC's generator and every other random value (key
   * ids, Kyber, the challenge salt) from the same generator.
   *
   * @throws IllegalStateException naming the reason, if ACCP is unavailable here
   */
  public static NativeCryptoProvider create() {
    return new NativeCryptoProvider(AccpStatus.get(), null);
  }

  /**
   * The native provider drawing all randomness, P-384 scalars included, from {@code random}: for
   * deterministic tests (the same source gives the same keys as {@link
   * DefaultCryptoProvider#withRandom}) and for platforms with a dedicated entropy source. Key
   * generation then imports the drawn scalar, which is slower than AWS-LC's own key generation.
   *
   * @throws IllegalStateException naming the reason, if ACCP is unavailable here
   */
  public static NativeCryptoProvider withRandom(RandomSource random) {
    return new NativeCryptoProvider(AccpStatus.get(), Objects.requireNonNull(random, "random"));
  }

  /**
   * This provider if ACCP works here, else {@link DefaultCryptoProvider#create()} after one line to
   * {@code log} saying why.
   *
   * @param log receives the fallback line (for example {@code System.err::println} or a logger)
   */
  public static CryptoProvider createOrDefault(Consumer<String> log) {
    return createOrDefault(AccpStatus.get(), log);
  }

  /** {@link #createOrDefault(Consumer)} for a given status (tests simulate an unavailable ACCP). */
  static CryptoProvider createOrDefault(AccpStatus status, Consumer<String> log) {
    Objects.requireNonNull(log, "log");
    if (status.isAvailable()) {
      return new NativeCryptoProvider(status, null);
    }
    log.accept(
        "zssp: native crypto provider unavailable, using the default provider: " + status.reason());
    return DefaultCryptoProvider.create();
  }

  /**
   * What runs, for logs: "ACCP 2.5.0 (AWS-LC v1.47.0): P-384, AES-256-GCM from 128 B, HMAC-SHA-512
   * native; AES block, SHA-512, GCM under 128 B JDK; Kyber1024 round 3 zssp".
   */
  public String description() {
    return version
        + ": P-384, AES-256-GCM from 128 B, HMAC-SHA-512 native;"
        + " AES block, SHA-512, GCM under 128 B JDK; Kyber1024 round 3 zssp";
  }

  @Override
  public P384 p384() {
    return p384;
  }

  @Override
  public Aes256 aes256() {
    return aes256;
  }

  @Override
  public HmacSha512 hmacSha512() {
    return hmacSha512;
  }

  @Override
  public String toString() {
    return "NativeCryptoProvider[" + description() + "]";
  }
}
