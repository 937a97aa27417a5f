package io.zssp.wire;

/**
 * The responder's "under load" signal of ZSSP-SPEC §15.2, which the {@code UNDER_LOAD} challenge
 * policy (§12.4) follows. It engages when the half-open table is more than half full <em>or</em>
 * when more X1s per second would need public-key work than the budget allows (occupancy alone
 * misses a replay flood whose entries never accumulate), and it disengages with hysteresis: only
 * once the rate is at most half the budget and the table at most a quarter full.
 *
 * <p>The rate is counted in whole seconds of the context's clock: the current second's count, or
 * the previous second's if that was higher. No wall clock is read, so simulations stay
 * deterministic. Thread-safe (one monitor, held for a few arithmetic steps).
 */
public final class LoadSignal {
  private final int budgetPerSecond;
  private long second = Long.MIN_VALUE;
  private int thisSecond;
  private int lastSecond;
  private boolean engaged;

  /**
   * @param budgetPerSecond X1s per second that may reach public-key work before the signal engages
   */
  public LoadSignal(int budgetPerSecond) {
    if (budgetPerSecond < 1) {
      throw new IllegalArgumentException("budget must be positive, got " + budgetPerSecond);
    }
    this.budgetPerSecond = budgetPerSecond;
  }

  /**
   * Counts one X1 that would need public-key work: every X1 that reaches the challenge decision
   * (after the size check and de-duplication), whether it is then challenged or processed, so that
   * a flood keeps the signal engaged while it is being challenged.
   */
  public synchronized void countX1(long nowMillis) {
    roll(nowMillis);
    thisSecond++;
  }

  /**
   * Whether the responder is under load now.
   *
   * @param halfOpen live half-open entries
   * @param capacity the half-open table's capacity
   */
  public synchronized boolean underLoad(long nowMillis, int halfOpen, int capacity) {
    roll(nowMillis);
    int rate = Math.max(thisSecond, lastSecond);
    if (!engaged) {
      engaged = rate > budgetPerSecond || 2L * halfOpen > capacity;
    } else if (2L * rate <= budgetPerSecond && 4L * halfOpen <= capacity) {
      engaged = false;
    }
    return engaged;
  }

  private void roll(long nowMillis) {
    long s = Math.floorDiv(nowMillis, 1000);
    if (s != second) {
      lastSecond = s == second + 1 ? thisSecond : 0;
      thisSecond = 0;
      second = s;
    }
  }
}
