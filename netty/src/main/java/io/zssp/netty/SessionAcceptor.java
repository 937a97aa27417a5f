package io.zssp.netty;

import io.zssp.api.AcceptDecision;
import io.zssp.api.PeerAddress;
import io.zssp.crypto.P384PublicKey;

/**
 * The decisions a {@link ZsspTransport}'s application must make itself (the data and the events go
 * to the pipeline): whether to accept an authenticated peer (ZSSP-SPEC §9.7) and π1. Called on the
 * thread that processes the handshake (an event loop, or a handshake worker of the engine), so it
 * must be thread-safe when the transport has several channels, return quickly and not block. An
 * exception it throws rejects the session silently and is reported to the pipeline ({@code
 * exceptionCaught}).
 */
@FunctionalInterface
public interface SessionAcceptor {
  /**
   * Bob, at an authenticated X3: accept this peer?
   *
   * @param identity the identity blob Alice sent (a fresh copy the acceptor may keep)
   */
  AcceptDecision acceptSession(P384PublicKey remoteStaticKey, byte[] identity, PeerAddress from);

  /**
   * π1, asked per X1 whose fingerprints match no stored ratchet: true drops it silently. Default
   * false (the handshake continues with the zero ratchet).
   */
  default boolean helloRequiresRecognizedRatchet(PeerAddress from) {
    return false;
  }

  /** Accepts every authenticated peer, all flags off (opportunistic mode). */
  static SessionAcceptor acceptAll() {
    return (key, identity, from) -> AcceptDecision.accept();
  }

  /** Refuses every incoming session without a word (π4): for a side that only opens sessions. */
  static SessionAcceptor rejectAll() {
    return (key, identity, from) -> AcceptDecision.reject(true);
  }
}
