package io.zssp.api;

import io.zssp.crypto.P384PublicKey;

/**
 * One side of one ZSSP conversation (one instance of the whitepaper's ζ). Obtained from {@link
 * ZsspContext#open} (Alice) or from a {@link ZsspEvent.SessionEstablished} event (Bob). Owned by
 * its context; the application holds it to send and to close. Thread-safety is that of its context.
 */
public interface Session {
  /** This side's role in the initial handshake. */
  Role role();

  /** The current state. */
  SessionState state();

  /** The peer's static public key. */
  P384PublicKey remoteStaticKey();

  /** Where datagrams for this session are sent. */
  PeerAddress remoteAddress();

  /** The application attachment (Alice: from {@link OpenOptions}; Bob: from the AcceptDecision). */
  Object attachment();

  /** The largest payload {@link #send} accepts at this session's MTU. */
  int maxPayloadSize();

  /**
   * Encrypts, fragments and sends {@code data[off, off+len)} (not retained).
   *
   * @throws DataTooLargeException if {@code len} exceeds {@link #maxPayloadSize()} (nothing sent)
   * @throws IllegalStateException if the state does not allow sending (A1, A3, CLOSED)
   */
  void send(byte[] data, int off, int len) throws DataTooLargeException;

  /** Closes the session locally (ZSSP has no close packet); idempotent. */
  void close();
}
