package io.zssp.api;

/**
 * Where a ZSSP context hands every outgoing datagram (one fragment each). Called synchronously from
 * inside {@code open}, {@code receive}, {@code service} and {@code Session.send}.
 *
 * <p><b>Ownership:</b> {@code datagram[off, off+len)} is only valid during the call; an
 * implementation that queues it must copy it. The context never calls this while holding a lock
 * that another context call could need, but implementations should still return quickly.
 */
@FunctionalInterface
public interface DatagramSender {
  /**
   * Sends one datagram to {@code to}.
   *
   * @return false if the transport could not send it (it is then counted and reported, never
   *     retried at this layer: ZSSP's own resend timers cover loss)
   */
  boolean send(PeerAddress to, byte[] datagram, int off, int len);
}
