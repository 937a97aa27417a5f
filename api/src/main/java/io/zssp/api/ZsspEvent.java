package io.zssp.api;

/**
 * Everything a context reports to the application besides data (ZSSP-SPEC §11.8), delivered through
 * {@link ZsspApplication#onEvent}. Events carry no secrets.
 */
public sealed interface ZsspEvent {
  /**
   * A session is established: Alice on C1 (Established), Bob on an accepted X3 (NewSession, or
   * NewDowngradedSession when {@code downgraded}: the zero ratchet was accepted although a record
   * existed, π3 = 0).
   */
  record SessionEstablished(Session session, boolean downgraded) implements ZsspEvent {}

  /**
   * Alice: the zero-key fallback succeeded on X2 (DowngradedRatchetKey): ratchet continuity lost.
   */
  record DowngradeWarning(Session session) implements ZsspEvent {}

  /** A KK rekey completed (initiator on C2, responder on C1); the ratchet chain advanced. */
  record Rekeyed(Session session, long chainLength) implements ZsspEvent {}

  /** Alice: Bob rejected the session (D received). The session is closed. */
  record SessionRejected(Session session) implements ZsspEvent {}

  /** A session ended for {@code reason}; it is closed and its keys are wiped. */
  record SessionClosed(Session session, CloseReason reason) implements ZsspEvent {}

  /** Bob answered an X1 from {@code from} with a challenge instead of processing it. */
  record ChallengeIssued(PeerAddress from) implements ZsspEvent {}

  /** Alice solved a challenge for {@code session}; the next X1 resend carries the answer. */
  record ChallengeAnswered(Session session, long hashesComputed) implements ZsspEvent {}

  /**
   * A datagram or packet was dropped. {@code session} is the session it was addressed to, or null
   * (unknown key id, X1, challenge).
   */
  record Dropped(DropReason reason, PeerAddress from, Session session) implements ZsspEvent {}

  /** Why a session closed. */
  enum CloseReason {
    /** The application closed it. */
    CLOSED_BY_APPLICATION,
    /** The peer rejected it (D). */
    REJECTED_BY_PEER,
    /** S1, R1 or R2 timed out. */
    TIMED_OUT,
    /** A K1/K2 authenticated at the outer layer but failed inside. */
    REKEY_FAILED,
    /** The ratchet store reported a conflict or failure at a write that must not fail. */
    RATCHET_STORE_FAILURE,
    /** A key reached its hard use limit (2^32 − 1) or the counter would wrap. */
    KEY_EXHAUSTED,
    /**
     * During a rekey this side started (R1), the peer opened a new handshake whose hello shows that
     * it stored the rekey's new ratchet and then lost the session (its rf1 is unknown here, its rf2
     * is this rekey's psk0): the rekey is abandoned so that its late K2 cannot fork the ratchet
     * chain (docs/MODEL.md, "Forks", rule 4).
     */
    REKEY_ABANDONED_BY_PEER,
    /** The context was closed. */
    CONTEXT_CLOSED
  }
}
