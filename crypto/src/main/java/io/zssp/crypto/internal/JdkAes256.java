package io.zssp.crypto.internal;

import io.zssp.crypto.Aes256;
import io.zssp.crypto.Aes256Block;
import io.zssp.crypto.Aes256Gcm;
import java.security.GeneralSecurityException;
import java.util.Objects;
import javax.crypto.Cipher;

/**
 * The default {@link Aes256}: JDK SunJCE ciphers, which use the AES-NI and GHASH intrinsics. Each
 * context owns one pre-keyed {@link Cipher}; this factory holds no state and is thread-safe. The
 * caller keeps ownership of the key array it passes in (it is copied, so it may be wiped).
 */
public final class JdkAes256 implements Aes256 {
  /** Creates the factory. */
  public JdkAes256() {}

  @Override
  public Aes256Gcm newGcm(byte[] key) {
    return new JcaAes256Gcm(key);
  }

  @Override
  public Aes256Block newBlockEncryptor(byte[] key) {
    return new JcaAes256Block(key, Cipher.ENCRYPT_MODE);
  }

  @Override
  public Aes256Block newBlockDecryptor(byte[] key) {
    return new JcaAes256Block(key, Cipher.DECRYPT_MODE);
  }

  /** Throws unless {@code key} is a 32-byte array. */
  static void checkKey(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length != KEY_SIZE_IN_BYTES) {
      throw new IllegalArgumentException(
          "expected " + KEY_SIZE_IN_BYTES + "-byte key, got " + key.length);
    }
  }

  /** A JDK cipher; every JDK 17+ must provide the transformations we ask for. */
  static Cipher newCipher(String transformation) {
    try {
      return Cipher.getInstance(transformation);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JDK lacks mandatory cipher " + transformation, e);
    }
  }
}
