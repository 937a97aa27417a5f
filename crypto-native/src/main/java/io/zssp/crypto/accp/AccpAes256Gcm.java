package io.zssp.crypto.accp;

import io.zssp.crypto.Aes256;
import io.zssp.crypto.Aes256Gcm;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.Provider;
import java.util.Objects;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * AES-256-GCM on one ACCP {@code Cipher "AES/GCM/NoPadding"} (AWS-LC's assembly) created once per
 * context. Every operation calls {@code init} with the <em>same</em> {@link SecretKeySpec} object
 * and a fresh {@link GCMParameterSpec}, then one {@code doFinal}; ACCP keeps the native key
 * schedule while the key object is unchanged, so per-packet cost is the GCM work and one JNI call.
 *
 * <p><b>Differences from the default provider</b>, both within the {@link Aes256Gcm} contract: a
 * failed {@link #open} zeroes the output range (the JDK leaves it untouched), so a failed open in
 * place leaves zeros where the ciphertext was; neither ever exposes unauthenticated plaintext. Like
 * the JDK, ACCP refuses two consecutive seals under the same nonce ({@link IllegalStateException}).
 *
 * <p><b>Key material.</b> The {@code SecretKeySpec} holds a copy of the key that public JDK 17 APIs
 * cannot erase; ACCP's native context is freed when the cipher is collected. {@link #destroy()}
 * drops our references and makes the context unusable.
 *
 * <p>Not thread-safe: one owner at a time.
 */
final class AccpAes256Gcm implements Aes256Gcm {
  private static final int TAG_BITS = TAG_SIZE_IN_BYTES * 8;

  private SecretKeySpec keySpec;
  private Cipher cipher;
  private boolean destroyed;

  /** Keys a new context; {@code key} is copied and may be wiped by the caller. */
  AccpAes256Gcm(Provider accp, byte[] key) {
    checkKey(key);
    this.keySpec = new SecretKeySpec(key, "AES");
    try {
      this.cipher = Cipher.getInstance("AES/GCM/NoPadding", accp);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ACCP lacks AES/GCM/NoPadding", e);
    }
  }

  /** Throws unless {@code key} is a 32-byte array (the default provider's checks and messages). */
  static void checkKey(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length != Aes256.KEY_SIZE_IN_BYTES) {
      throw new IllegalArgumentException(
          "expected " + Aes256.KEY_SIZE_IN_BYTES + "-byte key, got " + key.length);
    }
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
          "ACCP refused the nonce (same key and nonce as the previous seal?)", e);
    } catch (GeneralSecurityException e) {
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
      // ACCP checks the tag in constant time and zeroes the output range on failure.
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
    return destroyed ? "AccpAes256Gcm[destroyed]" : "AccpAes256Gcm[key=<redacted>]";
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
