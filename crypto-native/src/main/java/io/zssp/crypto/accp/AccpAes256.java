package io.zssp.crypto.accp;

import io.zssp.crypto.Aes256;
import io.zssp.crypto.Aes256Block;
import io.zssp.crypto.Aes256Gcm;
import java.security.Provider;
import java.util.Objects;
import javax.crypto.Cipher;

/**
 * {@link Aes256} with AES-256-GCM from ACCP and the single-block contexts from {@code blocks} (the
 * JDK's, whose AES-NI intrinsic beats a JNI call on one block; see {@link NativeCryptoProvider}),
 * or from ACCP when {@code blocks} is null. Holds only references and is thread-safe; the contexts
 * it creates are single-owner.
 */
final class AccpAes256 implements Aes256 {
  private final Provider accp;
  private final Aes256 blocks;

  AccpAes256(Provider accp, Aes256 blocks) {
    this.accp = Objects.requireNonNull(accp, "accp");
    this.blocks = blocks;
  }

  @Override
  public Aes256Gcm newGcm(byte[] key) {
    return new AccpAes256Gcm(accp, key);
  }

  @Override
  public Aes256Block newBlockEncryptor(byte[] key) {
    return blocks != null
        ? blocks.newBlockEncryptor(key)
        : new AccpAes256Block(accp, key, Cipher.ENCRYPT_MODE);
  }

  @Override
  public Aes256Block newBlockDecryptor(byte[] key) {
    return blocks != null
        ? blocks.newBlockDecryptor(key)
        : new AccpAes256Block(accp, key, Cipher.DECRYPT_MODE);
  }
}
