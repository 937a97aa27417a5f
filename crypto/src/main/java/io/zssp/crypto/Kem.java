package io.zssp.crypto;

import java.security.InvalidKeyException;

/**
 * A key-encapsulation mechanism with fixed sizes; in ZSSP, CRYSTALS-Kyber1024 round 3.
 *
 * <p><b>Security guarantees.</b> IND-CCA2 (Fujisaki–Okamoto with implicit rejection): {@link
 * #decapsulate} never signals failure for a well-sized ciphertext; a forged one yields a
 * pseudo-random secret. Secret-dependent work is constant-time. Thread-safe.
 */
public interface Kem {
  /** Public key size (1568 for Kyber1024). */
  int publicKeySizeInBytes();

  /** Secret key size (3168 for Kyber1024). */
  int secretKeySizeInBytes();

  /** Ciphertext size (1568 for Kyber1024). */
  int ciphertextSizeInBytes();

  /** Shared secret size (32). */
  int sharedSecretSizeInBytes();

  /** Generates a key pair from this provider's random source. */
  KemKeyPair generateKeyPair();

  /**
   * Whether {@code publicKey} is well formed: the right size and, for Kyber1024, every encoded
   * coefficient below q = 3329 (the FIPS 203 §7.2 encapsulation-key check; round 3 does not make
   * it, and ZSSP-SPEC B20 allows it). An honest key generator never produces one that fails. The
   * key is public: the check need not be constant-time. Abstract on purpose: a wrapper must pass
   * the check on, not lose it.
   */
  boolean isValidPublicKey(byte[] publicKey);

  /**
   * Encapsulates a fresh secret to {@code publicKey}.
   *
   * @param publicKey exactly {@link #publicKeySizeInBytes()} bytes; not retained
   * @throws InvalidKeyException if the length is wrong or {@link #isValidPublicKey} refuses it
   */
  KemEncapsulation encapsulate(byte[] publicKey) throws InvalidKeyException;

  /**
   * Decapsulates {@code ciphertext} with the secret key of {@code keyPair}.
   *
   * @param ciphertext exactly {@link #ciphertextSizeInBytes()} bytes; not retained
   * @return the shared secret (a new array the caller owns and should wipe)
   * @throws InvalidKeyException if the ciphertext length is wrong or the key pair is destroyed
   */
  byte[] decapsulate(KemKeyPair keyPair, byte[] ciphertext) throws InvalidKeyException;
}
