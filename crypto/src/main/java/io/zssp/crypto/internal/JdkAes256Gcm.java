package io.zssp.crypto.internal;

import io.zssp.crypto.Aes256Gcm;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM on one JDK {@code Cipher "AES/GCM/NoPadding"} created once per context. Every
 * operation calls {@code init} with the <em>same</em> {@link SecretKeySpec} object and a fresh
 * {@link GCMParameterSpec}, then one {@code doFinal}; SunJCE notices the unchanged key and skips
 * the key expansion, so per-packet cost is the GCM work itself.
 *
 * <p><b>Nonce reuse.</b> The JCE refuses to encrypt twice in a row under the same key and nonce;
 * {@link #seal} reports that as an {@link IllegalStateException}. ZSSP never does this legitimately
 * (the session counter owns nonce uniqueness).
 *
 * <p><b>Key material.</b> This context keeps no key array of its own: the {@code SecretKeySpec}
 * holds a copy, and SunJCE keeps the raw key and the expanded key schedule internally. None of
 * these copies can be erased through public JDK 17 APIs, so {@link #destroy()} only drops our
 * references (leaving them to the garbage collector) and makes the context unusable.
 *
 * <p>Not thread-safe: one owner at a time.
 */
final class JdkAes256Gcm implements Aes256Gcm {
  private static final int TAG_BITS = TAG_SIZE_IN_BYTES * 8;

  private SecretKeySpec keySpec;
  private Cipher cipher;
  private boolean destroyed;

  /** Keys a new context; {@code key} is copied and may be wiped by the caller. */
  JdkAes256Gcm(byte[] key) {
    JdkAes256.checkKey(key);
    this.keySpec = new SecretKeySpec(key, "AES");
    this.cipher = JdkAes256.newCipher("AES/GCM/NoPadding");
  }

  @Override
  public int seal(byte[] nonce, byte[] aad, byte[] in, int inOff, int len, byte[] out, int outOff) {
    checkUsable();
    checkNonce(nonce);
    Objects.checkFromIndexSize(inOff, len, in.length);
    Objects.checkFromIndexSize(outOff, len + TAG_SIZE_IN_BYTES, out.length);
    try {
      cipher.init(Cipher.ENCRYPT_MODE, keySpec, new GCMParameterSpec(TAG_BITS, nonce));
      if (aad != null && aad.length > 0) {
        cipher.updateAAD(aad);
      }
      return cipher.doFinal(in, inOff, len, out, outOff);
    } catch (InvalidAlgorithmParameterException e) {
      throw new IllegalStateException(
          "the JCE refused the nonce (same key and nonce as the previous seal?)", e);
    } catch (GeneralSecurityException e) {
      // ShortBufferException, InvalidKeyException, ...: impossible with the checks above.
      throw new IllegalStateException("AES-GCM seal failed unexpectedly", e);
    }
  }

  @Override
  public int open(byte[] nonce, byte[] aad, byte[] in, int inOff, int len, byte[] out, int outOff) {
    checkUsable();
    checkNonce(nonce);
    Objects.checkFromIndexSize(inOff, len, in.length);
    if (len < TAG_SIZE_IN_BYTES) {
      return -1;
    }
    Objects.checkFromIndexSize(outOff, len - TAG_SIZE_IN_BYTES, out.length);
    try {
      cipher.init(Cipher.DECRYPT_MODE, keySpec, new GCMParameterSpec(TAG_BITS, nonce));
      if (aad != null && aad.length > 0) {
        cipher.updateAAD(aad);
      }
      // SunJCE verifies the tag (in constant time) before it writes any plaintext, so on failure
      // the output range, and an in-place input, are left untouched.
      return cipher.doFinal(in, inOff, len, out, outOff);
    } catch (AEADBadTagException e) {
      return -1;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM open failed unexpectedly", e);
    }
  }

  @Override
  public void destroy() {
    destroyed = true;
    keySpec = null;
    cipher = null;
  }

  @Override
  public boolean isDestroyed() {
    return destroyed;
  }

  @Override
  public String toString() {
    return destroyed ? "JdkAes256Gcm[destroyed]" : "JdkAes256Gcm[key=<redacted>]";
  }

  private void checkUsable() {
    if (destroyed) {
      throw new IllegalStateException("AES-GCM context has been destroyed");
    }
  }

  private static void checkNonce(byte[] nonce) {
    Objects.requireNonNull(nonce, "nonce");
    if (nonce.length != NONCE_SIZE_IN_BYTES) {
      throw new IllegalArgumentException(
          "expected " + NONCE_SIZE_IN_BYTES + "-byte nonce, got " + nonce.length);
    }
  }
}
