package io.zssp.crypto.accp;

import io.zssp.crypto.Aes256;
import io.zssp.crypto.Aes256Block;
import io.zssp.crypto.Aes256Gcm;
import io.zssp.crypto.internal.JcaAes256Block;
import io.zssp.crypto.internal.JcaAes256Gcm;
import java.security.Provider;
import java.util.Objects;
import javax.crypto.Cipher;

/**
 * {@link Aes256} with AES-256-GCM from ACCP, except packets under {@link #SMALL_PACKET_BYTES},
 * which go to the JDK's cipher, and the single-block contexts from the JDK, whose AES-NI intrinsic
 * beats a JNI call on one block by 10× (see {@link NativeCryptoProvider}). Below 128 bytes the
 * JDK's GCM intrinsic beats the fixed cost of the call into native code (JDK 17: 0.88× at 64 B,
 * equal at 128 B, 1.6× at 1400 B and 2.3× at 8000 B for ACCP; {@code docs/BENCHMARKS.md}). With
 * {@code jdk == null} everything comes from ACCP (GCM at every size, blocks through CBC with a zero
 * IV): what the tests and the known answers use to exercise ACCP alone. The contexts are crypto's
 * JCA ones ({@code JcaAes256Gcm}, {@code JcaAes256Block}) given ACCP's provider object. Holds only
 * references and is thread-safe; the contexts it creates are single-owner.
 */
final class AccpAes256 implements Aes256 {
  /** GCM packets whose plaintext is shorter than this go to the JDK's cipher. */
  static final int SMALL_PACKET_BYTES = 128;

  private final Provider accp;
  private final Aes256 jdk;

  AccpAes256(Provider accp, Aes256 jdk) {
    this.accp = Objects.requireNonNull(accp, "accp");
    this.jdk = jdk;
  }

  @Override
  public Aes256Gcm newGcm(byte[] key) {
    return new JcaAes256Gcm(key, accp, jdk != null ? SMALL_PACKET_BYTES : 0);
  }

  @Override
  public Aes256Block newBlockEncryptor(byte[] key) {
    return jdk != null
        ? jdk.newBlockEncryptor(key)
        : new JcaAes256Block(key, Cipher.ENCRYPT_MODE, accp);
  }

  @Override
  public Aes256Block newBlockDecryptor(byte[] key) {
    return jdk != null
        ? jdk.newBlockDecryptor(key)
        : new JcaAes256Block(key, Cipher.DECRYPT_MODE, accp);
  }
}
