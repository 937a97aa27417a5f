package io.zssp.api;

/**
 * The application's answer when Bob is asked whether to accept an authenticated X3 (ZSSP-SPEC
 * §9.7): accept with π3 (responder disallows downgrade), or reject, with π4 (silently) either way.
 * Immutable.
 */
public final class AcceptDecision {
  private final boolean accept;
  private final boolean disallowDowngrade;
  private final boolean silentReject;
  private final Object attachment;

  private AcceptDecision(
      boolean accept, boolean disallowDowngrade, boolean silentReject, Object attachment) {
    this.accept = accept;
    this.disallowDowngrade = disallowDowngrade;
    this.silentReject = silentReject;
    this.attachment = attachment;
  }

  /**
   * Accept the session.
   *
   * @param disallowDowngrade π3: reject if Alice presented no ratchet of this peer's record
   * @param silentReject π4: if the ratchet check then rejects, send no D
   * @param attachment application data attached to the new session (may be null)
   */
  public static AcceptDecision accept(
      boolean disallowDowngrade, boolean silentReject, Object attachment) {
    return new AcceptDecision(true, disallowDowngrade, silentReject, attachment);
  }

  /** Accept with all flags off (opportunistic mode) and no attachment. */
  public static AcceptDecision accept() {
    return accept(false, false, null);
  }

  /** Reject; with {@code silently} (π4) no D packet is sent. */
  public static AcceptDecision reject(boolean silently) {
    return new AcceptDecision(false, false, silently, null);
  }

  public boolean isAccepted() {
    return accept;
  }

  public boolean disallowDowngrade() {
    return disallowDowngrade;
  }

  public boolean silentReject() {
    return silentReject;
  }

  public Object attachment() {
    return attachment;
  }
}
