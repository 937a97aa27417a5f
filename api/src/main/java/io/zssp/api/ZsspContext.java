package io.zssp.api;

import io.zssp.crypto.P384PublicKey;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * A sans-IO ZSSP endpoint: one static identity, any number of sessions. Datagrams come in through
 * {@link #receive}, go out through the configured {@link DatagramSender}; {@link #service()} drives
 * the timers. It never opens a socket, starts a thread or reads the wall clock.
 *
 * <p>Created by an implementation's factory (for the reference implementation, {@code
 * io.zssp.reference.ReferenceZssp.newContext(config)}) from a {@link ContextConfig}.
 */
public interface ZsspContext extends AutoCloseable {
  /**
   * Opens a session to the peer with static key {@code remoteStaticKey} at {@code to}: reads the
   * peer's ratchet record, sends X1 and returns the session in state A1.
   *
   * @throws RatchetStoreException if the ratchet record cannot be read (nothing is sent)
   * @throws IllegalStateException if the context is closed
   */
  Session open(P384PublicKey remoteStaticKey, PeerAddress to, OpenOptions options)
      throws RatchetStoreException;

  /**
   * Processes one incoming datagram ({@code datagram[off, off+len)}, not retained). Never throws
   * for any content: invalid input is dropped and counted (see {@link #dropCounts()}).
   */
  void receive(PeerAddress from, byte[] datagram, int off, int len);

  /**
   * {@link #receive(PeerAddress, byte[], int, int)} for the datagram between {@code datagram}'s
   * position and limit, in a heap or a direct buffer (a Netty or NIO caller's). The position moves
   * to the limit; the content is not changed and not retained. Never throws for any content, a null
   * or oversized buffer included (dropped as malformed). A heap buffer is read in place; this
   * default copies a direct buffer's bytes once (implementations may do better).
   */
  default void receive(PeerAddress from, ByteBuffer datagram) {
    if (datagram == null) {
      receive(from, null, 0, 0);
      return;
    }
    int len = datagram.remaining();
    if (datagram.hasArray()) {
      receive(from, datagram.array(), datagram.arrayOffset() + datagram.position(), len);
    } else if (len > ProtocolConstants.MAX_DATAGRAM_SIZE_IN_BYTES) {
      receive(from, null, 0, 0); // malformed; never copied
    } else {
      byte[] copy = new byte[len];
      datagram.get(datagram.position(), copy);
      receive(from, copy, 0, len);
    }
    datagram.position(datagram.limit());
  }

  /**
   * Runs due timers (resends, timeouts, rekeys, expiry of reassembly and half-open state).
   *
   * @return the clock time at which {@code service()} next wants to be called
   */
  long service();

  /** The live sessions (a snapshot). */
  List<Session> sessions();

  /** Drop counts by reason since creation (a snapshot). */
  Map<DropReason, Long> dropCounts();

  /**
   * Counters and occupancy since creation (a snapshot; see {@link ContextStats} for what each one
   * counts). May be called from any thread the context allows, at any time, also after {@link
   * #close()}; it sends nothing and changes nothing.
   */
  ContextStats stats();

  /** Closes every session; idempotent. */
  @Override
  void close();
}
