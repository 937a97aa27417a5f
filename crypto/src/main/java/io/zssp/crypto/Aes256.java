package io.zssp.crypto;

/**
 * Factory of pre-keyed AES-256 contexts. Creating a context runs the key schedule once; every
 * packet afterwards reuses it, which is what makes per-packet AES cheap. Thread-safe; the contexts
 * are not.
 */
public interface Aes256 {
  /** AES key size. */
  int KEY_SIZE_IN_BYTES = 32;

  /**
   * A GCM context for one key (one direction of one key generation in ZSSP).
   *
   * @param key exactly 32 bytes; copied, so the caller may wipe it afterwards
   * @throws IllegalArgumentException if the key is not 32 bytes
   */
  Aes256Gcm newGcm(byte[] key);

  /**
   * A single-block encryptor (header protection, sending side).
   *
   * @param key exactly 32 bytes; copied
   */
  Aes256Block newBlockEncryptor(byte[] key);

  /**
   * A single-block decryptor (header protection, receiving side).
   *
   * @param key exactly 32 bytes; copied
   */
  Aes256Block newBlockDecryptor(byte[] key);
}
