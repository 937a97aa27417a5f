package io.zssp.crypto.accp;

import io.zssp.crypto.Aes256;
import io.zssp.crypto.Aes256Block;
import io.zssp.crypto.Aes256Gcm;
import java.security.Provider;
import java.util.Objects;
import javax.crypto.Cipher;

/**
 * {@link Aes256} with AES-256-GCM from ACCP (the JDK's for packets under {@link
 * AccpAes256Gcm#SMALL_PACKET_BYTES}) and the single-block contexts from the JDK, whose AES-NI
 * intrinsic beats a JNI call on one block by 10× (see {@link NativeCryptoProvider}). With {@code
 * jdk == null} everything comes from ACCP (its blocks through CBC with a zero IV): what the tests
 * and the known answers use to exercise ACCP alone. Holds only references and is thread-safe; the
 * contexts it creates are single-owner.
 */
final class AccpAes256 implements Aes256 {
  private final Provider accp;
  private final Aes256 jdk;

  AccpAes256(Provider accp, Aes256 jdk) {
    this.accp = Objects.requireNonNull(accp, "accp");
    this.jdk = jdk;
  }

  @Override
  public Aes256Gcm newGcm(byte[] key) {
    return new AccpAes256Gcm(accp, jdk != null, key);
  }

  @Override
  public Aes256Block newBlockEncryptor(byte[] key) {
    return jdk != null
        ? jdk.newBlockEncryptor(key)
        : new AccpAes256Block(accp, key, Cipher.ENCRYPT_MODE);
  }

  @Override
  public Aes256Block newBlockDecryptor(byte[] key) {
    return jdk != null
        ? jdk.newBlockDecryptor(key)
        : new AccpAes256Block(accp, key, Cipher.DECRYPT_MODE);
  }
}
