package io.zssp.api;

import io.zssp.crypto.P384PublicKey;

/**
 * The application side of a context: decisions (accept, π1) and deliveries (data, events).
 *
 * <p><b>Threading.</b> Callbacks run synchronously on the thread that made the context call ({@code
 * receive}, {@code service}, {@code open}, {@code Session.send}) and may call back into the same
 * context on that thread. Each implementation states what it holds during a callback: the reference
 * implementation holds its context monitor, so a callback must never wait for another thread that
 * calls into the same context (that would deadlock).
 */
public interface ZsspApplication {
  /**
   * π1, Hello Requires Recognized Ratchet: asked per X1 whose fingerprints match no stored ratchet.
   * True drops the X1 silently; false continues with the zero ratchet. Default false.
   */
  default boolean helloRequiresRecognizedRatchet(PeerAddress from) {
    return false;
  }

  /**
   * Bob, at an authenticated X3: accept this peer? Called before the ratchet store is touched.
   *
   * @param identity the identity blob Alice sent (a fresh copy the application may keep)
   */
  AcceptDecision acceptSession(P384PublicKey remoteStaticKey, byte[] identity, PeerAddress from);

  /**
   * Data arrived on {@code session}. {@code payload[off, off+len)} is only valid during the call.
   */
  void onData(Session session, byte[] payload, int off, int len);

  /** Something happened (see {@link ZsspEvent}). Default: ignore. */
  default void onEvent(ZsspEvent event) {}
}
