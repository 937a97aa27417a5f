package io.zssp.api;

/**
 * Why an incoming datagram or packet was dropped (ZSSP-SPEC §1.2: a drop changes no state and sends
 * nothing). Every drop is counted under exactly one reason, visible through {@link
 * ZsspContext#dropCounts()} and as a {@link ZsspEvent.Dropped} event.
 */
public enum DropReason {
  /** Shorter than 32 bytes (a header and a tag), or longer than the largest accepted datagram. */
  MALFORMED_DATAGRAM,
  /** The key id matches no session and no half-open handshake. */
  UNKNOWN_KEY_ID,
  /** Fragment number/count invalid (count 0 or above 48, number not below count). */
  BAD_FRAGMENT_HEADER,
  /** Packet type not allowed for this key id or state (the header-nonce check, "Vrfy"). */
  INVALID_HEADER_NONCE,
  /** Counter outside the anti-replay window, or already used. */
  REPLAYED,
  /** A fragment was inconsistent with the others of its packet, duplicated, or evicted. */
  REASSEMBLY,
  /** The assembled packet has the wrong size for its type. */
  WRONG_SIZE,
  /** The packet is valid in general but not in the session's current state. */
  WRONG_STATE,
  /** AEAD tag or handshake authentication failed. */
  AUTHENTICATION_FAILED,
  /**
   * A public key in a handshake message was malformed: a P-384 key that did not decode to a valid
   * point, or a Kyber key with a coefficient not below q (ZSSP-SPEC B20).
   */
  INVALID_PUBLIC_KEY,
  /** A key id of zero where a real one is required. */
  ZERO_KEY_ID,
  /** X1 without a recognized ratchet fingerprint while the application requires one (π1). */
  UNRECOGNIZED_RATCHET,
  /** X1 answered with a challenge instead of processing it (ZCP). */
  CHALLENGE_ISSUED,
  /** A challenge that does not answer our current X1, or arrived in the wrong state. */
  CHALLENGE_MISMATCH,
  /** The half-open handshake table evicted or refused an entry. */
  HALF_OPEN_LIMIT,
  /**
   * An identical copy of an X1 that is already being answered, dropped with no public-key work
   * (ZSSP-SPEC §14.2 de-duplication): a copy from a different source while a live half-open
   * handshake exists for it (a copy from the same source is answered with the stored X2 instead),
   * or any copy while the first one is still queued or being worked on (before its X2 exists).
   */
  DUPLICATE_HELLO,
  /**
   * An X1 or X3 that needed public-key work arrived while the engine's bounded handshake queue was
   * full: dropped at once, never queued without bound. The initiator's resend retries.
   */
  HANDSHAKE_QUEUE_FULL,
  /**
   * An authenticated X3 refused because the responder is at a session cap (the engine's {@code
   * EngineLimits}): the initiator sees a rejection, and no ratchet is written.
   */
  SESSION_LIMIT,
  /** The ratchet store failed or reported a compare-and-swap conflict. */
  RATCHET_STORE,
  /**
   * A late resend of X3 after the session already exists (normal, not an attack), or an X3 whose
   * half-open entry is older than one whose X3 already made a session with the same peer (a
   * straggler of an abandoned attempt, dropped so that it cannot roll the ratchet back).
   */
  LATE_HANDSHAKE_RESEND,
  /** The context is closed. */
  CONTEXT_CLOSED,
  /**
   * Outgoing: the {@link DatagramSender} reported that it could not send a datagram (reported with
   * the destination as {@code from}). ZSSP's own resend timers cover the loss.
   */
  SEND_FAILED,
  /**
   * An exception escaped the protocol code or an application callback while processing the
   * datagram. Always a bug (ours or the application's); the datagram is dropped and the context
   * stays usable. Tests assert this count stays zero.
   */
  INTERNAL_ERROR
}
