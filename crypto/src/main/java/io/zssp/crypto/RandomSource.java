package io.zssp.crypto;

/**
 * A source of cryptographically secure random bytes. The default wraps {@link
 * java.security.SecureRandom}; tests replace it with a scripted source (for example the NIST
 * AES-256 CTR_DRBG that drives the Kyber known-answer tests). Implementations must be thread-safe.
 */
public interface RandomSource {
  /** Fills {@code out[off, off + len)} with random bytes. */
  void nextBytes(byte[] out, int off, int len);

  /** Fills all of {@code out} with random bytes. */
  default void nextBytes(byte[] out) {
    nextBytes(out, 0, out.length);
  }

  /** A random 64-bit value, read as big-endian from 8 random bytes. */
  default long nextLong() {
    byte[] b = new byte[8];
    nextBytes(b, 0, 8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[i] & 0xff);
    }
    return v;
  }
}
