package io.zssp.crypto;

import javax.security.auth.Destroyable;

/**
 * Raw AES-256 on exactly one 16-byte block, in the direction the context was created for (ZSSP
 * header protection, bytes 4..20 of every fragment). Not thread-safe: one owner at a time.
 */
public interface Aes256Block extends Destroyable {
  /** Block size. */
  int BLOCK_SIZE_IN_BYTES = 16;

  /**
   * Transforms {@code in[inOff, inOff+16)} into {@code out[outOff, outOff+16)}. The ranges may be
   * the same (in place). Neither array is retained.
   */
  void processBlock(byte[] in, int inOff, byte[] out, int outOff);

  /** Drops the key (where the JVM allows, the copies are erased); the context becomes unusable. */
  @Override
  void destroy();

  @Override
  boolean isDestroyed();
}
