package io.zssp.crypto.internal;

import io.zssp.crypto.RandomSource;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Objects;

/**
 * A production {@link RandomSource} on a {@link SecureRandom}: the platform's default (on Linux,
 * NativePRNG or DRBG, seeded by the operating system) for the default provider, AWS-LC's {@code
 * LibCryptoRng} for the native one. Thread-safe, because {@code SecureRandom} is. Owns its {@code
 * SecureRandom}; callers own the arrays they pass in.
 */
public final class SecureRandomSource implements RandomSource {
  private final SecureRandom random;

  /** Creates a source backed by a new default {@link SecureRandom}. */
  public SecureRandomSource() {
    this(new SecureRandom());
  }

  /** Creates a source backed by {@code random}, which it then owns. */
  public SecureRandomSource(SecureRandom random) {
    this.random = Objects.requireNonNull(random, "random");
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
    return "SecureRandomSource[" + random.getAlgorithm() + "]";
  }
}
