package io.zssp.udp;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * The transport counters of one {@link UdpEndpoint} and its error reporting. Thread-safe: any
 * thread counts, {@link #snapshot()} reads.
 */
final class UdpEndpointCounters {
  final LongAdder received = new LongAdder();
  final LongAdder sent = new LongAdder();
  final LongAdder sendFailures = new LongAdder();
  final LongAdder receiveErrors = new LongAdder();
  final LongAdder contextFailures = new LongAdder();
  private final Consumer<Throwable> errorListener;

  UdpEndpointCounters(Consumer<Throwable> errorListener) {
    this.errorListener = errorListener;
  }

  /**
   * Counts {@code t} on {@code counter} and hands it to the error listener (which may not throw).
   */
  void report(LongAdder counter, Throwable t) {
    counter.increment();
    try {
      errorListener.accept(t);
    } catch (RuntimeException | Error ignored) {
      // the listener's own failure is not the endpoint's
    }
  }

  UdpEndpointStats snapshot() {
    return new UdpEndpointStats(
        received.sum(), sent.sum(), sendFailures.sum(), receiveErrors.sum(), contextFailures.sum());
  }
}
