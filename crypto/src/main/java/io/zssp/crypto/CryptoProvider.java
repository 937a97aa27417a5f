package io.zssp.crypto;

/**
 * Every cryptographic primitive ZSSP uses, behind one object that the protocol code receives by
 * injection. ZSSP has no cipher negotiation: the set is fixed (P-384, Kyber1024 round 3, AES-256,
 * AES-256-GCM, SHA-512, HMAC-SHA-512) and so is this interface.
 *
 * <p><b>Thread safety.</b> A provider and the factories it returns are safe for concurrent use. The
 * per-key contexts they create ({@link Aes256Gcm}, {@link Aes256Block}, {@link HmacSha512.Context},
 * {@link Sha512.Digest}) are not: each belongs to one thread at a time.
 *
 * <p>{@link DefaultCryptoProvider} is the production implementation. Tests plug in scripted
 * providers (named {@code Insecure…}) that replay the keys recorded in a vector file.
 */
public interface CryptoProvider {
  /** NIST P-384 key generation, point codec and ECDH. */
  P384 p384();

  /** CRYSTALS-Kyber1024, round 3 (not ML-KEM). */
  Kem kyber1024();

  /** AES-256 single-block and AES-256-GCM contexts. */
  Aes256 aes256();

  /** SHA-512. */
  Sha512 sha512();

  /** HMAC-SHA-512, any key length including empty. */
  HmacSha512 hmacSha512();

  /** The random source every key, key id and nonce-like value is drawn from. */
  RandomSource random();
}
