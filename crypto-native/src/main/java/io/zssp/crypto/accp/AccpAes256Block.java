package io.zssp.crypto.accp;

import io.zssp.crypto.Aes256Block;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Raw AES-256 on one block through ACCP, which has no ECB mode: {@code "AES/CBC/NoPadding"} with an
 * all-zero IV, one {@code doFinal} per block (which returns the cipher to its initial IV). On a
 * single block, CBC with a zero IV is exactly ECB in either direction. Kept for the benchmarks that
 * decide between it and the JDK's intrinsic AES (see {@link NativeCryptoProvider}).
 *
 * <p>Not thread-safe: one owner at a time.
 */
final class AccpAes256Block implements Aes256Block {
  private static final IvParameterSpec ZERO_IV = new IvParameterSpec(new byte[BLOCK_SIZE_IN_BYTES]);

  private Cipher cipher;
  private boolean destroyed;

  /**
   * @param key 32 bytes; copied
   * @param mode {@link Cipher#ENCRYPT_MODE} or {@link Cipher#DECRYPT_MODE}
   */
  AccpAes256Block(Provider accp, byte[] key, int mode) {
    AccpAes256Gcm.checkKey(key);
    try {
      Cipher c = Cipher.getInstance("AES/CBC/NoPadding", accp);
      c.init(mode, new SecretKeySpec(key, "AES"), ZERO_IV);
      this.cipher = c;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ACCP cannot key AES-256/CBC", e);
    }
  }

  @Override
  public void processBlock(byte[] in, int inOff, byte[] out, int outOff) {
    if (destroyed) {
      throw new IllegalStateException("AES block context has been destroyed");
    }
    Objects.checkFromIndexSize(inOff, BLOCK_SIZE_IN_BYTES, in.length);
    Objects.checkFromIndexSize(outOff, BLOCK_SIZE_IN_BYTES, out.length);
    int n;
    try {
      n = cipher.doFinal(in, inOff, BLOCK_SIZE_IN_BYTES, out, outOff);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES block operation failed unexpectedly", e);
    }
    if (n != BLOCK_SIZE_IN_BYTES) {
      throw new IllegalStateException("AES/CBC produced " + n + " bytes for one block");
    }
  }

  @Override
  public void destroy() {
    destroyed = true;
    cipher = null;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return destroyed ? "AccpAes256Block[destroyed]" : "AccpAes256Block[key=<redacted>]";
  }
}
