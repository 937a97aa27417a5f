package io.zssp.api;

/**
 * The states of one session, named as in the whitepaper's automaton (ZSSP-SPEC §11.1). A
 * responder's half-open handshake (B2) is not a session and has no state here.
 */
public enum SessionState {
  /** Alice: X1 sent, waiting for X2. */
  A1,
  /** Alice: X3 sent, waiting for C1 (or D). */
  A3,
  /** New keys in use, waiting for C2 (Bob after X3; the KK initiator after K2). */
  S1,
  /** Established and idle. */
  S2,
  /** KK initiator: K1 sent, waiting for K2. */
  R1,
  /** KK responder: K2 sent, waiting for C1. */
  R2,
  /** Expired or closed (the whitepaper's ⊥); terminal. */
  CLOSED;

  /** Whether application data may be sent in this state (§11.6). */
  public boolean canSend() {
    return this == S1 || this == S2 || this == R1 || this == R2;
  }
}
