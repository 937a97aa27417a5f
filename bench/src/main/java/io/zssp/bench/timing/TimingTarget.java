package io.zssp.bench.timing;

import java.util.SplittableRandom;

/**
 * One operation measured on two classes of input. {@link #prepare} builds every input before
 * measuring starts. Before each measurement, {@link #load} (not timed) copies input {@code index}
 * of class {@code cls} into working buffers that are the same for both classes, so the two classes
 * differ in values only, not in addresses; {@link #run} (timed) then performs the operation, or a
 * batch of {@link #batch()} calls on the same input for operations too short for {@link
 * System#nanoTime}, and returns something derived from the result so the JIT cannot drop the work.
 */
public interface TimingTarget {
  /** Short name, for example {@code kyber-decaps-random}. */
  String name();

  /** The provider measured: {@code default}, {@code native} or {@code -} (provider-independent). */
  String provider();

  /** What class 0 and class 1 are, for example {@code valid ct | random ct}. */
  String classes();

  /** Calls per measurement (1 for operations well above the timer's resolution). */
  int batch();

  /** Builds the inputs: {@code poolSize} per class, drawn from {@code random}. */
  void prepare(int poolSize, SplittableRandom random) throws Exception;

  /** Makes input {@code index} (below the pool size) of class {@code cls} the current one. */
  void load(int cls, int index);

  /** Runs the operation (or the batch) on the current input. */
  long run() throws Exception;
}
