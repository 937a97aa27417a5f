package io.zssp.crypto.accp;

import io.zssp.crypto.RandomSource;
import java.security.NoSuchAlgorithmException;
import java.security.Provider;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * A {@link RandomSource} on AWS-LC's generator (ACCP's {@code SecureRandom "LibCryptoRng"}: a
 * per-thread CTR-DRBG seeded from the operating system), the same generator that makes ACCP's P-384
 * keys. Thread-safe without a shared lock. Owns its {@code SecureRandom}; callers own the arrays
 * they pass in.
 */
final class LibCryptoRandomSource implements RandomSource {
  private final SecureRandom random;

  LibCryptoRandomSource(Provider accp) {
    try {
      this.random = SecureRandom.getInstance("LibCryptoRng", Objects.requireNonNull(accp, "accp"));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("ACCP lacks its LibCryptoRng generator", e);
    }
  }

  @Override
  public void nextBytes(byte[] out, int off, int len) {
    Objects.checkFromIndexSize(off, len, out.length);
    if (off == 0 && len == out.length) {
      random.nextBytes(out);
      return;
    }
    byte[] tmp = new byte[len];
    try {
      random.nextBytes(tmp);
      System.arraycopy(tmp, 0, out, off, len);
    } finally {
      Arrays.fill(tmp, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "LibCryptoRandomSource[AWS-LC]";
  }
}
