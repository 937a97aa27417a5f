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
 * AES-256-GCM under one key: AWS-LC's assembly through one ACCP {@code Cipher "AES/GCM/NoPadding"},
 * except for packets of fewer than {@link #SMALL_PACKET_BYTES} bytes, which go to the JDK's cipher
 * (SunJCE, used exactly as the default provider uses it): below that size the JDK's intrinsic beats
 * the fixed cost of the call into native code (JDK 17: 0.88× at 64 B, equal at 128 B, 1.6× at 1400
 * B and 2.3× at 8000 B for ACCP; {@code docs/BENCHMARKS.md}). Each cipher is created on first use,
 * so a context that only ever sees one size class holds one. Every ACCP operation calls {@code
 * init} with the <em>same</em> {@link SecretKeySpec} object and a fresh {@link GCMParameterSpec},
 * then one {@code doFinal}; ACCP keeps the native key schedule while the key object is unchanged.
 *
 * <p><b>Differences from the default provider</b>, within the {@link Aes256Gcm} contract: a failed
 * {@link #open} of a packet of {@link #SMALL_PACKET_BYTES} or more zeroes the output range (the JDK
 * leaves it untouched), so in place it leaves zeros where the ciphertext was; neither ever exposes
 * unauthenticated plaintext. Like the JDK, each of the two ciphers refuses two consecutive seals
 * under the same nonce ({@link IllegalStateException}); a seal on one side of the size threshold
 * and then the other is not compared (the ZSSP session counter owns nonce uniqueness; this check is
 * only the JCE's defence in depth).
 *
 * <p><b>Key material.</b> The {@code SecretKeySpec} holds a copy of the key that public JDK 17 APIs
 * cannot erase, and so do the ciphers; ACCP's native context is freed when its cipher is collected.
 * {@link #destroy()} drops our references and makes the context unusable.
 *
 * <p>Not thread-safe: one owner at a time.
 */
final class AccpAes256Gcm implements Aes256Gcm {
  /** Packets whose plaintext is shorter than this go to the JDK's cipher. */
  static final int SMALL_PACKET_BYTES = 128;

  private static final int TAG_BITS = TAG_SIZE_IN_BYTES * 8;

  private final Provider accp;
  private final int smallLimit;
  private SecretKeySpec keySpec;
  private Cipher cipher;
  private Cipher jdkCipher;
  private boolean destroyed;

  /**
   * Keys a new context; {@code key} is copied and may be wiped by the caller.
   *
   * @param jdkForSmall whether packets under {@link #SMALL_PACKET_BYTES} go to the JDK's cipher
   *     (false: every packet to ACCP)
   */
  AccpAes256Gcm(Provider accp, boolean jdkForSmall, byte[] key) {
    checkKey(key);
    this.accp = Objects.requireNonNull(accp, "accp");
    this.smallLimit = jdkForSmall ? SMALL_PACKET_BYTES : 0;
    this.keySpec = new SecretKeySpec(key, "AES");
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
      Cipher c = len < smallLimit ? jdkCipher() : cipher();
      c.init(Cipher.ENCRYPT_MODE, keySpec, new GCMParameterSpec(TAG_BITS, nonce));
      if (aad != null && aad.length > 0) {
        c.updateAAD(aad);
      }
      return c.doFinal(in, inOff, len, out, outOff);
    } catch (InvalidAlgorithmParameterException e) {
      throw new IllegalStateException(
          "the cipher refused the nonce (same key and nonce as the previous seal?)", e);
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
      Cipher c = len - TAG_SIZE_IN_BYTES < smallLimit ? jdkCipher() : cipher();
      c.init(Cipher.DECRYPT_MODE, keySpec, new GCMParameterSpec(TAG_BITS, nonce));
      if (aad != null && aad.length > 0) {
        c.updateAAD(aad);
      }
      // Both check the tag in constant time before any plaintext is released; on failure SunJCE
      // writes nothing and ACCP zeroes the output range.
      return c.doFinal(in, inOff, len, out, outOff);
    } catch (AEADBadTagException e) {
      return -1;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM open failed unexpectedly", e);
    }
  }

  private Cipher cipher() {
    Cipher c = cipher;
    if (c == null) {
      try {
        c = Cipher.getInstance("AES/GCM/NoPadding", accp);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("ACCP lacks AES/GCM/NoPadding", e);
      }
      cipher = c;
    }
    return c;
  }

  /** The JDK's (SunJCE) cipher for small packets, as the default provider uses it. */
  private Cipher jdkCipher() {
    Cipher c = jdkCipher;
    if (c == null) {
      try {
        c = Cipher.getInstance("AES/GCM/NoPadding");
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("JDK lacks mandatory cipher AES/GCM/NoPadding", e);
      }
      jdkCipher = c;
    }
    return c;
  }

  @Override
  public void destroy() {
    destroyed = true;
    keySpec = null;
    cipher = null;
    jdkCipher = null;
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
