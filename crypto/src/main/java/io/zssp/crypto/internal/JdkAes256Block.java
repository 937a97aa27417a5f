package io.zssp.crypto.internal;

import io.zssp.crypto.Aes256Block;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * Raw AES-256 on one block, on a JDK {@code Cipher "AES/ECB/NoPadding"} keyed once at creation in
 * one direction. Each block is a single {@code update} of exactly 16 bytes, which ECB without
 * padding processes immediately (nothing is buffered), so no re-initialisation is needed.
 *
 * <p><b>Key material.</b> The JCE keeps copies of the key and its schedule that public JDK 17 APIs
 * cannot erase; {@link #destroy()} drops our reference and makes the context unusable.
 *
 * <p>Not thread-safe: one owner at a time.
 */
final class JdkAes256Block implements Aes256Block {
  private final byte[] scratch = new byte[BLOCK_SIZE_IN_BYTES];
  private Cipher cipher;
  private boolean destroyed;

  /**
   * Keys a new context.
   *
   * @param key 32 bytes; copied
   * @param mode {@link Cipher#ENCRYPT_MODE} or {@link Cipher#DECRYPT_MODE}
   */
  JdkAes256Block(byte[] key, int mode) {
    JdkAes256.checkKey(key);
    Cipher c = JdkAes256.newCipher("AES/ECB/NoPadding");
    try {
      c.init(mode, new SecretKeySpec(key, "AES"));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot key AES-256", e);
    }
    this.cipher = c;
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
      if (in == out) {
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
      throw new IllegalStateException("AES/ECB produced " + n + " bytes for one block");
    }
  }

  @Override
  public void destroy() {
    destroyed = true;
    cipher = null;
    Arrays.fill(scratch, (byte) 0);
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return destroyed ? "JdkAes256Block[destroyed]" : "JdkAes256Block[key=<redacted>]";
  }
}
