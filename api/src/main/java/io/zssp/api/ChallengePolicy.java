package io.zssp.api;

/** When Bob demands the proof-of-work / address-ownership challenge for an X1 (ZSSP-SPEC §12.4). */
public enum ChallengePolicy {
  /** Never (default; the whitepaper recommends this with π1 = 1). */
  OFF,
  /** For every X1 that does not carry a valid answer. */
  ALWAYS,
  /** While the half-open handshake table is more than half full. */
  UNDER_LOAD
}
