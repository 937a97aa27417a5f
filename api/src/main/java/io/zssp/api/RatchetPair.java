package io.zssp.api;

import java.util.Objects;

/**
 * The ratchet record stored per peer (ZSSP-SPEC §9.1): {@code state1}, the newest ratchet, and an
 * optional {@code state2}, which exists only while a new ratchet is not yet confirmed by the peer
 * (or after an interrupted handshake). Immutable. Equality (the compare-and-swap test) is by
 * fingerprints and state2 presence, in constant time; ratchet keys are never compared.
 */
public final class RatchetPair {
  /** A peer never seen before: (zero ratchet, none). */
  public static final RatchetPair INITIAL = new RatchetPair(RatchetState.ZERO, null);

  private final RatchetState state1;
  private final RatchetState state2;

  private RatchetPair(RatchetState state1, RatchetState state2) {
    this.state1 = Objects.requireNonNull(state1, "state1");
    this.state2 = state2;
  }

  /** A pair; {@code state2} may be null. */
  public static RatchetPair of(RatchetState state1, RatchetState state2) {
    return new RatchetPair(state1, state2);
  }

  /** The newest ratchet state. */
  public RatchetState state1() {
    return state1;
  }

  /** The older, unconfirmed-transition state, or null. */
  public RatchetState state2() {
    return state2;
  }

  /** Whether {@code fingerprint} is state1's or state2's fingerprint (constant time each). */
  public boolean containsFingerprint(byte[] fingerprint) {
    boolean first = state1.hasFingerprint(fingerprint);
    boolean second = state2 != null && state2.hasFingerprint(fingerprint);
    return first | second;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RatchetPair)) {
      return false;
    }
    RatchetPair p = (RatchetPair) o;
    boolean same1 = state1.equals(p.state1);
    boolean same2 = state2 == null ? p.state2 == null : state2.equals(p.state2);
    return same1 & same2;
  }

  @Override
  public int hashCode() {
    return 31 * state1.hashCode() + (state2 == null ? 0 : state2.hashCode());
  }

  @Override
  public String toString() {
    return "RatchetPair[" + state1 + ", " + (state2 == null ? "none" : state2.toString()) + "]";
  }
}
