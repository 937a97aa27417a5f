package io.zssp.api;

/**
 * Where a ZSSP context hands every outgoing datagram (one fragment each). Called synchronously from
 * inside {@code open}, {@code receive}, {@code service} and {@code Session.send}.
 *
 * <p><b>Ownership:</b> {@code datagram[off, off+len)} is only valid during the call; an
 * implementation that queues it must copy it. It runs under the same threading rules as {@link
 * ZsspApplication} callbacks, so it must return quickly and never wait on another thread that calls
 * into the same context.
 */
@FunctionalInterface
public interface DatagramSender {
  /**
   * Sends one datagram to {@code to}.
   *
   * @return false if the transport could not send it (it is then counted and reported as {@link
   *     DropReason#SEND_FAILED}, never retried at this layer: ZSSP's own resend timers cover loss)
   */
  boolean send(PeerAddress to, byte[] datagram, int off, int len);
}
