package io.zssp.crypto.testing;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * A test-only {@link io.zssp.crypto.RandomSource} that hands out recorded values, one whole value
 * per draw and in order: recorded {@code randombytes} outputs of the canonical implementation, or
 * chosen scalars. A draw of another length, or one too many, fails with an {@link AssertionError}
 * (a wrong-length draw) or a {@link java.util.NoSuchElementException}. Never use it for real keys.
 */
public final class InsecureScriptedRandom implements io.zssp.crypto.RandomSource {
  private final Deque<byte[]> draws = new ArrayDeque<>();

  /** Hands out {@code values} in order, one per draw. */
  public InsecureScriptedRandom(byte[]... values) {
    draws.addAll(Arrays.asList(values));
  }

  @Override
  public synchronized void nextBytes(byte[] out, int off, int len) {
    byte[] next = draws.removeFirst();
    if (next.length != len) {
      throw new AssertionError("scripted draw of " + next.length + " bytes, asked for " + len);
    }
    System.arraycopy(next, 0, out, off, len);
  }

  /** Whether every value has been drawn. */
  public synchronized boolean isEmpty() {
    return draws.isEmpty();
  }
}
