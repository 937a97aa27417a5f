package io.zssp.conformance.sim;

import io.zssp.crypto.RandomSource;
import java.util.SplittableRandom;

/**
 * An INSECURE, seeded {@link RandomSource}, so that a simulated peer's keys, key ids and rekey
 * jitter are a function of the scenario seed: a failing seed replays exactly. Never use outside
 * tests. Thread-safe (synchronized), although a simulation drives each peer from one thread.
 */
final class SeededRandomSource implements RandomSource {
  private final SplittableRandom random;

  SeededRandomSource(long seed) {
    this.random = new SplittableRandom(seed);
  }

  @Override
  public synchronized void nextBytes(byte[] out, int off, int len) {
    int i = 0;
    while (i < len) {
      long v = random.nextLong();
      for (int b = 0; b < 8 && i < len; b++, i++) {
        out[off + i] = (byte) (v >>> (8 * b));
      }
    }
  }

  @Override
  public synchronized long nextLong() {
    return random.nextLong();
  }
}
