package io.zssp.crypto.testing;

import io.zssp.crypto.RandomSource;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A deterministic, test-only {@link RandomSource}: SHA-512 in counter mode over a label, so two
 * sources with the same label produce the same stream. Never use it for real keys.
 */
public final class InsecureCounterRandom implements RandomSource {
  private final MessageDigest sha;
  private final byte[] label;
  private long counter;

  /** A stream determined by {@code label}. */
  public InsecureCounterRandom(String label) {
    this.label = label.getBytes(StandardCharsets.US_ASCII);
    try {
      this.sha = MessageDigest.getInstance("SHA-512");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public synchronized void nextBytes(byte[] out, int off, int len) {
    while (len > 0) {
      sha.update(label);
      byte[] block = sha.digest(ByteBuffer.allocate(8).putLong(counter++).array());
      int n = Math.min(len, block.length);
      System.arraycopy(block, 0, out, off, n);
      off += n;
      len -= n;
    }
  }
}
