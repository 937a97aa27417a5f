package io.zssp.conformance;

import io.zssp.api.ZsspClock;

/**
 * A settable {@link ZsspClock} for transcript runs: the runner sets it to each step's {@code
 * time_ms} before the step. Like every ZSSP clock it never goes backwards; setting an earlier time
 * is a harness bug and throws. Thread-safe.
 */
public final class VirtualClock implements ZsspClock {
  private volatile long nowMillis;

  /** A clock showing {@code startMillis}. */
  public VirtualClock(long startMillis) {
    this.nowMillis = startMillis;
  }

  @Override
  public long nowMillis() {
    return nowMillis;
  }

  /**
   * Moves the clock to {@code millis}.
   *
   * @throws IllegalArgumentException if that is earlier than the current time
   */
  public synchronized void set(long millis) {
    if (millis < nowMillis) {
      throw new IllegalArgumentException(
          "virtual clock must not go backwards: " + nowMillis + " -> " + millis);
    }
    nowMillis = millis;
  }

  @Override
  public String toString() {
    return "VirtualClock[" + nowMillis + " ms]";
  }
}
