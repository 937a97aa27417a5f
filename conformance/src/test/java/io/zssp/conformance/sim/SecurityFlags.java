package io.zssp.conformance.sim;

/**
 * The four security flags of ZSSP-SPEC §9.7 as one peer's application sets them: π1 (its responder
 * drops X1 without a recognized ratchet), π2 (its initiator sessions refuse the zero-key fallback),
 * π3 (its responder rejects a zero ratchet when it holds a record) and π4 (its rejections are
 * silent).
 */
record SecurityFlags(boolean pi1, boolean pi2, boolean pi3, boolean pi4) {
  /** All flags 0. */
  static final SecurityFlags OPPORTUNISTIC = new SecurityFlags(false, false, false, false);

  /** π1 = π2 = π3 = 1, rejections answered with D (π4 = 0). */
  static final SecurityFlags STRICT = new SecurityFlags(true, true, true, false);
}
