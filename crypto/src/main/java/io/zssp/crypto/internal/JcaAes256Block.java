package io.zssp.crypto.internal;

import io.zssp.crypto.Aes256Block;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Raw AES-256 on one block, on a JCA cipher keyed once at creation in one direction. The default
 * provider's: a JDK {@code Cipher "AES/ECB/NoPadding"}; each block is a single {@code update} of
 * exactly 16 bytes, which ECB without padding processes immediately (nothing is buffered), so no
 * re-initialisation is needed. For a provider without ECB (ACCP, whose blocks the native provider
 * keeps only for tests and comparisons; it serves blocks from the JDK): {@code "AES/CBC/NoPadding"}
 * with an all-zero IV and one {@code doFinal} per block, which returns the cipher to that IV; on a
 * single block, CBC with a zero IV is exactly ECB in either direction.
 *
 * <p><b>Key material.</b> The JCE keeps copies of the key and its schedule that public JDK 17 APIs
 * cannot erase; {@link #destroy()} drops our reference and makes the context unusable.
 *
 * <p>Not thread-safe: one owner at a time.
 */
public final class JcaAes256Block implements Aes256Block {
  private static final IvParameterSpec ZERO_IV = new IvParameterSpec(new byte[BLOCK_SIZE_IN_BYTES]);

  /** In-place blocks of the JDK's ECB go through here; null for the zero-IV CBC cipher. */
  private final byte[] scratch;

  private Cipher cipher;
  private boolean destroyed;

  /**
   * Keys a new context on the JDK's ECB.
   *
   * @param key 32 bytes; copied
   * @param mode {@link Cipher#ENCRYPT_MODE} or {@link Cipher#DECRYPT_MODE}
   */
  JcaAes256Block(byte[] key, int mode) {
    JdkAes256.checkKey(key);
    Cipher c = JdkAes256.newCipher("AES/ECB/NoPadding");
    try {
      c.init(mode, new SecretKeySpec(key, "AES"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot key AES-256", e);
    }
    this.cipher = c;
    this.scratch = new byte[BLOCK_SIZE_IN_BYTES];
  }

  /**
   * Keys a new context on {@code provider}'s CBC with a zero IV.
   *
   * @param key 32 bytes; copied
   * @param mode {@link Cipher#ENCRYPT_MODE} or {@link Cipher#DECRYPT_MODE}
   * @param provider the provider object of the cipher (never registered with the JCA)
   */
  public JcaAes256Block(byte[] key, int mode, Provider provider) {
    JdkAes256.checkKey(key);
    Objects.requireNonNull(provider, "provider");
    try {
      Cipher c = Cipher.getInstance("AES/CBC/NoPadding", provider);
      c.init(mode, new SecretKeySpec(key, "AES"), ZERO_IV);
      this.cipher = c;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(provider.getName() + " cannot key AES-256/CBC", e);
    }
    this.scratch = null;
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
      if (scratch == null) {
        n = cipher.doFinal(in, inOff, BLOCK_SIZE_IN_BYTES, out, outOff);
      } else if (in == out) {
        // SunJCE copies an in-place input into a new array first: going through our own scratch
        // block instead keeps header protection allocation-free (and measured several times
        // faster, CipherContextBenchmark.blockSameKey*).
        n = cipher.update(in, inOff, BLOCK_SIZE_IN_BYTES, scratch, 0);
        System.arraycopy(scratch, 0, out, outOff, BLOCK_SIZE_IN_BYTES);
      } else {
        n = cipher.update(in, inOff, BLOCK_SIZE_IN_BYTES, out, outOff);
      }
    } catch (GeneralSecurityException e) {
      // ShortBufferException: impossible after the range checks above.
      throw new IllegalStateException("AES block operation failed unexpectedly", e);
    }
    if (n != BLOCK_SIZE_IN_BYTES) {
      throw new IllegalStateException("AES produced " + n + " bytes for one block");
    }
  }

  @Override
  public void destroy() {
    destroyed = true;
    cipher = null;
    if (scratch != null) {
      Arrays.fill(scratch, (byte) 0);
    }
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return destroyed ? "JcaAes256Block[destroyed]" : "JcaAes256Block[key=<redacted>]";
  }
}
