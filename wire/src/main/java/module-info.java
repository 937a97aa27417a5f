/**
 * The wire code both ZSSP implementations share, so that there is one truth for the bytes: the
 * fragment header, canonical fragmentation, nonces and key ids, the Noise symmetric state, the XK
 * and KK handshake messages, the anti-replay window and the challenge. Pure and stateless apart
 * from small single-owner value objects; every state machine decision stays in the implementations.
 * Exported only to them: it is not an API.
 */
module io.zssp.wire {
  requires transitive io.zssp.api;
  requires io.zssp.crypto;

  exports io.zssp.wire to
      io.zssp.reference,
      io.zssp.engine;
}
