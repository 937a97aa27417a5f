package io.zssp.udp;

import io.zssp.api.DatagramSender;
import io.zssp.api.PeerAddress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.function.BooleanSupplier;

/**
 * The {@link DatagramSender} a {@link UdpEndpoint} installs: writes each datagram to the endpoint's
 * non-blocking channel, never waits, and returns false (counted) when the socket refuses it. Called
 * on whatever thread made the context call; {@link DatagramChannel} serializes concurrent writers.
 */
final class UdpEndpointSender implements DatagramSender {
  private final DatagramChannel channel;
  private final UdpEndpointCounters counters;
  private final BooleanSupplier closing;

  UdpEndpointSender(
      DatagramChannel channel, UdpEndpointCounters counters, BooleanSupplier closing) {
    this.channel = channel;
    this.counters = counters;
    this.closing = closing;
  }

  @Override
  public boolean send(PeerAddress to, byte[] datagram, int off, int len) {
    // An interrupted thread's channel operation would close the channel for everyone: set the
    // caller's interrupt aside for the write and restore it after.
    boolean interrupted = Thread.interrupted();
    try {
      if (channel.send(ByteBuffer.wrap(datagram, off, len), to.toInetSocketAddress()) == len) {
        counters.sent.increment();
        return true;
      }
      counters.sendFailures.increment(); // no buffer space: ZSSP's own timers cover the loss
      return false;
    } catch (IOException | RuntimeException e) { // I/O error, closed, unsendable address
      if (closing.getAsBoolean()) {
        counters.sendFailures.increment();
      } else {
        counters.report(counters.sendFailures, e);
      }
      return false;
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
