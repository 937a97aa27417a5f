package io.zssp.crypto.testing;

import io.zssp.crypto.RandomSource;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * The NIST PQC known-answer-test {@code randombytes}: AES-256 CTR_DRBG without a derivation
 * function, as in the submission package's {@code rng.c}. Test-only and deterministic: never use it
 * for real keys.
 */
public final class NistKatDrbg implements RandomSource {
  private final byte[] key = new byte[32];
  private final byte[] v = new byte[16];

  /** randombytes_init(entropy, NULL, 256): entropy is 48 bytes. */
  public NistKatDrbg(byte[] entropy48) {
    if (entropy48.length != 48) {
      throw new IllegalArgumentException("expected 48-byte DRBG seed, got " + entropy48.length);
    }
    update(entropy48);
  }

  @Override
  public synchronized void nextBytes(byte[] out, int off, int len) {
    byte[] block = new byte[16];
    while (len > 0) {
      increment();
      aes(v, block);
      int n = Math.min(16, len);
      System.arraycopy(block, 0, out, off, n);
      off += n;
      len -= n;
    }
    update(null);
  }

  private void update(byte[] provided) {
    byte[] temp = new byte[48];
    byte[] block = new byte[16];
    for (int i = 0; i < 3; i++) {
      increment();
      aes(v, block);
      System.arraycopy(block, 0, temp, 16 * i, 16);
    }
    if (provided != null) {
      for (int i = 0; i < 48; i++) {
        temp[i] ^= provided[i];
      }
    }
    System.arraycopy(temp, 0, key, 0, 32);
    System.arraycopy(temp, 32, v, 0, 16);
  }

  private void increment() {
    for (int j = 15; j >= 0; j--) {
      if (++v[j] != 0) {
        break;
      }
    }
  }

  private void aes(byte[] in, byte[] out) {
    try {
      Cipher c = Cipher.getInstance("AES/ECB/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"));
      c.doFinal(in, 0, 16, out, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
