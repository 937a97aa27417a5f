package io.zssp.crypto.internal;

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
 * AES-256-GCM under one key on a JCA {@code Cipher "AES/GCM/NoPadding"}: the JDK's (SunJCE, with
 * the AES-NI and GHASH intrinsics) for the default provider, or a given provider's, with packets
 * under a size threshold still on the JDK's (the native provider: AWS-LC through ACCP from 128
 * bytes, where the JDK's intrinsic no longer beats the fixed cost of a call into native code).
 * Every operation calls {@code init} with the <em>same</em> {@link SecretKeySpec} object and a
 * fresh {@link GCMParameterSpec}, then one {@code doFinal}; SunJCE (and ACCP) notice the unchanged
 * key and skip the key expansion, so per-packet cost is the GCM work itself. The JDK-only context
 * creates its cipher at once; one with a provider creates each of its two on first use, so a
 * context that only ever sees one size class holds one.
 *
 * <p><b>Nonce reuse.</b> The JCE refuses to encrypt twice in a row under the same key and nonce;
 * {@link #seal} reports that as an {@link IllegalStateException}. ZSSP never does this legitimately
 * (the session counter owns nonce uniqueness). With two ciphers, each refuses on its own side of
 * the threshold; a seal on one side and then the other is not compared.
 *
 * <p><b>Failed open.</b> SunJCE verifies the tag (in constant time) before it writes any plaintext,
 * so on failure the output range, and an in-place input, are left untouched; ACCP zeroes the output
 * range. Neither ever exposes unauthenticated plaintext.
 *
 * <p><b>Key material.</b> This context keeps no key array of its own: the {@code SecretKeySpec}
 * holds a copy, and the ciphers keep the raw key and the expanded key schedule internally (ACCP's
 * native context is freed when its cipher is collected). None of these copies can be erased through
 * public JDK 17 APIs, so {@link #destroy()} only drops our references (leaving them to the garbage
 * collector) and makes the context unusable.
 *
 * <p>Not thread-safe: one owner at a time.
 */
public final class JcaAes256Gcm implements Aes256Gcm {
  private static final int TAG_BITS = TAG_SIZE_IN_BYTES * 8;
  private static final String TRANSFORMATION = "AES/GCM/NoPadding";

  /** The cipher's provider; null for the JDK's. */
  private final Provider provider;

  /** Packets whose plaintext is shorter than this go to the JDK's cipher (0: none). */
  private final int jdkBelow;

  /** The provider cipher's parameters: two for seals and two for opens, each pair used in turn. */
  private final NonceSpec[] sealSpecs;

  private final NonceSpec[] openSpecs;
  private int nextSeal;
  private int nextOpen;

  private SecretKeySpec keySpec;
  private Cipher cipher;
  private Cipher jdkCipher;
  private boolean destroyed;

  /** Keys a context on the JDK's cipher alone; {@code key} is copied and may be wiped. */
  JcaAes256Gcm(byte[] key) {
    JdkAes256.checkKey(key);
    this.provider = null;
    this.jdkBelow = 0;
    this.keySpec = new SecretKeySpec(key, "AES");
    this.cipher = JdkAes256.newCipher(TRANSFORMATION);
    this.sealSpecs = null;
    this.openSpecs = null;
  }

  /**
   * Keys a context on {@code provider}'s cipher; {@code key} is copied and may be wiped.
   *
   * @param provider the provider object of the cipher (never registered with the JCA)
   * @param jdkBelow packets with fewer plaintext bytes go to the JDK's cipher instead (0: none)
   */
  public JcaAes256Gcm(byte[] key, Provider provider, int jdkBelow) {
    JdkAes256.checkKey(key);
    this.provider = Objects.requireNonNull(provider, "provider");
    this.jdkBelow = jdkBelow;
    this.keySpec = new SecretKeySpec(key, "AES");
    this.sealSpecs = new NonceSpec[] {new NonceSpec(), new NonceSpec()};
    this.openSpecs = new NonceSpec[] {new NonceSpec(), new NonceSpec()};
  }

  @Override
  public int seal(byte[] nonce, byte[] aad, byte[] in, int inOff, int len, byte[] out, int outOff) {
    checkUsable();
    checkNonce(nonce);
    Objects.checkFromIndexSize(inOff, len, in.length);
    Objects.checkFromIndexSize(outOff, len + TAG_SIZE_IN_BYTES, out.length);
    try {
      Cipher c = cipherFor(len);
      c.init(Cipher.ENCRYPT_MODE, keySpec, parameters(c, nonce, true));
      if (aad != null && aad.length > 0) {
        c.updateAAD(aad);
      }
      return c.doFinal(in, inOff, len, out, outOff);
    } catch (InvalidAlgorithmParameterException e) {
      if (sealSpecs != null) {
        // The provider may still hold either array; fresh ones keep the next seal from writing
        // into the one it compares against (which would refuse a new nonce as a repeat).
        sealSpecs[0] = new NonceSpec();
        sealSpecs[1] = new NonceSpec();
      }
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
      Cipher c = cipherFor(len - TAG_SIZE_IN_BYTES);
      c.init(Cipher.DECRYPT_MODE, keySpec, parameters(c, nonce, false));
      if (aad != null && aad.length > 0) {
        c.updateAAD(aad);
      }
      return c.doFinal(in, inOff, len, out, outOff);
    } catch (AEADBadTagException e) {
      return -1;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM open failed unexpectedly", e);
    }
  }

  /** The cipher for a packet of {@code plaintextLen} bytes. */
  private Cipher cipherFor(int plaintextLen) {
    if (provider == null) {
      return cipher;
    }
    return plaintextLen < jdkBelow ? jdkCipher() : cipher();
  }

  /**
   * The parameters for {@code c}: the next of this direction's reused specs for the provider's
   * cipher (see {@link NonceSpec}), a fresh spec for the JDK's.
   */
  private GCMParameterSpec parameters(Cipher c, byte[] nonce, boolean sealing) {
    if (provider == null || c == jdkCipher) {
      return new GCMParameterSpec(TAG_BITS, nonce);
    }
    NonceSpec spec;
    if (sealing) {
      spec = sealSpecs[nextSeal];
      nextSeal ^= 1;
    } else {
      spec = openSpecs[nextOpen];
      nextOpen ^= 1;
    }
    return spec.set(nonce);
  }

  /** The provider's cipher (the JDK's if there is no provider, created with the context). */
  private Cipher cipher() {
    Cipher c = cipher;
    if (c == null) {
      try {
        c = Cipher.getInstance(TRANSFORMATION, provider);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(provider.getName() + " lacks " + TRANSFORMATION, e);
      }
      cipher = c;
    }
    return c;
  }

  /** The JDK's cipher for packets under the threshold. */
  private Cipher jdkCipher() {
    Cipher c = jdkCipher;
    if (c == null) {
      c = JdkAes256.newCipher(TRANSFORMATION);
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
    return destroyed ? "JcaAes256Gcm[destroyed]" : "JcaAes256Gcm[key=<redacted>]";
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

  /**
   * A {@link GCMParameterSpec} for the provider's cipher whose {@link #getIV()} returns this
   * context's nonce buffer instead of a copy, so a packet allocates no parameter objects (ACCP
   * otherwise costs a spec and two nonce copies, about 100 bytes per packet; SunJCE allocates about
   * a kilobyte per {@code init} whatever it is given, so the JDK's cipher keeps plain specs). The
   * provider may keep the array of the last encryption to refuse the same nonce twice in a row
   * (ACCP does): that is why seals take turns between two of these and opens between two others, so
   * the array a provider kept is never overwritten before the next call compares against it, and
   * why a refused seal replaces both seal specs. Sharing the array can only make the provider
   * refuse a nonce it should accept, never accept a repeat: the array it compares against is
   * overwritten only with the nonce being checked. The buffer is a public nonce, not a secret.
   */
  private static final class NonceSpec extends GCMParameterSpec {
    private final byte[] nonce = new byte[NONCE_SIZE_IN_BYTES];

    NonceSpec() {
      super(TAG_BITS, new byte[NONCE_SIZE_IN_BYTES]);
    }

    NonceSpec set(byte[] value) {
      System.arraycopy(value, 0, nonce, 0, NONCE_SIZE_IN_BYTES);
      return this;
    }

    @Override
    public byte[] getIV() {
      return nonce;
    }
  }
}
