package io.zssp.api;

/** When Bob demands the proof-of-work / address-ownership challenge for an X1 (ZSSP-SPEC §12.4). */
public enum ChallengePolicy {
  /** Never (default; the whitepaper recommends this with π1 = 1). */
  OFF,
  /** For every X1 that does not carry a valid answer. */
  ALWAYS,
  /**
   * While the responder is under load (ZSSP-SPEC §15.2): the half-open table more than half full,
   * or more X1s per second reaching public-key work than {@link ContextConfig#x1BudgetPerSecond()};
   * it stops, with hysteresis, once the rate is at most half the budget and the table at most a
   * quarter full.
   */
  UNDER_LOAD
}
