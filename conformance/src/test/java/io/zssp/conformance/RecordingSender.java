package io.zssp.conformance;

import io.zssp.api.DatagramSender;
import io.zssp.api.PeerAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A {@link DatagramSender} that records every datagram (a copy, since the context may reuse its
 * buffer) with its destination, in emission order; the runner drains it after each step. Every send
 * "succeeds". Thread-safe.
 */
final class RecordingSender implements DatagramSender {
  /** One datagram as handed to the transport. */
  static final class Sent {
    final PeerAddress to;
    final byte[] bytes;

    Sent(PeerAddress to, byte[] bytes) {
      this.to = to;
      this.bytes = bytes;
    }
  }

  private final List<Sent> sent = new ArrayList<>();

  @Override
  public synchronized boolean send(PeerAddress to, byte[] datagram, int off, int len) {
    sent.add(new Sent(to, Arrays.copyOfRange(datagram, off, off + len)));
    return true;
  }

  /** The datagrams sent since the last call. */
  synchronized List<Sent> drain() {
    List<Sent> out = new ArrayList<>(sent);
    sent.clear();
    return out;
  }
}
