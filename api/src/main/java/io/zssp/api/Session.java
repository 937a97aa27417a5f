package io.zssp.api;

import io.zssp.crypto.P384PublicKey;
import java.nio.ByteBuffer;

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

  /**
   * How long the initial handshake took, in milliseconds of the context's clock: from this
   * session's first handshake message (Alice: the X1 sent by {@link ZsspContext#open}, resends and
   * restarts not counted; Bob: the X1 received) to its establishment (Alice: C1 received; Bob: X3
   * accepted). -1 until the session is established. Rekeys do not change it.
   */
  long handshakeMillis();

  /** The largest payload {@link #send} accepts at this session's MTU. */
  int maxPayloadSize();

  /**
   * Encrypts, fragments and sends {@code data[off, off+len)} (not retained).
   *
   * @throws DataTooLargeException if {@code len} exceeds {@link #maxPayloadSize()} (nothing sent)
   * @throws IllegalStateException if the state does not allow sending (A1, A3, CLOSED)
   */
  void send(byte[] data, int off, int len) throws DataTooLargeException;

  /**
   * {@link #send(byte[], int, int)} for the bytes between {@code data}'s position and limit, from a
   * heap or a direct buffer (a Netty or NIO caller's). On success the position moves to the limit;
   * on an exception the buffer is unchanged. The content is not changed and not retained. A heap
   * buffer is sealed straight from its array; this default copies a direct buffer's bytes once
   * (implementations may do better).
   *
   * @throws DataTooLargeException if more bytes remain than {@link #maxPayloadSize()} (for a direct
   *     buffer this is checked first, before the state)
   * @throws IllegalStateException if the state does not allow sending (A1, A3, CLOSED)
   */
  default void send(ByteBuffer data) throws DataTooLargeException {
    int len = data.remaining();
    if (data.hasArray()) {
      send(data.array(), data.arrayOffset() + data.position(), len);
    } else {
      if (len > maxPayloadSize()) {
        throw new DataTooLargeException(len, maxPayloadSize()); // before copying it
      }
      byte[] copy = new byte[len];
      data.get(data.position(), copy);
      send(copy, 0, len);
    }
    data.position(data.limit());
  }

  /** Closes the session locally (ZSSP has no close packet); idempotent. */
  void close();
}
