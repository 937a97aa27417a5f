package io.zssp.api;

/** The fixed role of a session in its initial Noise XK handshake. */
public enum Role {
  /** Alice: opened the session. */
  INITIATOR,
  /** Bob: accepted the session. */
  RESPONDER
}
